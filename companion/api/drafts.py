"""``POST /drafts/check``: how close a reply draft is to a template, and its clichés."""

from __future__ import annotations

from flask import current_app, jsonify
from sqlalchemy.exc import DBAPIError

from model import coach

from .. import drafts
from ..storage.events import MAX_ID, PERSONAS, PLATFORMS, TONES
from ..storage.events import MAX_TEXT as MAX_COMMENT_TEXT
from ..storage.per_request import get_db
from ..storage.templates import MAX_TEXT
from ..validation import get, json_body, obj
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema

MAX_COMMENT_ID = 200
LANGS = ("ru", "en")


@bp.post("/drafts/check")
def check_draft():
    data = obj(json_body(), "")
    text = get(data, "text", str, max_len=MAX_TEXT)
    comment_id = get(data, "comment_id", str, required=False, max_len=MAX_COMMENT_ID)
    platform = get(data, "platform", str, required=False, choices=PLATFORMS)
    lang = get(data, "lang", str, required=False, choices=LANGS, default="ru")
    comment = _comment(data)
    try:
        db = get_db()
    except DBAPIError:  # the team's store is down: the check still answers (drafts.py)
        db = None
    result = drafts.check_draft(
        db, text, comment_id=comment_id, data_dir=current_app.config["DATA_DIR"],
        comment=comment, platform=platform, lang=lang, store=current_app.config["STORE_URL"],
    )
    return jsonify(result)


def _comment(data: dict) -> dict | None:
    """The ``comment`` field: what the extension knows of the comment being answered."""
    raw = get(data, "comment", dict, required=False)
    if raw is None:
        return None
    p = "comment"
    return {
        "text": get(raw, "text", str, path=p, required=False, max_len=MAX_COMMENT_TEXT),
        "tone": get(raw, "tone", str, path=p, required=False, choices=TONES),
        "persona": get(raw, "persona", str, path=p, required=False, choices=PERSONAS),
        "author_name": get(raw, "author_name", str, path=p, required=False, max_len=MAX_ID),
    }


_SPAN = {
    "type": "object",
    "required": ["start", "end"],
    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
}
COACH = {
    "type": "object",
    "description": "The reply coach's checklist for the comment the draft answers "
                   "(docs/coach.md). Items measured under 0.8 precision are not listed.",
    "required": ["score", "met", "total", "items"],
    "properties": {
        "score": {"type": "number", "minimum": 0, "maximum": 1,
                  "description": "met / total; 1 when no item applies"},
        "met": {"type": "integer", "minimum": 0},
        "total": {"type": "integer", "minimum": 0},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "key", "met", "title", "reason"],
                "properties": {
                    "id": {"enum": list(coach.CHECKS)},
                    "key": {"type": "string",
                            "description": "id, with the persona for persona_fit"},
                    "met": {"type": "boolean"},
                    "title": {"type": "string"},
                    "reason": {"type": "string", "description": "one line, in lang"},
                },
            },
        },
        "guidance_error": {"type": "string",
                           "description": "the trainer's coach.json is malformed (file, key): "
                                          "the shipped wording is used"},
    },
}
CHECK_RESULT = {
    "type": "object",
    "required": ["score", "level", "nearest", "spans", "cliches", "coach"],
    "properties": {
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "level": {"enum": ["ok", "warn", "high"]},
        "nearest": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["id", "text", "source"],
                    "properties": {
                        "id": {"type": "string"},
                        "text": {"type": "string"},
                        "source": {"enum": ["template", "reply"]},
                    },
                },
            ]
        },
        "spans": {"type": "array", "items": _SPAN},
        "cliches": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["phrase", "start", "end", "alternative"],
                "properties": {
                    "phrase": {"type": "string"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "alternative": {"type": "string"},
                },
            },
        },
        "coach": COACH,
    },
}

OPENAPI = {
    "/drafts/check": {
        "post": {
            "summary": "Similarity of a draft to templates and sent replies, its clichés, "
                       "and the reply coach's checklist",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "maxLength": MAX_TEXT},
                        "comment_id": {"type": "string", "maxLength": MAX_COMMENT_ID},
                        "platform": {"enum": list(PLATFORMS)},
                        "lang": {"enum": list(LANGS), "default": "ru"},
                        "comment": {
                            "type": "object",
                            "description": "The comment the draft answers, as the "
                                           "extension knows it; gaps are filled from "
                                           "the stored comment (platform + comment_id)",
                            "properties": {
                                "text": {"type": "string", "maxLength": MAX_COMMENT_TEXT},
                                "tone": {"enum": list(TONES)},
                                "persona": {"enum": list(PERSONAS)},
                                "author_name": {"type": "string", "maxLength": MAX_ID},
                            },
                        },
                    },
                }
            ),
            "responses": {"200": ok(CHECK_RESULT), **errors(*STANDARD_ERRORS)},
        }
    }
}
