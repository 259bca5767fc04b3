"""First response per comment, follow-ups, and timings that do not depend on the order
events arrive in: every permutation of a comment's events gives the same stored figures.

Hand-computed: comment A posted 10:00:00 UTC (the sighting says so; the first reply
event reports 10:01:00, a later reading of "1 минуту назад"), so its time is the earliest,
10:00:00. Replies: Анна 10:05:00 (first response, 300 s), Борис 10:35:00 (follow-up,
30 min after Анна's: 1800 s since the previous, 2100 s from the comment), Анна two days
later 10:05:00 (follow-up: 173,100 s from the comment, 172,800 - 1,800 = 171,000 s
since Борис's).
Comment B (the same customer's new comment in the thread after the team's reply) posted
10:40:00, answered by Борис 10:50:00: its own first response, 600 s.
"""

from __future__ import annotations

import itertools
import re

import pytest
from store_db import connect, init

from companion.storage import events as events_store

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")

A, B = "-12345_678_910", "-12345_678_911"


def _reply(uuid: str, comment: str, operator: str, sent: str, posted: str | None = None) -> dict:
    event = {
        "uuid": uuid,
        "type": "reply_sent",
        "platform": "vk",
        "comment_id": comment,
        "operator": operator,
        "text": f"Ответ {uuid}",
        "reply_sent_at": sent,
        "draft": {"score": 0.1, "level": "ok"},
    }
    if posted:
        event["comment_posted_at"] = posted
    return event


EVENTS = [
    {
        "uuid": "seen-a-0001",
        "type": "comment_seen",
        "platform": "vk",
        "comment_id": A,
        "posted_at": "2026-11-16T10:00:00Z",
        "seen_at": "2026-11-16T10:02:00Z",
        "text": "Нет интернета",
    },
    _reply("reply-a-0001", A, "Анна", "2026-11-16T10:05:00Z", "2026-11-16T10:01:00Z"),
    _reply("reply-a-0002", A, "Борис", "2026-11-16T10:35:00Z"),
    _reply("reply-a-0003", A, "Анна", "2026-11-18T10:05:00Z"),
    _reply("reply-b-0001", B, "Борис", "2026-11-16T10:50:00Z", "2026-11-16T10:40:00Z"),
]
# event uuid -> (first_response, response_seconds, since_previous_seconds, first_seen_at:
# the comment's first sighting, whichever event arrived first)
SEEN_A = "2026-11-16T10:02:00.000Z"
EXPECTED = {
    "reply-a-0001": (1, 300.0, None, SEEN_A),
    "reply-a-0002": (0, 2100.0, 1800.0, SEEN_A),
    "reply-a-0003": (0, 173100.0, 171000.0, SEEN_A),
    "reply-b-0001": (1, 600.0, None, None),
}


def stored(database: str) -> dict:
    db = connect(database)
    try:
        return {
            r["event_uuid"]: (
                r["first_response"],
                r["response_seconds"],
                r["since_previous_seconds"],
                r["first_seen_at"],
            )
            for r in db.execute("SELECT * FROM replies")
        }
    finally:
        db.close()


def store_one_by_one(database: str, order) -> None:
    db = connect(database)
    try:
        for event in order:
            events_store.store(db, events_store.parse_batch({"events": [event]}))
    finally:
        db.close()


def _clear(database: str) -> None:
    db = connect(database)
    for table in ("replies", "comments", "events", "followups"):
        db.execute(f"DELETE FROM {table}")
    db.close()


def test_every_arrival_order_gives_the_same_timings(store):
    # 5! = 120 orders, each event in its own batch (the outbox sends them apart).
    database = store
    init(database)
    for order in itertools.permutations(EVENTS):
        store_one_by_one(database, order)
        assert stored(database) == EXPECTED, [e["uuid"] for e in order]
        _clear(database)


def test_one_batch_in_any_order_and_replays_change_nothing(store):
    database = store
    init(database)
    for order in [EVENTS, EVENTS[::-1], EVENTS[2:] + EVENTS[:2]]:
        _clear(database)
        db = connect(database)
        try:
            events_store.store(db, events_store.parse_batch({"events": list(order)}))
            events_store.store(db, events_store.parse_batch({"events": list(order)}))
        finally:
            db.close()
        assert stored(database) == EXPECTED


def test_a_reply_before_the_comments_time_is_timed_once_the_time_arrives(api, app):
    # The reply arrives first, with no comment time: not timed yet.
    api.post("/api/v1/events", json={"events": [EVENTS[2]]})
    assert stored(app.config["STORE_URL"])["reply-a-0002"] == (1, None, None, None)
    # Then the sighting with the comment's time, then the earlier reply.
    api.post("/api/v1/events", json={"events": [EVENTS[0]]})
    assert stored(app.config["STORE_URL"])["reply-a-0002"] == (1, 2100.0, None, SEEN_A)
    api.post("/api/v1/events", json={"events": [EVENTS[1]]})
    got = stored(app.config["STORE_URL"])
    assert got["reply-a-0002"] == EXPECTED["reply-a-0002"]
    assert got["reply-a-0001"] == EXPECTED["reply-a-0001"]


def kpi(html: str, name: str) -> str:
    match = re.search(rf'id="kpi-{name}".*?class="kpi-value">([^<]*)<', html, re.S)
    assert match, name
    return match.group(1).strip()


@pytest.fixture
def seeded(api, app):
    for event in EVENTS[::-1]:  # newest first: the worst order for the old code
        assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200
    return app


def test_overview_figures_are_over_first_responses(client, seeded):
    html = client.get("/", query_string={"from": "2026-11-16", "to": "2026-11-18"}).get_data(
        as_text=True
    )
    # First responses 300 s and 600 s: median 450 s, p90 570 s, all within 20 min.
    assert kpi(html, "median") == "7 мин"
    assert kpi(html, "within") == "100 %"
    assert kpi(html, "p90") == "9 мин"
    assert kpi(html, "replies") == "2"
    # Two follow-ups for two answered comments; gaps 1800 s and 171,000 s: median 86,400 s.
    assert kpi(html, "follow-ups") == "2"
    assert "1,00 на комментарий" in html and "1 д 0 ч" in html


def test_operator_figures_are_over_the_first_responses_each_gave(client, seeded):
    args = {"from": "2026-11-16", "to": "2026-11-18"}
    anna = client.get("/operators/Анна", query_string=args).get_data(as_text=True)
    assert kpi(anna, "median") == "5 мин" and kpi(anna, "replies") == "1"
    assert kpi(anna, "follow-ups") == "1"
    boris = client.get("/operators/Борис", query_string=args).get_data(as_text=True)
    # Борис answered B first (600 s); his reply to A was a follow-up.
    assert kpi(boris, "median") == "10 мин" and kpi(boris, "replies") == "1"
    assert kpi(boris, "follow-ups") == "1"


def test_csv_has_first_response_and_keeps_vk_ids(client, seeded):
    import csv
    import io

    body = client.get("/export.csv", query_string={"from": "2026-11-16", "to": "2026-11-18"})
    rows = list(csv.DictReader(io.StringIO(body.get_data().decode("utf-8-sig"), newline="")))
    got = {
        r["reply_text"].removeprefix("Ответ "): (
            r["first_response"],
            r["response_seconds"],
            r["since_previous_seconds"],
            r["comment_id"],
        )
        for r in rows
    }
    assert got == {
        "reply-a-0001": ("1", "300", "", A),
        "reply-a-0002": ("0", "2100", "1800", A),
        "reply-a-0003": ("0", "173100", "171000", A),
        "reply-b-0001": ("1", "600", "", B),
    }


def test_migration_times_replies_stored_before_it(tmp_path):
    """m005 on a database with replies stored by the old code (every reply timed on its
    own, follow-ups counted as responses) marks first responses and retimes them."""
    from store_db import old_sqlite_file

    from companion.storage import make_engine
    from companion.storage.migrate import migrate

    database = str(tmp_path / "old.db")
    db = old_sqlite_file(database, upto="m004_dashboard_covering_index")
    db.execute(
        "INSERT INTO comments (platform, comment_id, posted_at) "
        "VALUES ('vk', 'c1', '2026-11-16T10:00:00.000Z')"
    )
    for n, sent in enumerate(("2026-11-16T10:05:00.000Z", "2026-11-18T10:00:00.000Z")):
        db.execute(
            "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, "
            "comment_posted_at, reply_sent_at, response_seconds, created_at) "
            "VALUES (?, 'vk', 'c1', 'Анна', 'x', NULL, ?, NULL, 'x')",
            (f"old-{n}", sent),
        )
    engine = make_engine(f"sqlite:///{database}")
    assert "m005_first_response" in migrate(engine)
    engine.dispose()
    got = db.execute(
        "SELECT first_response, response_seconds, since_previous_seconds FROM replies "
        "ORDER BY reply_sent_at"
    ).fetchall()
    db.close()
    assert [tuple(r) for r in got] == [(1, 300.0, None), (0, 172800.0, 172500.0)]


def test_follow_ups_are_marked_on_the_operator_and_reply_pages(client, app, seeded):
    args = {"from": "2026-11-16", "to": "2026-11-18"}
    boris = client.get("/operators/Борис", query_string=args).get_data(as_text=True)
    assert boris.count('class="muted small follow-up"') == 1 and "повторный +30 мин" in boris
    db = connect(app.config["STORE_URL"])
    (follow_up,) = db.execute("SELECT id FROM replies WHERE event_uuid = 'reply-a-0002'").fetchone()
    (first,) = db.execute("SELECT id FROM replies WHERE event_uuid = 'reply-a-0001'").fetchone()
    db.close()
    assert 'id="follow-up"' in client.get(f"/replies/{follow_up}").get_data(as_text=True)
    assert 'id="follow-up"' not in client.get(f"/replies/{first}").get_data(as_text=True)


FOLLOWUP_THREAD = [
    {"uuid": "followup-b-0001", "type": "customer_followup", "platform": "vk", "comment_id": B,
     "answered_comment_id": A, "text": "Спасибо огромное, всё заработало!",
     "posted_at": "2026-11-16T10:40:00Z", "seen_at": "2026-11-16T10:41:00Z"},
    _reply("reply-b-0001", B, "Борис", "2026-11-16T10:50:00Z"),
]


def test_a_reply_gets_its_comments_labels_whatever_came_first(store):
    """The reply to a follow-up carries the follow-up's tone and gratitude (computed by
    the companion) whether the reply's event or the follow-up's arrived first."""
    labels = []
    database = store
    init(database)
    for order in [FOLLOWUP_THREAD, FOLLOWUP_THREAD[::-1]]:
        _clear(database)
        store_one_by_one(database, order)
        db = connect(database)
        try:
            labels.append(tuple(db.execute(
                "SELECT tone, gratitude FROM replies WHERE event_uuid = 'reply-b-0001'"
            ).fetchone()))
        finally:
            db.close()
    assert labels[0] == labels[1] == ("positive", 1)
