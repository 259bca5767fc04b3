"""``POST /events``: reply timings, comment sightings and customers' follow-ups, stored
once per UUID."""

from __future__ import annotations

from flask import current_app, jsonify

from ..storage import events as events_store
from ..storage import outcomes
from ..storage.per_request import get_db
from ..team.member import member_of, stamp
from ..validation import json_body
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema


@bp.post("/events")
def post_events():
    events = events_store.parse_batch(json_body())
    db = get_db()
    # Team mode: the member's name, never the extension's free-text field.
    stamp(events, member_of(current_app, db))
    return jsonify({"results": events_store.store(db, events)})


_TIME = {"type": "string", "format": "date-time"}
_STR = {"type": "string", "maxLength": events_store.MAX_ID}
_TEXT = {"type": "string", "maxLength": events_store.MAX_TEXT}
_COMMON = {
    "uuid": {"type": "string", "pattern": "^[0-9A-Za-z-]{8,64}$"},
    "platform": {"enum": list(events_store.PLATFORMS)},
    "comment_id": {"type": "string", "pattern": "\\S", "maxLength": events_store.MAX_ID},
    "permalink": {"type": "string", "maxLength": 2000},
}
COMMENT_SEEN = {
    "type": "object",
    "required": ["uuid", "type", "platform", "comment_id", "seen_at"],
    "properties": {
        **_COMMON,
        "type": {"const": "comment_seen"},
        "author_id": _STR,
        "author_name": _STR,
        "text": _TEXT,
        "posted_at": _TIME,
        "seen_at": _TIME,
        "operator": _STR,
    },
}
REPLY_SENT = {
    "type": "object",
    "required": ["uuid", "type", "platform", "comment_id", "operator", "text", "reply_sent_at"],
    "properties": {
        **_COMMON,
        "type": {"const": "reply_sent"},
        "operator": _STR,
        "text": _TEXT,
        "reply_sent_at": _TIME,
        "reply_started_at": _TIME,
        "first_seen_at": _TIME,
        "comment_posted_at": _TIME,
        "comment_text": _TEXT,
        "comment_author_id": _STR,
        "comment_author_name": _STR,
        "tone": {"enum": list(events_store.TONES)},
        "persona": {"enum": list(events_store.PERSONAS)},
        "gratitude": {"type": "boolean"},
        "draft": {
            "type": "object",
            "properties": {
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "level": {"enum": list(events_store.LEVELS)},
                "nearest_id": _STR,
                "cliches": {
                    "type": "array",
                    "maxItems": 100,
                    "items": {"type": "string", "maxLength": 200},
                },
                "coach": {
                    "type": "object",
                    "description": "the reply coach's verdict on the draft as sent",
                    "required": ["score"],
                    "properties": {
                        "score": {"type": "number", "minimum": 0, "maximum": 1},
                        "met": {"type": "integer", "minimum": 0},
                        "total": {"type": "integer", "minimum": 0},
                        "unmet": {
                            "type": "array",
                            "maxItems": outcomes.MAX_COACH_ITEMS,
                            "items": {"type": "string", "minLength": 1, "maxLength": 100},
                        },
                    },
                },
            },
        },
    },
}
CUSTOMER_FOLLOWUP = {
    "type": "object",
    "description": "A customer's next comment in the thread after the brand answered "
                   "answered_comment_id (theirs); linked to the reply it follows, it labels "
                   "that reply's outcome (companion/outcomes.py)",
    "required": ["uuid", "type", "platform", "comment_id", "answered_comment_id", "text",
                 "seen_at"],
    "properties": {
        **_COMMON,
        "type": {"const": "customer_followup"},
        "answered_comment_id": _COMMON["comment_id"],
        "author_id": _STR,
        "author_name": _STR,
        "text": {**_TEXT, "pattern": "\\S"},
        "posted_at": _TIME,
        "seen_at": _TIME,
        "operator": _STR,
        "tone": {"enum": list(events_store.TONES)},
        "gratitude": {"type": "boolean"},
    },
}

OPENAPI = {
    "/events": {
        "post": {
            "summary": "Store a batch of timing and follow-up events (idempotent per uuid)",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["events"],
                    "properties": {
                        "events": {
                            "type": "array",
                            "maxItems": events_store.MAX_EVENTS,
                            "items": {"oneOf": [COMMENT_SEEN, REPLY_SENT, CUSTOMER_FOLLOWUP]},
                        }
                    },
                }
            ),
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["results"],
                        "properties": {
                            "results": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["uuid", "status"],
                                    "properties": {
                                        "uuid": {"type": "string"},
                                        "status": {"const": "stored"},
                                    },
                                },
                            }
                        },
                    }
                ),
                **errors(*STANDARD_ERRORS),
            },
        }
    }
}
