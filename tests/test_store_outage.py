"""Team mode when PostgreSQL goes away: a real `otklik serve --store postgresql://…`
and the session's real cluster, stopped and started again in the middle of a stream.

The companion says so (/health's store part, `otklik status`), keeps answering analysis
and draft checks, refuses events with 503 store_unavailable (the extension's outbox
keeps them and retries), and once the server is back every event is stored exactly once.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

from store_db import connect

from companion.cli import cli
from tests.conftest import LiveServer
from tests.test_events import reply_event


def _call(server: LiveServer, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{server.url}{path}",
        data=None if body is None else json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def _batch(n: int, start: int) -> dict:
    return {"events": [reply_event(uuid=str(uuid.uuid4()), comment_id=f"c{start + i}")
                       for i in range(n)]}


def test_postgresql_down_and_back_loses_and_duplicates_nothing(
    pg_cluster, pg_url, data_dir, runner, monkeypatch
):
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_STORE": pg_url}).start(timeout=60)
    try:
        status, health = _call(server, "/api/v1/health")
        assert health["store"] == {"engine": "postgresql", "ok": True, "reason": None}
        first = _batch(5, 0)
        assert _call(server, "/api/v1/events", first)[0] == 200

        pg_cluster.stop()
        outage = [_batch(5, 100), _batch(5, 200)]
        for batch in outage:
            status, body = _call(server, "/api/v1/events", batch)
            assert status == 503, body
            assert body["error"]["code"] == "store_unavailable"
            assert "\n" not in body["error"]["message"]
        status, health = _call(server, "/api/v1/health")
        assert status == 200 and health["store"]["ok"] is False
        assert health["store"]["engine"] == "postgresql" and health["store"]["reason"]
        # Analysis and draft checks do not need the store.
        status, analysed = _call(server, "/api/v1/analyze",
                                 {"comments": [{"id": "a", "text": "Нет интернета третий день!"}]})
        assert status == 200, analysed
        status, checked = _call(server, "/api/v1/drafts/check", {"text": "Разберёмся сегодня"})
        assert status == 200 and "level" in checked, checked
        monkeypatch.setenv("OTKLIK_STORE", pg_url)
        result = runner.invoke(cli, ["--data-dir", str(data_dir), "status"])
        assert "unreachable" in result.output, result.output
        assert pg_url.split("@")[0].split(":")[-1] not in result.output  # the password

        pg_cluster.start()
        # The outbox sends the refused batches again, and (a lost answer) the first too.
        for batch in [*outage, first, *outage]:
            status, body = _call(server, "/api/v1/events", batch)
            assert status == 200, body
            assert {r["status"] for r in body["results"]} == {"stored"}
        _, health = _call(server, "/api/v1/health")
        assert health["store"]["ok"] is True or health["store"]["reason"]
    finally:
        server.stop()
    db = connect(pg_url)
    try:
        uuids = [e["uuid"] for b in [first, *outage] for e in b["events"]]
        stored = [r[0] for r in db.execute("SELECT event_uuid FROM replies")]
        assert sorted(stored) == sorted(uuids)  # each once, none lost
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == len(uuids)
    finally:
        db.close()


def test_a_store_down_at_start_up_does_not_stop_the_companion(pg_cluster, pg_url, data_dir):
    """An operator's laptop starts while the team's server is down: the companion starts,
    analyses, says the store is unreachable and refuses events with 503; once the server
    answers, the schema is made (this database is empty) and the events are stored."""
    pg_cluster.stop()
    server = LiveServer(data_dir=data_dir, env={"OTKLIK_STORE": pg_url})
    try:
        server.start(timeout=60)
        log = server.log.read_text()
        assert "cannot be reached" in log and "Traceback" not in log, log
        assert pg_url.split("@")[0].split(":")[-1] not in log  # the password
        status, health = _call(server, "/api/v1/health")
        assert status == 200 and health["store"]["ok"] is False and health["store"]["reason"]
        status, analysed = _call(server, "/api/v1/analyze",
                                 {"comments": [{"id": "a", "text": "Спасибо, всё работает!"}]})
        assert status == 200, analysed
        batch = _batch(3, 0)
        status, body = _call(server, "/api/v1/events", batch)
        assert status == 503 and body["error"]["code"] == "store_unavailable", body

        pg_cluster.start()
        status, body = _call(server, "/api/v1/events", batch)
        assert status == 200, body
        assert {r["status"] for r in body["results"]} == {"stored"}
        _, health = _call(server, "/api/v1/health")
        assert health["store"] == {"engine": "postgresql", "ok": True, "reason": None}
    finally:
        server.stop()
        if not pg_cluster.is_running():
            pg_cluster.start()
    db = connect(pg_url)
    try:
        assert db.execute("SELECT COUNT(*) FROM replies").fetchone()[0] == 3
    finally:
        db.close()
