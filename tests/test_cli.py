"""The `otklik` command: version, data dir, token, status."""

from __future__ import annotations

import json
import os
import stat

from companion import __version__
from companion.cli import cli


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_token_is_stable_then_rotates(runner, tmp_path):
    base = tmp_path / "d"
    first = runner.invoke(cli, ["--data-dir", str(base), "token"]).output.strip()
    again = runner.invoke(cli, ["--data-dir", str(base), "token"]).output.strip()
    assert first == again and len(first) >= 24
    rotated = runner.invoke(cli, ["--data-dir", str(base), "token", "--rotate"])
    assert rotated.exit_code == 0
    assert rotated.stdout.strip() != first
    assert stat.S_IMODE(os.stat(base / "token").st_mode) == 0o600


def test_data_dir_from_environment(runner, data_dir):
    result = runner.invoke(cli, ["status", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["data_dir"] == str(data_dir.resolve())
    assert info["database"].endswith("otklik.db")
    assert info["running"] is False
    assert {"tone", "persona"} <= set(info["models"])


def test_status_sees_a_running_companion(runner, live_server):
    result = runner.invoke(cli, ["--data-dir", str(live_server.data_dir), "status"])
    assert result.exit_code == 0
    assert f"running on http://127.0.0.1:{live_server.port}" in result.output
    assert str(live_server.data_dir) in result.output
