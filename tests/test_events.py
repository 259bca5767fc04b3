"""Timing events: stored once per UUID, nothing half-written."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from store_db import connect

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")


def reply_event(**over) -> dict:
    event = {
        "uuid": str(uuid.uuid4()),
        "type": "reply_sent",
        "platform": "vk",
        "comment_id": "-1_10_100",
        "operator": "Анна",
        "text": "Разберёмся сегодня!",
        "reply_sent_at": "2026-11-22T10:15:00Z",
        "reply_started_at": "2026-11-22T10:12:00Z",
        "first_seen_at": "2026-11-22T10:05:00+00:00",
        "comment_posted_at": "2026-11-22T13:00:00+03:00",
        "comment_text": "Нет интернета третий день",
        "permalink": "https://vk.com/wall-1_10?reply=100",
        "draft": {
            "score": 0.2,
            "level": "ok",
            "nearest_id": "d01",
            "cliches": ["в настоящее время"],
        },
        "tone": "negative",
        "persona": "aggressor",
        "gratitude": False,
    }
    event.update(over)
    return event


def seen_event(**over) -> dict:
    event = {
        "uuid": str(uuid.uuid4()),
        "type": "comment_seen",
        "platform": "vk",
        "comment_id": "-1_10_100",
        "seen_at": "2026-11-22T10:05:00Z",
        "posted_at": "2026-11-22T10:00:00Z",
        "author_id": "42",
        "author_name": "Иван",
        "text": "Нет интернета третий день",
    }
    event.update(over)
    return event


def rows(app, sql: str) -> list[sqlite3.Row]:
    db = connect(app.config["STORE_URL"])
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_reply_is_stored_with_its_timings(api, app):
    event = reply_event()
    response = api.post("/api/v1/events", json={"events": [event]})
    assert response.status_code == 200
    assert response.json == {"results": [{"uuid": event["uuid"], "status": "stored"}]}
    (reply,) = rows(app, "SELECT * FROM replies")
    assert reply["operator"] == "Анна"
    assert reply["comment_posted_at"] == "2026-11-22T10:00:00.000Z"  # +03:00 made UTC
    assert reply["response_seconds"] == 15 * 60
    assert reply["draft_score"] == 0.2 and reply["draft_nearest_id"] == "d01"
    assert reply["tone"] == "negative" and reply["persona"] == "aggressor"
    (comment,) = rows(app, "SELECT * FROM comments")
    assert comment["text"] == "Нет интернета третий день"
    assert comment["first_seen_at"] == "2026-11-22T10:05:00.000Z"


def test_replayed_event_is_stored_once_and_answered_the_same(api, app):
    event = reply_event()
    first = api.post("/api/v1/events", json={"events": [event]})
    second = api.post("/api/v1/events", json={"events": [event, event]})
    assert second.json["results"] == first.json["results"] * 2
    assert len(rows(app, "SELECT * FROM replies")) == 1
    assert len(rows(app, "SELECT * FROM events")) == 1


def test_a_bad_event_rejects_the_whole_batch(api, app):
    good = reply_event()
    bad = reply_event(reply_sent_at="not a time")
    response = api.post("/api/v1/events", json={"events": [good, bad]})
    assert response.status_code == 400
    assert response.json["error"]["field"] == "events[1].reply_sent_at"
    assert rows(app, "SELECT * FROM replies") == []
    assert rows(app, "SELECT * FROM events") == []
    # Sent again without the bad one, the good one lands.
    assert api.post("/api/v1/events", json={"events": [good]}).status_code == 200
    assert len(rows(app, "SELECT * FROM replies")) == 1


def test_comment_sightings_keep_the_earliest(api, app):
    later = seen_event(seen_at="2026-11-22T11:00:00Z", operator="Олег")
    earlier = seen_event(seen_at="2026-11-22T10:30:00Z", operator="Анна", text=None)
    assert api.post("/api/v1/events", json={"events": [later, earlier]}).status_code == 200
    (comment,) = rows(app, "SELECT * FROM comments")
    assert comment["first_seen_at"] == "2026-11-22T10:30:00.000Z"
    assert comment["first_seen_by"] == "Анна"
    assert comment["text"] == "Нет интернета третий день"


def test_reply_takes_posted_time_from_an_earlier_sighting(api, app):
    api.post("/api/v1/events", json={"events": [seen_event()]})
    event = reply_event(comment_posted_at=None, first_seen_at=None)
    api.post("/api/v1/events", json={"events": [event]})
    (reply,) = rows(app, "SELECT * FROM replies")
    assert reply["comment_posted_at"] == "2026-11-22T10:00:00.000Z"
    assert reply["first_seen_at"] == "2026-11-22T10:05:00.000Z"
    assert reply["response_seconds"] == 15 * 60


def test_reply_before_its_comment_keeps_no_negative_time(api, app):
    event = reply_event(comment_posted_at="2026-11-22T12:00:00Z")
    api.post("/api/v1/events", json={"events": [event]})
    assert rows(app, "SELECT response_seconds FROM replies")[0][0] is None


def test_handled_comments(api):
    api.post("/api/v1/events", json={"events": [reply_event()]})
    response = api.post(
        "/api/v1/comments/handled",
        json={"platform": "vk", "comment_ids": ["-1_10_100", "-1_10_101"]},
    )
    assert response.status_code == 200
    assert response.json["handled"] == {
        "-1_10_100": {"operator": "Анна", "reply_sent_at": "2026-11-22T10:15:00.000Z"}
    }
    bad = api.post("/api/v1/comments/handled", json={"platform": "vk", "comment_ids": [1]})
    assert bad.json["error"]["field"] == "comment_ids[0]"


def test_operator_names_are_tidied_as_they_arrive(api, app):
    """«Анна » and «Анна» are one operator (and a name typed with a combining accent is
    the composed one): trimmed, inner spaces collapsed, NFC; letter case is kept, as the
    dashboard shows names as written."""
    from companion.storage.dashboard import operators
    from companion.storage.per_request import engine_of

    names = ["Анна", "Анна ", "\u00a0Анна", "Але\u0308на  Смирнова", "Алёна Смирнова", "анна"]
    batch = [reply_event(operator=name, comment_id=f"-1_10_{200 + i}")
             for i, name in enumerate(names)]
    seen = seen_event(comment_id="-1_10_300", operator=" Анна\t")
    response = api.post("/api/v1/events", json={"events": [*batch, seen]})
    assert response.status_code == 200, response.get_json()
    stored = sorted({r[0] for r in rows(app, "SELECT operator FROM replies")})
    assert stored == sorted(["Анна", "Алёна Смирнова", "анна"])
    assert rows(app, "SELECT first_seen_by FROM comments WHERE comment_id = '-1_10_300'"
                )[0][0] == "Анна"
    with engine_of(app).connect() as db:
        assert sorted(operators(db)) == stored
