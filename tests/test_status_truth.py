"""A status that tells the truth, `--data-dir` anywhere, a truthful token message, and
autostart files for the three desktops."""

from __future__ import annotations

import json
import plistlib
import sys
import urllib.request
from pathlib import Path

import pytest

from companion import secrets_store
from companion.cli import cli
from companion.commands import autostart


def test_status_creates_nothing(runner, tmp_path):
    base = tmp_path / "never-used"
    result = runner.invoke(cli, ["status", "--json", "--data-dir", str(base)])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["data_dir"] == str(base) and info["data_dir_exists"] is False
    assert not base.exists()
    text = runner.invoke(cli, ["status", "--data-dir", str(base)]).output
    assert "(does not exist yet)" in text and not base.exists()


def test_status_only_reads_an_existing_data_dir(runner, tmp_path):
    """A stopped data dir with its database: status leaves it as it found it (no
    otklik.db-wal / -shm beside the database, nothing else new), in text and JSON."""
    base = tmp_path / "stopped"
    assert runner.invoke(cli, ["templates", "list", "--data-dir", str(base)]).exit_code == 0
    before = sorted(p.name for p in base.iterdir())
    assert "otklik.db" in before and "otklik.db-wal" not in before
    for args in (["status"], ["status", "--json"]):
        result = runner.invoke(cli, [*args, "--data-dir", str(base)])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in base.iterdir()) == before


def test_status_names_every_models_license(runner):
    out = runner.invoke(cli, ["status"]).output
    models = [line for line in out.splitlines() if line.startswith("model ")]
    licenses = [line for line in out.splitlines() if line.startswith("  license: ")]
    assert [m.split(":")[0] for m in models] == ["model tone", "model persona"]
    assert len(licenses) == 2 and "unknown (Kaggle, none stated)" in licenses[1]


@pytest.mark.parametrize("where", ["before", "after"])
def test_data_dir_before_or_after_the_subcommand(runner, tmp_path, where):
    base = tmp_path / "team"
    args = ["token"]
    args = ["--data-dir", str(base), *args] if where == "before" else [*args, "--data-dir",
                                                                         str(base)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (base / "token").read_text().strip() == result.output.strip()
    listed = runner.invoke(cli, ["templates", "list", "--data-dir", str(base)])
    assert listed.exit_code == 0 and (base / "otklik.db").exists()


def test_status_tells_another_data_dirs_companion_apart(runner, live_server, tmp_path):
    mine = tmp_path / "mine"
    runner.invoke(cli, ["token", "--data-dir", str(mine)])  # a data dir of its own
    port = str(live_server.port)
    other = runner.invoke(cli, ["status", "--data-dir", str(mine), "--port", port, "--json"])
    info = json.loads(other.output)
    assert info["running"] is False and info["other_companion_on_port"] is True
    text = runner.invoke(cli, ["status", "--data-dir", str(mine), "--port", port]).output
    assert f"not running for this data dir (the companion on port {port} serves another" in text

    same = runner.invoke(cli, ["status", "--data-dir", str(live_server.data_dir), "--json"])
    assert json.loads(same.output)["running"] is True


def test_health_gives_a_fingerprint_not_the_path(live_server):
    with urllib.request.urlopen(f"{live_server.url}/api/v1/health") as resp:
        raw = resp.read().decode()
    health = json.loads(raw)
    assert health["data_dir_id"] == secrets_store.data_dir_fingerprint(live_server.data_dir)
    assert len(health["data_dir_id"]) == 16
    assert str(live_server.data_dir) not in raw and live_server.data_dir.name not in raw


def test_rotated_token_works_at_once_as_the_message_says(runner, live_server):
    result = runner.invoke(cli, ["--data-dir", str(live_server.data_dir), "token", "--rotate"])
    assert result.exit_code == 0
    assert "accepts the new one at once (no restart)" in result.output
    new = result.stdout.strip()
    req = urllib.request.Request(
        f"{live_server.url}/api/v1/comments/handled", method="POST",
        data=b'{"platform": "vk", "comment_ids": []}',
        headers={"Authorization": f"Bearer {new}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 200


# -- autostart ----------------------------------------------------------------------------
ARGV = ["/opt/pipx/venvs/otklik/bin/python", "-m", "companion", "--data-dir",
        "/home/оля/my data", "serve", "--port", "8765"]


def test_systemd_unit_contents():
    unit = autostart.systemd_unit(ARGV)
    assert unit.splitlines() == [
        "[Unit]",
        "Description=otklik companion (reply hints for care teams, 127.0.0.1 only)",
        "",
        "[Service]",
        'ExecStart=/opt/pipx/venvs/otklik/bin/python -m companion --data-dir '
        '"/home/оля/my data" serve --port 8765',
        "Restart=on-failure",
        "RestartSec=5",
        "",
        "[Install]",
        "WantedBy=default.target",
    ]


def test_launch_agent_contents(tmp_path):
    plist = plistlib.loads(autostart.launch_agent(ARGV, tmp_path))
    assert plist["Label"] == "org.otklik.companion"
    assert plist["ProgramArguments"] == ARGV
    assert plist["RunAtLoad"] is True and plist["KeepAlive"] == {"SuccessfulExit": False}
    assert plist["StandardErrorPath"] == str(tmp_path / "companion.log")


def test_task_scheduler_command():
    argv = autostart.schtasks_create(ARGV)
    assert argv[:5] == ["schtasks", "/Create", "/TN", "otklik companion", "/TR"]
    assert argv[5] == ('/opt/pipx/venvs/otklik/bin/python -m companion --data-dir '
                       '"/home/оля/my data" serve --port 8765')
    assert argv[6:] == ["/SC", "ONLOGON", "/RL", "LIMITED", "/F"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux path")
def test_enable_writes_the_unit_and_says_what_failed(runner, tmp_path, monkeypatch, data_dir):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no systemctl here
    result = runner.invoke(cli, ["autostart", "enable", "--port", "8799"])
    unit = tmp_path / "config" / "systemd" / "user" / "otklik.service"
    assert unit.exists()
    text = unit.read_text()
    # Started with the computer: no browser tab at every log-on.
    assert f"--data-dir {data_dir} serve --port 8799 --no-browser" in text
    assert text.startswith("[Unit]") and sys.executable in text
    assert result.exit_code == 1
    assert "systemctl not found" in result.output
    assert "systemctl --user enable --now otklik.service" in result.output
    status = runner.invoke(cli, ["autostart", "status"])
    assert "unit written, not enabled" in status.output
    assert runner.invoke(cli, ["autostart", "disable"]).exit_code == 0
    assert not unit.exists()
    assert runner.invoke(cli, ["autostart", "status"]).output.strip() == "autostart: off"


def test_conftest_keeps_tests_off_the_users_port(monkeypatch):
    """No test reads OTKLIK_PORT or the user's data dir: conftest sets both."""
    import os

    assert "OTKLIK_PORT" not in os.environ
    assert Path(os.environ["OTKLIK_DATA_DIR"]).name == "otklik-data"


def test_sigterm_stops_cleanly(live_server):
    """What systemd and launchd send to stop the autostarted companion: no traceback."""
    live_server.stop()
    log = live_server.log.read_text(encoding="utf-8")
    assert "otklik stopped." in log and "Traceback" not in log
    # No running process is recorded any more; the port stays for `otklik status`.
    info = json.loads((live_server.data_dir / "server.json").read_text(encoding="utf-8"))
    assert info["pid"] is None and info["stopped"] is True


def test_status_after_a_stop_looks_where_the_companion_last_ran(runner, live_server,
                                                                 tmp_path):
    """After `otklik serve --port P` stops, status looks on P, not on 8765 (where
    another data dir's companion may answer), and says which port it checked."""
    port = live_server.port
    live_server.stop()
    data = ["--data-dir", str(live_server.data_dir)]
    info = json.loads(runner.invoke(cli, ["status", "--json", *data]).output)
    assert info["port"] == port and info["running"] is False
    text = runner.invoke(cli, ["status", *data]).output
    assert (f"companion not running (nothing answers on port {port}, where this data "
            "dir's companion last ran; `otklik status --port P` looks on another)") in text
    from companion.server import free_port

    other = free_port()
    told = runner.invoke(cli, ["status", *data, "--port", str(other)]).output
    assert f"nothing answers on port {other}, the port given by --port or OTKLIK_PORT" in told


def test_status_names_another_program_on_the_port(runner, tmp_path):
    """`otklik serve` says «Port P is taken … check with `otklik status`»: status must then
    say that another program answers on P, not that nothing does."""
    import http.server
    import threading

    from companion.server import free_port

    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_error(404)

        def log_message(self, *args):
            pass

    stranger = http.server.HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=stranger.serve_forever, daemon=True).start()
    try:
        port = str(stranger.server_address[1])
        data = ["--data-dir", str(tmp_path / "d"), "--port", port]
        text = runner.invoke(cli, ["status", *data]).output
        assert (f"companion not running (another program, not otklik, answers on port "
                f"{port}, the port given by --port or OTKLIK_PORT;") in text, text
        info = json.loads(runner.invoke(cli, ["status", "--json", *data]).output)
        assert info["other_program_on_port"] is True and info["running"] is False
    finally:
        stranger.shutdown()
        stranger.server_close()
    quiet = str(free_port())
    info = json.loads(runner.invoke(cli, ["status", "--json", "--data-dir",
                                          str(tmp_path / "d"), "--port", quiet]).output)
    assert info["other_program_on_port"] is False


def test_dashboard_takes_the_port_and_tells_another_data_dirs_companion(runner, live_server,
                                                                        tmp_path):
    """`otklik dashboard` looks where server.json says, or on --port / OTKLIK_PORT, and
    does not hand out a link another data dir's companion would refuse."""
    from companion.server import free_port

    port = str(live_server.port)
    elsewhere = free_port()  # server.json made to point there: only the port given finds it
    (live_server.data_dir / "server.json").write_text(json.dumps(
        {"pid": None, "host": "127.0.0.1", "port": elsewhere, "stopped": True}))
    mine = ["--data-dir", str(live_server.data_dir)]
    lost = runner.invoke(cli, ["dashboard", "--no-browser", *mine])
    assert lost.exit_code == 1 and f"No companion answers on port {elsewhere}" in lost.output
    given = runner.invoke(cli, ["dashboard", "--no-browser", *mine], env={"OTKLIK_PORT": port})
    assert given.exit_code == 0 and f"http://127.0.0.1:{port}/login" in given.stdout
    other = ["--data-dir", str(tmp_path / "other")]
    refused = runner.invoke(cli, ["dashboard", "--no-browser", *other, "--port", port])
    assert refused.exit_code == 1
    assert f"The companion on port {port} serves another data dir" in refused.output
