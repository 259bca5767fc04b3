"""Team mode end to end: three real `otklik serve` companions (two operators, a trainer)
on one PostgreSQL, each logged in with the role `otklik team add-*` made for it.

- both operators' replies reach the trainer's dashboard (signed in, CSV and overview),
  under the members' names whatever name the extension sent;
- a claim by one operator shows in the other's `/comments/handled` answer, not in its
  own, and goes when the reply is stored;
- an operator's UPDATE of a colleague's reply or of the settings is refused by the
  database (connecting with the operator's role directly);
- PostgreSQL stopped and restarted in the middle of a stream of events loses and
  duplicates nothing (the client resends on 503 or no answer, as the extension's outbox
  does).
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from companion.cli import cli
from tests.conftest import LiveServer
from tests.team_store import as_role, make_team
from tests.test_startup_signin import _browser, _follow_refresh

STREAM = 120  # events in the stream the server is stopped in the middle of


def _request(server, method, path, body=None, *, auth=True, timeout=15):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {server.token}"
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=headers)
        response = conn.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None
    finally:
        conn.close()


def _now(offset_s: float = 0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=offset_s)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reply(comment_id: str, operator: str, text_: str, offset_s: float = 0) -> dict:
    return {
        "uuid": str(uuid.uuid4()), "type": "reply_sent", "platform": "vk",
        "comment_id": comment_id, "operator": operator, "text": text_,
        "reply_sent_at": _now(offset_s), "comment_posted_at": _now(offset_s - 300),
    }


@pytest.fixture
def team(pg_url, runner, tmp_path):
    """The team store and three companions: Анна and Борис (operators), Мария (trainer)."""
    urls = make_team(pg_url, [("operator", "Анна"), ("operator", "Борис"),
                              ("trainer", "Мария")])
    servers = {}
    try:
        for name, url in urls.items():
            data = tmp_path / f"data-{len(servers)}"
            if name == "Анна":
                # One by `otklik team join` (team.json), the others by $OTKLIK_STORE.
                joined = runner.invoke(cli, ["--data-dir", str(data), "team", "join", url])
                assert joined.exit_code == 0, joined.output
                env = {"OTKLIK_STORE": ""}
            else:
                env = {"OTKLIK_STORE": url}
            servers[name] = LiveServer(data_dir=data, env=env).start(timeout=60)
        yield pg_url, urls, servers
    finally:
        for server in servers.values():
            server.stop()


def test_three_companions_work_as_one_team(team):
    admin, urls, servers = team
    anna, boris, maria = servers["Анна"], servers["Борис"], servers["Мария"]

    # The extensions send whatever their free-text field says; the store's name wins.
    for server, name, comment in ((anna, "анна ", "c1"), (boris, "Boris?", "c2")):
        status, body = _request(server, "POST", "/api/v1/events",
                                {"events": [_reply(comment, name, "Здравствуйте! Уже смотрим.")]})
        assert status == 200, body

    # Борис starts answering c3; Анна sees it, Борис does not see his own claim.
    status, body = _request(boris, "POST", "/api/v1/comments/claim",
                            {"platform": "vk", "comment_id": "c3", "operator": "Boris?"})
    assert status == 200 and body["operator"] == "Борис", body
    ask = {"platform": "vk", "comment_ids": ["c1", "c2", "c3"]}
    status, body = _request(anna, "POST", "/api/v1/comments/handled", ask)
    assert status == 200, body
    assert body["handled"]["c1"]["operator"] == "Анна"
    assert body["handled"]["c2"]["operator"] == "Борис"
    assert body["claims"] == {"c3": {"operator": "Борис", "since": body["claims"]["c3"]["since"]}}
    assert _request(boris, "POST", "/api/v1/comments/handled", ask)[1]["claims"] == {}
    # His reply is stored: a handled mark, no claim, for everyone.
    status, _ = _request(boris, "POST", "/api/v1/events",
                         {"events": [_reply("c3", "Борис", "Борис на связи, помогу.")]})
    assert status == 200
    body = _request(anna, "POST", "/api/v1/comments/handled", ask)[1]
    assert body["handled"]["c3"]["operator"] == "Борис" and body["claims"] == {}
    # A claim released by its operator goes at once.
    _request(anna, "POST", "/api/v1/comments/claim", {"platform": "vk", "comment_id": "c4"})
    assert "c4" in _request(boris, "POST", "/api/v1/comments/handled",
                            {"platform": "vk", "comment_ids": ["c4"]})[1]["claims"]
    _request(anna, "POST", "/api/v1/comments/claim",
             {"platform": "vk", "comment_id": "c4", "release": True})
    assert _request(boris, "POST", "/api/v1/comments/handled",
                    {"platform": "vk", "comment_ids": ["c4"]})[1]["claims"] == {}

    # Борис's companion stores what touches Анна's reply too (its figures are every
    # companion's to recompute): the comment seen with its posting time, a later reply of
    # his to the same comment, the customer's thanks after it, a page-health count.
    seen = {"uuid": str(uuid.uuid4()), "type": "comment_seen", "platform": "vk",
            "comment_id": "c1", "posted_at": _now(-900), "seen_at": _now(-600),
            "text": "Нет интернета с утра", "operator": "Boris?"}
    later = _reply("c1", "Boris?", "Дополню: мастер будет в 15:00.", 60)
    thanks = {"uuid": str(uuid.uuid4()), "type": "customer_followup", "platform": "vk",
              "comment_id": "c1-thanks", "answered_comment_id": "c1", "author_id": "id1",
              "text": "Спасибо, всё заработало!", "seen_at": _now(120), "gratitude": True,
              "tone": "positive"}
    for event in (seen, later, thanks):
        status, body = _request(boris, "POST", "/api/v1/events", {"events": [event]})
        assert status == 200, (event["type"], body)
    status, body = _request(boris, "POST", "/api/v1/page-health",
                            {"platform": "vk", "page_kind": "post", "reason": "comments"})
    assert status in (200, 201), body
    with as_role(admin) as db:
        rows = db.execute(text(
            "SELECT operator, first_response, response_seconds FROM replies "
            "WHERE comment_id = 'c1' ORDER BY reply_sent_at")).all()
        assert [(r[0], r[1]) for r in rows] == [("Анна", 1), ("Борис", 0)]
        assert rows[0][2] is not None  # the posting time reached Анна's reply
        assert db.execute(text("SELECT count(*) FROM reply_outcomes")).scalar() == 1

    # The trainer's dashboard, signed in, has both operators' replies.
    browser = _browser()
    final, html = _follow_refresh(browser, maria.startup_link)
    assert final == f"{maria.url}/", html[:500]
    assert "Анна" in html and "Борис" in html
    with browser.open(f"{maria.url}/export.csv", timeout=30) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8-sig"))))
    assert sorted((r["operator"], r["comment_id"]) for r in rows) == [
        ("Анна", "c1"), ("Борис", "c1"), ("Борис", "c2"), ("Борис", "c3")]

    # The database refuses an operator's change of a colleague's reply or the settings.
    for sql in ("UPDATE replies SET text = 'не так' WHERE comment_id = 'c1'",
                "DELETE FROM replies WHERE comment_id = 'c1'",
                "INSERT INTO settings (key, value) VALUES ('target_minutes', '600')"):
        with as_role(urls["Борис"]) as db, pytest.raises(DBAPIError) as err:
            db.execute(text(sql))
            db.commit()
        assert "permission denied" in str(err.value.orig), sql
    with as_role(admin) as db:
        assert db.execute(text("SELECT text FROM replies WHERE comment_id = 'c1'")).scalar() \
            == "Здравствуйте! Уже смотрим."
    # Through an operator's companion the same refusal is a 403 in one line; the
    # trainer's companion may add to the template library.
    template = {"text": "Здравствуйте! Проверим линию и напишем вам сегодня."}
    status, body = _request(boris, "POST", "/api/v1/templates", template)
    assert status == 403 and body["error"]["code"] == "forbidden_by_role", body
    assert "\n" not in body["error"]["message"]
    assert _request(maria, "POST", "/api/v1/templates", template)[0] == 201


def _send_until_stored(server, event: dict, deadline: float) -> int:
    """Send one event until the companion acknowledges it (as the extension's outbox:
    the same UUID again after a 503 or no answer); returns the attempts it took."""
    attempts = 0
    while True:
        attempts += 1
        try:
            status, body = _request(server, "POST", "/api/v1/events", {"events": [event]},
                                    timeout=10)
        except OSError:
            status, body = 0, None
        if status == 200:
            assert body["results"][0]["status"] in ("stored", "duplicate"), body
            return attempts
        assert status in (0, 503), (status, body)
        if time.monotonic() > deadline:
            raise AssertionError(f"not stored in time: {status} {body}")
        time.sleep(0.2)


def test_postgres_restarted_mid_stream_loses_and_duplicates_nothing(team, pg_cluster):
    admin, _, servers = team
    anna, boris = servers["Анна"], servers["Борис"]
    events = {name: [_reply(f"s-{name}-{i}", name, f"Ответ {i}", -i) for i in range(STREAM)]
              for name in ("Анна", "Борис")}
    deadline = time.monotonic() + 120
    retried = {}

    def stream(name, server):
        retried[name] = sum(_send_until_stored(server, e, deadline) - 1 for e in events[name])

    threads = [threading.Thread(target=stream, args=(n, s))
               for n, s in (("Анна", anna), ("Борис", boris))]
    for t in threads:
        t.start()
    # Stop the server once part of the stream is in, keep it down a while, start it again.
    with as_role(admin) as db:
        while db.execute(text("SELECT count(*) FROM replies")).scalar() < STREAM // 3:
            db.commit()
            time.sleep(0.05)
    pg_cluster.stop()
    time.sleep(3)
    pg_cluster.start()
    for t in threads:
        t.join(150)
    assert not any(t.is_alive() for t in threads)
    assert sum(retried.values()) > 0, "the stop happened after the stream ended"
    print(f"events resent while the server was down: {retried}")
    with as_role(admin) as db:
        rows = db.execute(text(
            "SELECT operator, count(*), count(DISTINCT event_uuid) FROM replies "
            "WHERE comment_id LIKE 's-%' GROUP BY operator ORDER BY operator")).all()
        assert [tuple(r) for r in rows] == [("Анна", STREAM, STREAM), ("Борис", STREAM, STREAM)]
        stored = {r[0] for r in db.execute(text(
            "SELECT event_uuid FROM replies WHERE comment_id LIKE 's-%'"))}
    assert stored == {e["uuid"] for es in events.values() for e in es}
    # And the companions answer events again, with /health saying the store is back.
    status, body = _request(anna, "GET", "/api/v1/health", auth=False)
    assert status == 200, body
