"""One error shape everywhere, with the field at fault."""

from __future__ import annotations

import pytest


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.data
    body = response.json
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["message"]
    return body["error"]


def test_malformed_json(api):
    response = api.client.post(
        "/api/v1/events",
        data=b"{not json",
        headers={**api.headers, "Content-Type": "application/json"},
    )
    assert _error(response, 400)["code"] == "malformed_json"


@pytest.mark.parametrize("raw", [b"NaN", b'{"events": [Infinity]}', b"", b"   "])
def test_not_quite_json(api, raw):
    response = api.client.post(
        "/api/v1/events", data=raw, headers={**api.headers, "Content-Type": "application/json"}
    )
    _error(response, 400)


def test_not_json_is_415(api):
    response = api.client.post(
        "/api/v1/events", data="events=1", headers={**api.headers, "Content-Type": "text/plain"}
    )
    assert _error(response, 415)["code"] == "unsupported_media_type"


def test_body_over_limit_is_413(api):
    from companion.app import MAX_BODY

    big = b'{"events": [], "pad": "' + b"x" * (MAX_BODY + 10) + b'"}'
    response = api.client.post(
        "/api/v1/events", data=big, headers={**api.headers, "Content-Type": "application/json"}
    )
    _error(response, 413)


def test_unknown_path_is_404_json(api):
    assert _error(api.get("/api/v1/nope"), 404)["code"] == "not_found"


def test_wrong_method_is_405_json(api):
    error = _error(api.get("/api/v1/events"), 405)
    assert error["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], None),
        ({}, "events"),
        ({"events": {}}, "events"),
        ({"events": [1]}, "events[0]"),
        ({"events": [{"type": "reply_sent"}]}, "events[0].uuid"),
        ({"events": [{"uuid": "bad uuid!", "type": "x"}]}, "events[0].uuid"),
        ({"events": [{"uuid": "a1b2c3d4-0000", "type": "x"}]}, "events[0].type"),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "comment_seen",
                        "platform": "ok",
                        "comment_id": "1",
                    }
                ]
            },
            "events[0].platform",
        ),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "comment_seen",
                        "platform": "vk",
                        "comment_id": "1",
                        "seen_at": "yesterday",
                    }
                ]
            },
            "events[0].seen_at",
        ),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "comment_seen",
                        "platform": "vk",
                        "comment_id": "1",
                        "seen_at": "2026-11-22T10:00:00",
                    }
                ]
            },
            "events[0].seen_at",
        ),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "reply_sent",
                        "platform": "vk",
                        "comment_id": "1",
                        "operator": "A",
                        "text": 5,
                        "reply_sent_at": "2026-11-22T10:00:00Z",
                    }
                ]
            },
            "events[0].text",
        ),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "reply_sent",
                        "platform": "vk",
                        "comment_id": "1",
                        "operator": "A",
                        "text": "x",
                        "reply_sent_at": "2026-11-22T10:00:00Z",
                        "gratitude": 1,
                    }
                ]
            },
            "events[0].gratitude",
        ),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "reply_sent",
                        "platform": "vk",
                        "comment_id": "1",
                        "operator": "A",
                        "text": "x",
                        "reply_sent_at": "2026-11-22T10:00:00Z",
                        "draft": {"score": 3},
                    }
                ]
            },
            "events[0].draft.score",
        ),
        (
            {
                "events": [
                    {
                        "uuid": "a1b2c3d4-0000",
                        "type": "reply_sent",
                        "platform": "vk",
                        "comment_id": "1",
                        "operator": "A",
                        "text": "x" * 20_001,
                        "reply_sent_at": "2026-11-22T10:00:00Z",
                    }
                ]
            },
            "events[0].text",
        ),
    ],
)
def test_bad_events_name_the_field(api, body, field):
    assert _error(api.post("/api/v1/events", json=body), 400)["field"] == field


def test_too_many_events_in_a_batch(api):
    events = [{"uuid": f"a1b2c3d4-{i:04d}"} for i in range(501)]
    assert _error(api.post("/api/v1/events", json={"events": events}), 400)["field"] == "events"


def test_refused_on_headers_reads_like_any_other_error(api):
    """A 401 refused by waitress before Flask (companion.gate) is serialised like Flask's
    own errors, byte for byte: one code path, not two shapes of the same body."""
    from companion.errors import ApiError
    from companion.gate import Refused, _json_error

    err = ApiError(401, "Wrong pairing token (rotated? run `otklik token`)", "Authorization")
    _, _, early = _json_error(Refused(err), None)
    late = api.client.get("/api/v1/page-health", headers={"Authorization": "Bearer wrong"})
    assert late.status_code == 401
    assert early == late.data


def test_docs_name_the_codes_a_client_gets(api):
    """docs/api.md names the code each of these errors really carries (it once promised
    `bad_request` for malformed JSON, which answers `malformed_json`)."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text("utf-8")
    json_headers = {**api.headers, "Content-Type": "application/json"}
    answers = [
        api.client.post("/api/v1/events", data=b'{"events": [', headers=json_headers),
        api.client.post("/api/v1/events", data=b"", headers=json_headers),
        api.client.post(
            "/api/v1/events", data="events=1", headers={**api.headers, "Content-Type": "text/plain"}
        ),
        api.get("/api/v1/nope"),
        api.get("/api/v1/events"),
    ]
    for response in answers:
        code = response.json["error"]["code"]
        assert f"{response.status_code} `{code}`" in docs or f"`{code}`: " in docs, code
