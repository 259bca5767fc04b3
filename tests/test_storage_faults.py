"""The data dir: private to its user, backed up daily, and every fault in it one clear line:
a newer schema, a damaged file, a read-only dir, a full disk (503, nothing unstored
acknowledged, a restart that does not crash)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from store_db import connect

from companion import backup
from companion.app import create_app
from companion.cli import cli
from companion.server import free_port, probe
from companion.storage.migrate import SchemaTooNew
from tests.conftest import ROOT, LiveServer
from tests.test_events import reply_event


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _serve(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        LiveServer.command(data_dir, free_port()),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- other accounts on the machine ---------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_data_dir_is_0700_and_every_file_0600(live_server):
    base = live_server.data_dir
    urllib.request.urlopen(
        urllib.request.Request(
            f"{live_server.url}/api/v1/events",
            data=json.dumps({"events": [reply_event()]}).encode(),
            headers={
                "Authorization": f"Bearer {live_server.token}",
                "Content-Type": "application/json",
            },
        ),
        timeout=30,
    )
    # SQLite removes -wal and -shm with its last connection: hold one while looking.
    held = connect(base / "otklik.db")
    held.execute("SELECT COUNT(*) FROM replies").fetchone()
    assert _mode(base) == 0o700
    modes = {p.name: oct(_mode(p)) for p in base.rglob("*") if p.is_file()}
    held.close()
    assert {"otklik.db", "otklik.db-wal", "otklik.db-shm", "token", "server.json"} <= set(modes)
    assert modes == dict.fromkeys(modes, "0o600")
    for folder in (p for p in base.rglob("*") if p.is_dir()):
        assert _mode(folder) == 0o700, folder


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_open_data_dir_of_an_older_version_is_closed_at_start(data_dir):
    create_app({"DATA_DIR": data_dir})
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "otklik.db", 0o644)
    os.chmod(data_dir / "token", 0o644)
    create_app({"DATA_DIR": data_dir})
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "otklik.db") == 0o600
    assert _mode(data_dir / "token") == 0o600


# --- schema version -------------------------------------------------------------------


def _from_the_future(data_dir: Path) -> None:
    create_app({"DATA_DIR": data_dir})
    db = connect(data_dir / "otklik.db")
    db.execute("INSERT INTO _migrations VALUES ('m042_future_feature', '2027-01-01T00:00:00')")
    db.execute("UPDATE _meta SET value = '9.1.0' WHERE key = 'schema_written_by'")
    db.close()


def test_a_database_from_a_newer_otklik_is_refused_naming_its_version(data_dir):
    _from_the_future(data_dir)
    before = (data_dir / "otklik.db").read_bytes()
    with pytest.raises(SchemaTooNew, match="written by otklik 9.1.0"):
        create_app({"DATA_DIR": data_dir})
    line = _one_line_error(_serve(data_dir))
    assert "written by otklik 9.1.0" in line
    assert "upgrade otklik" in line
    assert (data_dir / "otklik.db").read_bytes() == before  # not written to


def test_the_version_that_wrote_the_schema_is_recorded(data_dir):
    from companion import __version__
    from companion.storage.migrate import written_by

    create_app({"DATA_DIR": data_dir})
    db = connect(data_dir / "otklik.db")
    try:
        assert written_by(db.conn) == __version__
    finally:
        db.close()


# --- damaged file, status and backups -------------------------------------------------


def test_a_damaged_database_is_one_line_at_start_and_status_names_the_backup(data_dir, runner):
    create_app({"DATA_DIR": data_dir})
    backup.daily(data_dir / "otklik.db", data_dir)
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"otklik.db{suffix}").unlink(missing_ok=True)
    (data_dir / "otklik.db").write_bytes(b"this is not a database at all" * 200)
    line = _one_line_error(_serve(data_dir))
    assert "not an SQLite database" in line
    assert "backup" in line
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "status"])
    assert result.exit_code == 0, result.output
    newest = backup.latest(data_dir)
    assert f"copy {newest} in its place" in result.output
    assert "Traceback" not in result.output


def _replies_in(path: Path) -> int:
    copy = sqlite3.connect(path)
    try:
        return copy.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
    finally:
        copy.close()


def test_a_clean_stop_backs_up_what_was_stored_since_the_last_backup(tmp_path):
    """A new data dir's first start copies the empty database; the day's replies reach a
    backup when the companion stops (the README's recovery then restores real data).
    A start and stop that store nothing leave the backup as it was."""
    server = LiveServer(data_dir=tmp_path / "fresh").start()
    try:
        # The first start's copy is made beside serving, not before it: on a loaded CI
        # machine it came after the server answered (the check found no backup yet once).
        deadline = time.monotonic() + 30
        while (newest := backup.latest(server.data_dir)) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert newest is not None and _replies_in(newest) == 0  # the copy at the first start
        body = json.dumps({"events": [reply_event()]}).encode()
        req = urllib.request.Request(
            f"{server.url}/api/v1/events", data=body, method="POST",
            headers={"Authorization": f"Bearer {server.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200
    finally:
        server.stop()
    assert "backup at stop" in server.log.read_text(encoding="utf-8")
    assert backup.backups(server.data_dir) == [newest]  # still one file a day, seven kept
    assert _replies_in(newest) == 1
    stamp = newest.stat().st_mtime_ns
    server.start()
    server.stop()
    assert newest.stat().st_mtime_ns == stamp
    assert "backup at stop" not in server.log.read_text(encoding="utf-8")


# Loaded by the companion's interpreter (PYTHONPATH): the stop copy's temporary file,
# once created, takes SLOW_S more, as a large store on a slow disk does; only while the
# test's marker file is in the data dir (the copy at start stays quick).
_SLOW_COPY = """
import os, time
from pathlib import Path
from companion import backup, private

class _Private:
    def __getattr__(self, name):
        return getattr(private, name)

    def create_file(self, path, *args, **kwargs):
        made = private.create_file(path, *args, **kwargs)
        if (Path(path).parent.parent / "slow-copy").exists():
            time.sleep(float(os.environ["OTKLIK_TEST_SLOW_S"]))
        return made

backup.private = _Private()
"""


def _post_event(server: LiveServer) -> None:
    body = json.dumps({"events": [reply_event()]}).encode()
    req = urllib.request.Request(
        f"{server.url}/api/v1/events", data=body, method="POST",
        headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200


def test_a_slow_stop_copy_finishes_and_server_json_says_stopped_first(tmp_path):
    """The stop copy ran under the 4 s exit deadline meant for calls still running: on a
    large store it was killed half-way, leaving a .tmp in backups/, server.json naming the
    dead pid, and a stop line that said calls were cut off when none ran (review7 F3)."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(_SLOW_COPY, encoding="utf-8")
    slow = 6.0  # past server.EXIT_DEADLINE_S, within backup.STOP_BUDGET_S
    server = LiveServer(data_dir=tmp_path / "data", env={
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(shim)]),
        "OTKLIK_TEST_SLOW_S": str(slow)}).start()
    data = server.data_dir
    deadline = time.monotonic() + 20
    while backup.latest(data) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backup.latest(data) is not None
    _post_event(server)
    (data / "slow-copy").touch()
    proc, server.proc = server.proc, None
    proc.terminate()
    seen_stopped = False
    give_up = time.monotonic() + backup.STOP_BUDGET_S + 10
    while proc.poll() is None and time.monotonic() < give_up:
        info = json.loads((data / "server.json").read_text(encoding="utf-8"))
        seen_stopped = seen_stopped or (info["pid"] is None and any(
            p.suffix == ".tmp" for p in backup.backup_dir(data).iterdir()))
        time.sleep(0.1)
    assert proc.wait(5) == 0
    log = server.log.read_text(encoding="utf-8")
    assert seen_stopped, log[-600:]  # marked stopped while the copy was still being made
    assert "cut off" not in log and "backup at stop" in log, log[-600:]
    assert log.rstrip().endswith("otklik stopped."), log[-600:]
    assert sorted(p.name for p in backup.backup_dir(data).iterdir()) == [
        f"otklik-{date.today().isoformat()}.db"]
    assert _replies_in(backup.latest(data)) == 1


def test_a_stop_copy_past_its_budget_leaves_nothing_and_a_start_clears_old_ones(
        tmp_path, caplog):
    base = tmp_path
    database = base / "otklik.db"
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE t (x BLOB)")
    db.executemany("INSERT INTO t VALUES (?)", [(b"x" * 1000,)] * 2000)
    db.commit()
    db.close()
    kept = backup.daily(database, base)
    # A copy that cannot proceed (here the source is locked; on a big store, a slow
    # disk) is given up past its budget: the last backup kept, no temporary file.
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        assert backup.run_once(database, base, refresh=True, budget_s=1.0) is False
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "backup at stop given up" in caplog.text and str(kept) in caplog.text
    assert list(backup.backup_dir(base).iterdir()) == [kept]
    # What a copy killed mid-way left (an older day's name too) goes at the next start.
    for name in ("otklik-2026-11-30.tmp", "otklik-2026-11-30.tmp-journal",
                 f"otklik-{date.today().isoformat()}.tmp"):
        (backup.backup_dir(base) / name).write_bytes(b"half")
    backups = backup.start(database, base)
    backups.stop()
    assert list(backup.backup_dir(base).iterdir()) == [kept]


def test_daily_backup_is_whole_private_and_seven_deep(data_dir, api):
    api.post("/api/v1/events", json={"events": [reply_event()]})
    database = data_dir / "otklik.db"
    start = date(2026, 11, 1)
    for day in range(10):
        made = backup.daily(database, data_dir, start + timedelta(days=day))
        assert made is not None
    assert backup.daily(database, data_dir, start + timedelta(days=9)) is None  # once a day
    kept = backup.backups(data_dir)
    assert [p.name for p in kept] == [
        f"otklik-{(start + timedelta(days=d)).isoformat()}.db" for d in range(3, 10)
    ]
    copy = sqlite3.connect(kept[-1])
    try:
        assert copy.execute("SELECT COUNT(*) FROM replies").fetchone()[0] == 1
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()
    if os.name == "posix":
        assert {_mode(p) for p in kept} == {0o600}


def test_serve_makes_todays_backup(live_server):
    deadline = time.monotonic() + 20
    while backup.latest(live_server.data_dir) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert backup.latest(live_server.data_dir).name == f"otklik-{date.today().isoformat()}.db"


# --- a read-only data dir and a full disk: real file systems in a mount namespace ----


def _namespace_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe_run = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe_run.returncode == 0


needs_namespace = pytest.mark.skipif(
    not _namespace_works(), reason="needs unshare -Urm (user and mount namespaces)"
)


@needs_namespace
def test_a_read_only_data_dir_is_one_line(data_dir):
    create_app({"DATA_DIR": data_dir})
    (data_dir / "otklik.db-wal").unlink(missing_ok=True)
    (data_dir / "otklik.db-shm").unlink(missing_ok=True)
    serve = " ".join(LiveServer.command(data_dir, free_port()))
    result = subprocess.run(
        [
            "unshare", "-Urm", "sh", "-c",
            f"mount --bind {data_dir} {data_dir} && mount -o remount,bind,ro {data_dir} "
            f"&& exec {serve}",
        ],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    line = _one_line_error(result)
    assert str(data_dir) in line
    assert "read-only" in line or "cannot be opened" in line


def _post(port: int, token: str, path: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def _wait_for(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while not probe("127.0.0.1", port, timeout=0.5):
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)


def _pid(path: Path, log: Path | None = None) -> int:
    deadline = time.monotonic() + 30
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, log.read_text() if log else path
        time.sleep(0.05)
    return int(path.read_text())


@needs_namespace
def test_a_full_disk_is_503_acknowledges_only_what_is_stored_and_restarts(tmp_path):
    # The data dir is a 3 MB tmpfs: a disk that really fills up. Two servers run on it
    # one after the other (the second on the full disk), in one mount namespace.
    data = tmp_path / "full"
    data.mkdir()
    port = free_port()
    serve = " ".join(LiveServer.command(data, port))
    script = textwrap.dedent(
        f"""
        mount -t tmpfs -o size=3m tmpfs {data} || exit 3
        {serve} & echo $! > {tmp_path}/pid1; wait $!; echo "exit1=$?"
        # Whatever the first server's exit freed (its WAL, when the checkpoint fitted)
        # is filled again: the restart meets a full disk.
        dd if=/dev/zero of={data}/filler bs=4k 2>/dev/null
        {serve} & echo $! > {tmp_path}/pid2; wait $!; echo "exit2=$?"
        """
    )
    log = tmp_path / "ns.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["unshare", "-Urm", "sh", "-c", script], stdout=out, stderr=subprocess.STDOUT,
            cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        pid1 = _pid(tmp_path / "pid1", log)
        _wait_for(port, proc, log)
        token = _read_token(pid1, data)
        acknowledged: list[str] = []
        refused: list[str] = []
        status = 200
        for batch in range(200):
            events = [
                reply_event(comment_id=f"c{batch}-{i}", text="ж" * 20_000,
                            comment_text="ы" * 20_000, uuid=str(uuid.uuid4()))
                for i in range(5)
            ]
            status, body = _post(port, token, "/api/v1/events", {"events": events})
            ids = [e["comment_id"] for e in events]
            if status == 200:
                acknowledged += ids
            else:
                refused += ids
                break
        assert status == 503, body
        assert body["error"]["message"] == "disk full"
        assert body["error"]["code"] == "disk_full"
        assert acknowledged
        # Exactly what was acknowledged is stored; the refused batch left nothing.
        _, handled = _post(
            port, token, "/api/v1/comments/handled",
            {"platform": "vk", "comment_ids": acknowledged + refused},
        )
        assert sorted(handled["handled"]) == sorted(acknowledged)
        # Health still answers on the full disk.
        assert probe("127.0.0.1", port)
        os.kill(pid1, 15)
        # The restart on the full disk: it starts and answers.
        pid2 = _pid(tmp_path / "pid2", log)
        _wait_for(port, proc, log)
        # On the full disk an event is refused with 503 «disk full», or stored when
        # SQLite still has room for it: the WAL the first server left when its closing
        # checkpoint did not fit is reused from its start, without new blocks. Either
        # way nothing unstored is acknowledged.
        late = reply_event(comment_id="after-restart")
        status, body = _post(port, token, "/api/v1/events", {"events": [late]})
        if status == 200:
            assert body["results"][0]["status"] == "stored"
            acknowledged.append("after-restart")
        else:
            assert (status, body["error"]["code"]) == (503, "disk_full"), body
        _, handled = _post(
            port, token, "/api/v1/comments/handled",
            {"platform": "vk", "comment_ids": [*acknowledged, "after-restart"]},
        )
        assert sorted(handled["handled"]) == sorted(acknowledged)
        os.kill(pid2, 15)
        proc.wait(30)
        text = log.read_text()
        assert "exit1=0" in text and "exit2=0" in text, text
        assert "Traceback" not in text, text
    finally:
        # A failed run leaves a server inside the namespace: end it by its pid too.
        for name in ("pid1", "pid2"):
            pid_file = tmp_path / name
            if pid_file.exists() and pid_file.read_text().strip():
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid_file.read_text()), 9)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _read_token(pid: int, data: Path) -> str:
    # The token lives on the tmpfs, visible through the server's own root.
    return (Path(f"/proc/{pid}/root") / str(data).lstrip("/") / "token").read_text().strip()



def test_a_data_dir_that_cannot_be_made_is_one_line(runner, tmp_path):
    (tmp_path / "a-file").write_text("x")
    result = runner.invoke(cli, ["--data-dir", str(tmp_path / "a-file" / "otklik"), "token"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: data dir {tmp_path / 'a-file' / 'otklik'}: cannot create it (Not a directory);"
        " choose another with --data-dir"
    ]


def test_a_database_another_program_holds_is_503_busy_then_stored_once(data_dir, api, app):
    # `otklik templates import` of a large library (or any program) holding SQLite's write
    # lock past the 10 s busy timeout: a 500 «Internal error (OperationalError)», which the
    # extension counts towards setting its events aside; a 503 is «wait and send again».
    event = reply_event()
    assert api.get("/api/v1/templates").status_code == 200  # the database exists
    holder = sqlite3.connect(app.config["STORE_URL"].removeprefix("sqlite:///"),
                             isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        response = api.post("/api/v1/events", json={"events": [event]})
        assert response.status_code == 503, response.json
        assert response.json["error"]["code"] == "busy"
        assert response.headers["Retry-After"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200
    assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200
    db = connect(app.config["STORE_URL"])
    try:
        assert db.execute("SELECT COUNT(*) FROM replies").fetchone()[0] == 1
    finally:
        db.close()
