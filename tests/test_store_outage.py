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


def test_serve_with_an_unreachable_store_is_one_line_with_the_password_masked(runner):
    from companion.server import free_port

    url = f"postgresql://anna:s3cret-pw@127.0.0.1:{free_port()}/team"
    result = runner.invoke(cli, ["serve", "--no-browser", "--port", str(free_port()),
                                 "--store", url])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "postgresql://anna:***@127.0.0.1" in lines[0] and "cannot be reached" in lines[0]
    assert "s3cret-pw" not in result.output
