"""«Отвечает Анна» through the API, on both engines: ``POST /comments/claim`` and the
``claims`` part of ``POST /comments/handled``. A colleague's claim (another role on the
store) shows; the asker's own, an expired one, a released one and one on a comment
already answered do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from companion.storage import make_engine
from companion.storage.engine import write_transaction
from companion.storage.migrate import migrate
from companion.team import claims

ASK = {"platform": "vk", "comment_ids": ["c1", "c2", "c3"]}


@pytest.fixture
def store_engine(store, app):
    engine = make_engine(store)
    migrate(engine)  # as the app does at its first request
    yield engine
    engine.dispose()


def _colleague_claim(engine, comment_id: str, *, name="Борис", role="otklik_boris",
                     age_s: float = 0) -> None:
    with engine.connect() as db, write_transaction(db):
        claims.claim(db, "vk", comment_id, role=role, operator=name,
                     now=datetime.now(UTC) - timedelta(seconds=age_s))


def test_claim_and_release_as_this_operator(store, api):
    response = api.post("/api/v1/comments/claim",
                        json={"platform": "vk", "comment_id": "c1", "operator": " Анна "})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["operator"] == "Анна" and body["released"] is False
    assert body["since"] < body["expires_at"]
    # Renewed while typing: the first moment stays.
    again = api.post("/api/v1/comments/claim",
                     json={"platform": "vk", "comment_id": "c1", "operator": "Анна"}).json
    assert again["since"] == body["since"]
    # Never shown to the one who claimed.
    assert api.post("/api/v1/comments/handled", json=ASK).json["claims"] == {}
    released = api.post("/api/v1/comments/claim",
                        json={"platform": "vk", "comment_id": "c1", "release": True})
    assert released.status_code == 200 and released.json == {"released": True}


def test_colleagues_live_claims_show_others_do_not(store, api, store_engine):
    _colleague_claim(store_engine, "c1")
    _colleague_claim(store_engine, "c1", name="Вера", role="otklik_vera", age_s=-5)  # later
    _colleague_claim(store_engine, "c2", age_s=claims.CLAIM_TTL_S + 1)  # expired
    _colleague_claim(store_engine, "c3")
    api.post("/api/v1/events", json={"events": [{
        "uuid": "3f0c7c52-5d4e-4bb6-9f43-3c1f1b0b2a11", "type": "reply_sent", "platform": "vk",
        "comment_id": "c3", "operator": "Вера", "text": "Готово!",
        "reply_sent_at": "2026-11-30T10:00:00Z"}]})
    body = api.post("/api/v1/comments/handled", json=ASK).json
    assert set(body["claims"]) == {"c1"}
    assert body["claims"]["c1"]["operator"] == "Борис"  # the first to start answering
    assert body["handled"]["c3"]["operator"] == "Вера"
    assert api.post("/api/v1/comments/handled",
                    json={"platform": "facebook", "comment_ids": ["c1"]}).json["claims"] == {}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"platform": "ok", "comment_id": "c1", "operator": "Анна"}, "platform"),
        ({"platform": "vk", "comment_id": "", "operator": "Анна"}, "comment_id"),
        ({"platform": "vk", "comment_id": "x" * 201, "operator": "Анна"}, "comment_id"),
        ({"platform": "vk", "comment_id": "c1", "release": "yes"}, "release"),
        # Outside team mode the name comes from the extension, and it is needed.
        ({"platform": "vk", "comment_id": "c1"}, "operator"),
    ],
)
def test_bad_claims_name_the_field(store, api, body, field):
    response = api.post("/api/v1/comments/claim", json=body)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field


def test_a_claim_needs_the_token(store, guest):
    assert guest.post("/api/v1/comments/claim",
                      json={"platform": "vk", "comment_id": "c1"}).status_code == 401


def test_claims_table_is_in_the_schema(store, store_engine):
    with store_engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM claims")).scalar() == 0
        assert db.execute(text("SELECT count(*) FROM members")).scalar() == 0
