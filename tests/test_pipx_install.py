"""`pipx install .` gives a working `otklik` (the README's first command)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from companion.server import free_port, probe


@pytest.mark.slow
def test_pipx_install_and_serve(tmp_path):
    pipx = shutil.which("pipx")
    cmd = [pipx] if pipx else [sys.executable, "-m", "pipx"]
    if not pipx:
        pytest.importorskip("pipx", reason="pipx is installed by scripts/test.sh")
    env = {
        **os.environ,
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
        "OTKLIK_DATA_DIR": str(tmp_path / "data"),
        "OTKLIK_NO_BROWSER": "1",  # never a browser from a test
    }
    subprocess.run(
        [*cmd, "install", str(ROOT)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    otklik = tmp_path / "bin" / "otklik"
    version = subprocess.run(
        [otklik, "--version"], env=env, capture_output=True, text=True, check=True
    )
    assert "otklik" in version.stdout
    port = free_port()
    proc = subprocess.Popen(
        [otklik, "serve", "--port", str(port), "--no-browser"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and health is None:
            if proc.poll() is not None:
                pytest.fail(f"otklik serve exited: {proc.stdout.read()}")
            health = probe("127.0.0.1", port, timeout=0.5)
            time.sleep(0.1)
        assert health and health["name"] == "otklik"
        # The shipped models come with the package, not from the source tree.
        assert health["models"]["tone"] != "unavailable", health
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
