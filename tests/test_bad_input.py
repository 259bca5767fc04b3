"""Bad bytes, impossible times and over-long ids: a 400 naming the field, never a 500."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from store_db import connect

from tests.test_events import reply_event, rows, seen_event


def _post_raw(api, path: str, raw: str):
    # json.dumps writes a lone surrogate as the escape \ud800, exactly as a browser's
    # JSON.stringify does; Flask's test client would refuse to encode it otherwise.
    return api.client.post(
        path, data=raw.encode(), content_type="application/json", headers=api.headers
    )


@pytest.mark.parametrize(
    ("field", "event"),
    [
        ("events[1].text", reply_event(text="Спасибо \ud800")),
        ("events[1].comment_id", reply_event(comment_id="-1_\ud800")),
        ("events[1].operator", reply_event(operator="\udfffАнна")),
        ("events[1].draft.cliches[0]", reply_event(draft={"cliches": ["\ud83d"]})),
    ],
)
def test_a_lone_surrogate_is_a_400_naming_the_field(api, app, field, event):
    body = json.dumps({"events": [seen_event(), event]})
    assert "\\ud" in body or "\\udfff" in body
    response = _post_raw(api, "/api/v1/events", body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert "Unicode" in response.json["error"]["message"]
    assert rows(app, "SELECT COUNT(*) FROM events")[0][0] == 0  # nothing half-written


def test_a_lone_surrogate_in_a_key_is_named_too(api):
    response = _post_raw(api, "/api/v1/analyze", '{"comments": [], "\\ud800": 1}')
    assert response.status_code == 400
    assert response.json["error"]["field"] == "'\\ud800'"


def test_a_surrogate_pair_is_a_character_not_an_error(api, app):
    # \ud83d\ude00 is one emoji written as a pair: valid, stored as the emoji.
    body = json.dumps({"events": [reply_event(text="Спасибо 😀")]}, ensure_ascii=True)
    assert "\\ud83d\\ude00" in body
    response = _post_raw(api, "/api/v1/events", body)
    assert response.status_code == 200, response.json
    assert rows(app, "SELECT text FROM replies")[0][0] == "Спасибо 😀"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/analyze", "/api/v1/drafts/check", "/api/v1/comments/handled", "/api/v1/templates"],
)
def test_every_endpoint_refuses_lone_surrogates(api, path):
    body = {
        "/api/v1/analyze": '{"comments": [{"id": "1", "text": "\\ud800"}]}',
        "/api/v1/drafts/check": '{"text": "\\ud800"}',
        "/api/v1/comments/handled": '{"platform": "vk", "comment_ids": ["\\ud800"]}',
        "/api/v1/templates": '{"text": "\\ud800"}',
    }[path]
    response = _post_raw(api, path, body)
    assert response.status_code == 400
    assert response.json["error"]["field"] in (
        "comments[0].text",
        "text",
        "comment_ids[0]",
    )


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"reply_sent_at": "2200-01-01T00:00:00Z"}, "events[0].reply_sent_at", "day ahead"),
        ({"reply_sent_at": _in(1.5)}, "events[0].reply_sent_at", "day ahead"),
        ({"comment_posted_at": "2005-06-01T00:00:00Z"}, "events[0].comment_posted_at", "2006"),
        ({"first_seen_at": "1970-01-01T00:00:00Z"}, "events[0].first_seen_at", "before"),
        ({"reply_started_at": "0001-01-01T00:00:00+05:00"}, "events[0].reply_started_at", ""),
    ],
)
def test_impossible_times_are_a_400_naming_the_field(api, app, over, field, words):
    response = api.post("/api/v1/events", json={"events": [reply_event(**over)]})
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert words in response.json["error"]["message"]
    assert rows(app, "SELECT COUNT(*) FROM replies")[0][0] == 0


def test_times_within_a_day_ahead_and_after_the_platform_opened_pass(api):
    facebook_2005 = reply_event(platform="facebook", comment_posted_at="2005-06-01T00:00:00Z")
    soon = reply_event(reply_sent_at=_in(0.5))  # a clock a few hours fast: still stored
    response = api.post("/api/v1/events", json={"events": [facebook_2005, soon]})
    assert response.status_code == 200, response.json


def test_analyze_refuses_a_comment_from_the_future(api):
    response = api.post(
        "/api/v1/analyze",
        json={"comments": [{"id": 1, "text": "ок", "posted_at": "2200-01-01T00:00:00Z"}]},
    )
    assert response.status_code == 400
    assert response.json["error"]["field"] == "comments[0].posted_at"


def test_the_dashboard_default_range_ignores_impossible_times(api, app, client):
    assert api.post("/api/v1/events", json={"events": [reply_event()]}).status_code == 200
    # A row written before the API checked times (or by hand): sent in 2200.
    db = connect(app.config["STORE_URL"])
    db.execute(
        "UPDATE replies SET reply_sent_at = '2200-01-01T00:00:00.000Z' WHERE id = 1"
    )
    db.execute(
        "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, reply_sent_at,"
        " created_at) SELECT 'x-2200-0001', platform, comment_id, operator, text,"
        " '2200-01-01T00:00:00.000Z', created_at FROM replies"
    )
    db.execute(
        "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, reply_sent_at,"
        " created_at) SELECT 'x-2026-0001', platform, comment_id, operator, text,"
        " '2026-11-22T10:15:00.000Z', created_at FROM replies LIMIT 1"
    )
    db.close()
    from zoneinfo import ZoneInfo

    from companion.storage.dashboard import latest_day

    db = connect(app.config["STORE_URL"])
    try:
        assert latest_day(db, ZoneInfo("UTC")).isoformat() == "2026-11-22"
    finally:
        db.close()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_a_201_character_template_id_is_a_400(api, method):
    call = getattr(api, method)
    kw = {"json": {"text": "Здравствуйте!"}} if method == "put" else {}
    response = call("/api/v1/templates/" + "a" * 201, **kw)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == "item_id"
    assert api.put("/api/v1/templates/" + "a" * 200, json={"text": "x"}).status_code == 404


# PostgreSQL's text cannot hold NUL (U+0000): stored as it came, a NUL failed the team
# store's batch with a 500 «Internal error (DataError)» that SQLite would have taken.
@pytest.mark.parametrize(
    ("field", "event"),
    [
        ("events[1].text", reply_event(text="Спасибо\x00")),
        ("events[1].comment_text", reply_event(comment_text="\x00")),
        ("events[1].operator", reply_event(operator="Анна\x00")),
        ("events[1].draft.cliches[0]", reply_event(draft={"cliches": ["\x00"]})),
    ],
)
def test_a_nul_character_is_a_400_naming_the_field_on_both_engines(store, api, app, field,
                                                                    event):
    response = api.post("/api/v1/events", json={"events": [seen_event(), event]})
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert "NUL" in response.json["error"]["message"]
    assert rows(app, "SELECT COUNT(*) FROM events")[0][0] == 0  # nothing half-written
    # The same batch without the NUL is stored.
    assert api.post("/api/v1/events", json={"events": [seen_event()]}).status_code == 200


def test_a_nul_template_text_is_a_400_on_both_engines(store, api):
    response = api.post("/api/v1/templates", json={"text": "Добрый день\x00"})
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == "text"


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_a_nul_in_a_url_is_a_400_not_a_500_in_team_mode(store, api, client):
    # No body to check field by field: the team store's own refusal is a bad request.
    for path, query in [("/", {"operator": "Анна\x00"}), ("/operators/%00", {}),
                        ("/export.csv", {"operator": "\x00"})]:
        response = client.get(path, query_string=query)
        assert response.status_code == 400, (path, response.status_code)
        assert "NUL" in response.get_data(as_text=True)
    response = api.put("/api/v1/templates/a%00b", json={"text": "Спасибо!"})
    assert response.status_code == 400, response.json
    assert "NUL" in response.json["error"]["message"]
    response = api.delete("/api/v1/templates/a%00b")
    assert response.status_code == 400, response.json


@pytest.mark.parametrize("field", ["id", "author"])
def test_analyze_limits_the_id_and_the_author(api, field):
    # The author had no limit: 20 MB of "author" went through to the analysis.
    comment = {"id": "c1", "text": "Спасибо!", field: "x" * 201}
    response = api.post("/api/v1/analyze", json={"comments": [comment]})
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == f"comments[0].{field}"
    comment[field] = "x" * 200
    assert api.post("/api/v1/analyze", json={"comments": [comment]}).status_code == 200
