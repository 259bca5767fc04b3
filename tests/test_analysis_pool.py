"""Analysis in worker processes (companion.analysis_pool): the same answers as in the
server's threads, the tone model in use followed, a worker that dies in a call a 503
for that call alone, and no worker outliving its server."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from companion import analysis_pool
from companion.cli import cli
from tests.conftest import LiveServer
from tests.test_train_cli import BIRTHDAY, _write, sixty_rows


@pytest.fixture
def pooled(app):
    """The test app with one real worker process analysing its /analyze calls."""
    pool = analysis_pool.AnalysisPool(app.config["DATA_DIR"], 1)
    app.extensions[analysis_pool.APP_KEY] = pool
    yield pool
    pool.stop()


COMMENTS = [
    {"id": "1", "text": "Третий день нет интернета!!! Сколько можно?", "author": "a"},
    {"id": "2", "text": "Спасибо, всё заработало, вы лучшие", "author": "b"},
    {"id": "3", "text": "Подскажите, во сколько открывается офис на Ленина?"},
    {"id": 4, "text": "Уважаемый клиент, приносим извинения за неудобства.",
     "posted_at": "2026-11-22T10:00:00Z"},
    {"id": "5", "text": "Опять списали деньги, верните немедленно", "author": "a"},
]


def test_a_worker_answers_exactly_as_the_server_threads_do(app, api, pooled):
    body = {"comments": COMMENTS, "lang": "en"}
    in_worker = api.post("/api/v1/analyze", json=body)
    assert in_worker.status_code == 200, in_worker.json
    assert pooled.pids() and all(pid != os.getpid() for pid in pooled.pids())
    del app.extensions[analysis_pool.APP_KEY]
    here = api.post("/api/v1/analyze", json=body)
    assert in_worker.json == here.json
    assert [r["id"] for r in here.json["results"]] == ["1", "2", "3", 4, "5"]


def _tone(api, text: str) -> str:
    got = api.post("/api/v1/analyze", json={"comments": [{"id": "1", "text": text}]})
    assert got.status_code == 200, got.json
    return got.json["results"][0]["tone"]["label"]


def test_the_workers_use_the_model_in_use_and_follow_every_switch(
    runner, tmp_path, api, pooled
):
    assert _tone(api, BIRTHDAY) == "positive"  # the shipped model, loaded in the worker
    bad = tmp_path / "bad.csv"
    _write(bad, sixty_rows(invert=True))
    forced = runner.invoke(cli, ["train", "--data", str(bad), "--force"])
    assert forced.exit_code == 0, forced.output
    model_id = api.get("/api/v1/health").json["models"]["tone"]
    assert model_id.startswith("tone_team")
    assert _tone(api, BIRTHDAY) == "negative"  # the worker took the new model, no restart
    back = runner.invoke(cli, ["models", "use", "shipped"])
    assert back.exit_code == 0, back.output
    assert _tone(api, BIRTHDAY) == "positive"
    assert runner.invoke(cli, ["models", "use", model_id]).exit_code == 0
    assert _tone(api, BIRTHDAY) == "negative"


# -- a real `otklik serve` ------------------------------------------------------------
def _workers(server_pid: int) -> list[int]:
    """The analysis workers of a server: its children started by multiprocessing's spawn
    (not its resource tracker)."""
    found = []
    for task in Path(f"/proc/{server_pid}/task").glob("*/children"):
        for pid in map(int, task.read_text().split()):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                found.append(pid)
    return sorted(found)


def _two(server: LiveServer) -> list[int] | None:
    found = _workers(server.proc.pid)
    return found if len(found) == 2 else None


def _alive(pid: int) -> bool:
    try:  # a zombie (state Z) waits only for whoever adopted it to reap it
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _post(server: LiveServer, comments: list[dict], timeout: float = 120) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{server.url}/api/v1/analyze",
        data=json.dumps({"comments": comments}, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, {**json.loads(err.read()), "retry_after": err.headers["Retry-After"]}


def _heavy(n: int) -> list[dict]:
    # Distinct long texts: seconds of work, no cache shortens it.
    return [{"id": i, "text": f"Нет интернета третий день, договор {n}-{i}. " * 120}
            for i in range(500)]


def _wait(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_worker_killed_in_a_call_fails_that_call_alone_and_is_replaced(data_dir):
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_WORKERS": "2"}).start()
    try:
        workers = _wait(lambda: _two(server))
        # Both workers warm (models loaded), so CPU time from here on is the calls' work.
        assert _post(server, COMMENTS)[0] == 200
        assert _post(server, COMMENTS)[0] == 200
        before = {pid: _cpu_s(pid) for pid in workers}
        answers: dict[int, tuple[int, dict]] = {}
        calls = [
            threading.Thread(target=lambda n=n: answers.__setitem__(n, _post(server, _heavy(n))))
            for n in range(2)
        ]
        for call in calls:
            call.start()
        # Both calls are being computed, one in each worker: kill the first worker.
        _wait(lambda: all(_cpu_s(pid) - before[pid] > 0.3 for pid in workers))
        os.kill(workers[0], signal.SIGKILL)
        with urllib.request.urlopen(f"{server.url}/api/v1/health", timeout=5) as health:
            assert health.status == 200  # the server answers meanwhile
        for call in calls:
            call.join(300)
        statuses = sorted(status for status, _ in answers.values())
        assert statuses == [200, 503], answers
        failed = next(body for status, body in answers.values() if status == 503)
        assert failed["error"]["code"] == "worker_unavailable"
        assert "send the call again" in failed["error"]["message"]
        assert failed["retry_after"] == "1"
        ok = next(body for status, body in answers.values() if status == 200)
        assert len(ok["results"]) == 500
        # A new worker took the dead one's place, and the next calls are answered.
        replaced = _wait(lambda: _two(server))
        assert workers[0] not in replaced and workers[1] in replaced
        for _ in range(3):
            assert _post(server, COMMENTS)[0] == 200
        assert "Traceback" not in server.log.read_text()
    finally:
        server.stop()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_a_worker_dead_between_calls_is_replaced_before_the_next_call(data_dir):
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_WORKERS": "1"}).start()
    try:
        (worker,) = _wait(lambda: _workers(server.proc.pid))
        assert _post(server, COMMENTS)[0] == 200
        os.kill(worker, signal.SIGKILL)
        _wait(lambda: worker not in _workers(server.proc.pid))
        time.sleep(0.5)  # the pool has noticed
        status, body = _post(server, COMMENTS)
        assert status == 200, body  # nothing of this call ran in the dead worker
    finally:
        server.stop()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_no_worker_outlives_its_server_even_after_kill_9(data_dir):
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_WORKERS": "2"}).start()
    try:
        workers = _wait(lambda: _two(server))
        server.proc.kill()
        server.proc.wait(10)
        _wait(lambda: not any(_alive(pid) for pid in workers), timeout=10)
    finally:
        server.stop()


def test_workers_zero_analyses_in_the_server_itself(data_dir):
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_WORKERS": "0"}).start()
    try:
        status, body = _post(server, COMMENTS)
        assert status == 200 and len(body["results"]) == len(COMMENTS)
        if Path("/proc/self/task").exists():
            assert _workers(server.proc.pid) == []
    finally:
        server.stop()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_ctrl_c_reaches_the_workers_too_but_only_the_server_ends_them(data_dir):
    # A terminal sends Ctrl-C to the whole process group: the workers must not print
    # a traceback or die midway; the server stops them and exits 0, nothing left behind.
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_WORKERS": "1"}).start()
    try:
        (worker,) = _wait(lambda: _workers(server.proc.pid))
        assert _post(server, COMMENTS)[0] == 200
        os.kill(worker, signal.SIGINT)
        time.sleep(0.5)
        assert _alive(worker) and _post(server, COMMENTS)[0] == 200
        started = time.monotonic()
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(10) == 0
        assert time.monotonic() - started < 5
        _wait(lambda: not _alive(worker), timeout=5)
        log = server.log.read_text()
        assert "Traceback" not in log and "leaked" not in log, log
        assert "otklik stopped." in log
    finally:
        server.stop()


@pytest.mark.parametrize("run_as", ["script", "module"])
def test_a_worker_does_not_re_import_the_parent_script(tmp_path, run_as):
    """`otklik` is a console script, `python -m companion.cli` a module, and both import
    the whole CLI (Flask, SQLAlchemy, Alembic: 86 MB); a spawned worker used to re-run
    them as ``__mp_main__``."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    marker = tmp_path / "re-imported"
    script = tmp_path / "parent_script.py"
    script.write_text(
        "import sys\n"
        "if __name__ == '__mp_main__':\n"
        f"    open({str(marker)!r}, 'a').write('worker')\n"
        "if __name__ == '__main__':\n"
        f"    sys.path.insert(0, {str(root)!r})\n"
        "    from companion.analysis_pool import AnalysisPool\n"
        f"    pool = AnalysisPool({str(tmp_path)!r}, 1)\n"
        "    got = pool.analyze([{'id': '1', 'text': 'Спасибо, всё работает!'}])\n"
        "    print(got[0]['tone']['label'])\n"
        "    pool.stop()\n",
        encoding="utf-8",
    )
    how = [str(script)] if run_as == "script" else ["-m", "parent_script"]
    done = subprocess.run([sys.executable, *how], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "positive"
    assert not marker.exists()
