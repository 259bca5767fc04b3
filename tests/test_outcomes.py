"""Reply outcomes: follow-ups linked to the reply they follow, in every arrival order."""

from __future__ import annotations

import itertools
import uuid

import jsonschema
import pytest
from store_db import connect

from companion.api.openapi import document

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")

COMMENT = "-1_10_100"  # the customer's complaint, answered twice


def reply(at: str, text: str, operator: str = "Анна", comment_id: str = COMMENT,
          **extra) -> dict:
    return {
        "uuid": str(uuid.uuid4()), "type": "reply_sent", "platform": "vk",
        "comment_id": comment_id, "operator": operator, "text": text, "reply_sent_at": at,
        "comment_posted_at": "2026-11-23T10:00:00Z", "comment_author_id": "42",
        "comment_text": "Третий день нет интернета!!! Верните деньги", "tone": "negative",
        "persona": "aggressor", **extra,
    }


def followup(comment_id: str, at: str, text: str, **extra) -> dict:
    return {
        "uuid": str(uuid.uuid4()), "type": "customer_followup", "platform": "vk",
        "comment_id": comment_id, "answered_comment_id": COMMENT, "author_id": "42",
        "author_name": "Ольга Петрова", "text": text, "posted_at": at,
        "seen_at": at, **extra,
    }


R1 = reply("2026-11-23T10:10:00Z", "Ольга, простите, проверяем линию.")
F1 = followup("-1_10_201", "2026-11-23T10:20:00Z", "Всё ещё не работает!!!", tone="negative",
              gratitude=False)
R2 = reply("2026-11-23T10:30:00Z", "Ольга, нашли обрыв, бригада уже чинит, к 12:00 заработает.",
           operator="Игорь")
# No tone or thanks sent: the companion's models read them.
F2 = followup("-1_10_202", "2026-11-23T10:40:00Z", "Спасибо большое, всё заработало!")


def post(api, *events) -> dict:
    response = api.post("/api/v1/events", json={"events": list(events)})
    assert response.status_code == 200, response.json
    return response.json


def state(app) -> dict:
    db = connect(app.config["STORE_URL"])
    try:
        by_text = {r["id"]: r["text"] for r in db.execute("SELECT id, text FROM replies")}
        links = {
            f["comment_id"]: by_text.get(f["reply_id"])
            for f in db.execute("SELECT comment_id, reply_id FROM followups")
        }
        outcomes = {
            by_text[o["reply_id"]]: (o["outcome"], o["followups"])
            for o in db.execute("SELECT * FROM reply_outcomes")
        }
        return {"links": links, "outcomes": outcomes}
    finally:
        db.close()


EXPECTED = {
    "links": {"-1_10_201": R1["text"], "-1_10_202": R2["text"]},
    "outcomes": {R1["text"]: ("still_negative", 1), R2["text"]: ("thanked", 1)},
}


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_links_and_outcomes_are_the_same_in_every_arrival_order(api, app, order) -> None:
    events = [R1, F1, R2, F2]
    for i in order:
        post(api, events[i])
    assert state(app) == EXPECTED


def test_one_batch_in_reverse_and_replays_change_nothing(api, app) -> None:
    post(api, F2, R2, F1, R1)
    first = state(app)
    assert first == EXPECTED
    post(api, F2, R1)  # replayed uuids
    again = {**F1, "uuid": str(uuid.uuid4()), "seen_at": "2026-11-23T11:00:00Z"}
    post(api, again)  # the same follow-up seen again by another page
    assert state(app) == first
    db = connect(app.config["STORE_URL"])
    try:
        assert db.execute("SELECT count(*) FROM followups").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM replies").fetchone()[0] == 2
    finally:
        db.close()


def test_a_comment_before_any_reply_is_no_followup(api, app) -> None:
    early = followup("-1_10_150", "2026-11-23T10:05:00Z", "Алло, вы тут?", tone="neutral")
    post(api, early, R1)
    assert state(app) == {"links": {"-1_10_150": None}, "outcomes": {}}


def test_a_coarse_site_time_still_links_to_the_reply_seen_before(api, app) -> None:
    # «1 мин.» on the page: posted reads 10:09, the reply went at 10:10, seen at 10:12.
    coarse = followup("-1_10_203", "2026-11-23T10:09:00Z", "Спасибо!", tone="positive",
                      gratitude=True, seen_at="2026-11-23T10:12:00Z")
    post(api, coarse)
    post(api, R1)
    assert state(app) == {"links": {"-1_10_203": R1["text"]},
                          "outcomes": {R1["text"]: ("thanked", 1)}}


def test_a_followup_is_a_comment_with_its_own_first_response(api, app) -> None:
    post(api, R1, F1)
    answer = reply("2026-11-23T10:25:00Z", "Ольга, уже выясняем, напишем через 10 минут.",
                   comment_id=F1["comment_id"])
    del answer["comment_posted_at"]  # known from the follow-up
    post(api, answer)
    db = connect(app.config["STORE_URL"])
    try:
        comment = db.execute(
            "SELECT text, tone, posted_at FROM comments WHERE comment_id = ?",
            (F1["comment_id"],)).fetchone()
        assert comment["text"] == F1["text"] and comment["tone"] == "negative"
        seconds = db.execute("SELECT response_seconds FROM replies WHERE comment_id = ?",
                             (F1["comment_id"],)).fetchone()[0]
        assert seconds == 300.0
    finally:
        db.close()


def test_coach_verdict_of_the_sent_draft_is_kept(api, app) -> None:
    coached = reply("2026-11-23T10:10:00Z", "Ольга, не кипятитесь 😂",
                    draft={"score": 0.1, "level": "ok",
                           "coach": {"score": 0.25, "met": 2, "total": 8,
                                     "unmet": ["apologises", "persona_fit.aggressor"]}})
    post(api, coached)
    db = connect(app.config["STORE_URL"])
    try:
        row = db.execute("SELECT score, met, total, unmet FROM reply_coach").fetchone()
        assert tuple(row) == (0.25, 2, 8, '["apologises", "persona_fit.aggressor"]')
    finally:
        db.close()


@pytest.mark.parametrize(("patch", "field"), [
    ({"answered_comment_id": None}, "events[1].answered_comment_id"),
    ({"answered_comment_id": "  "}, "events[1].answered_comment_id"),
    ({"text": " "}, "events[1].text"),
    ({"seen_at": "yesterday"}, "events[1].seen_at"),
    ({"tone": "angry"}, "events[1].tone"),
    ({"gratitude": "yes"}, "events[1].gratitude"),
])
def test_bad_followups_are_refused_whole(api, app, patch, field) -> None:
    bad = {k: v for k, v in {**F1, **patch}.items() if v is not None}
    response = api.post("/api/v1/events", json={"events": [R1, bad]})
    assert response.status_code == 400
    assert response.json["error"]["field"] == field
    assert state(app) == {"links": {}, "outcomes": {}}  # nothing half-stored


def test_bad_coach_is_refused(api) -> None:
    bad = reply("2026-11-23T10:10:00Z", "x", draft={"coach": {"score": 3}})
    response = api.post("/api/v1/events", json={"events": [bad]})
    assert response.status_code == 400
    assert response.json["error"]["field"] == "events[0].draft.coach.score"


def test_followup_event_matches_its_schema() -> None:
    schema = document()["paths"]["/events"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    jsonschema.validate({"events": [F1, F2, R1]}, schema)
