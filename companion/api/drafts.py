"""``POST /drafts/check``: how close a reply draft is to a template, and its clichés."""

from __future__ import annotations

from flask import current_app, jsonify

from .. import drafts
from ..db import get_db
from ..templates_store import MAX_TEXT
from ..validation import get, json_body, obj
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema

MAX_COMMENT_ID = 200


@bp.post("/drafts/check")
def check_draft():
    data = obj(json_body(), "")
    text = get(data, "text", str, max_len=MAX_TEXT)
    comment_id = get(data, "comment_id", str, required=False, max_len=MAX_COMMENT_ID)
    result = drafts.check_draft(
        get_db(), text, comment_id=comment_id, data_dir=current_app.config["DATA_DIR"]
    )
    return jsonify(result)


_SPAN = {
    "type": "object",
    "required": ["start", "end"],
    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
}
CHECK_RESULT = {
    "type": "object",
    "required": ["score", "level", "nearest", "spans", "cliches"],
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
    },
}

OPENAPI = {
    "/drafts/check": {
        "post": {
            "summary": "Similarity of a draft to templates and sent replies, and its clichés",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "maxLength": MAX_TEXT},
                        "comment_id": {"type": "string", "maxLength": MAX_COMMENT_ID},
                    },
                }
            ),
            "responses": {"200": ok(CHECK_RESULT), **errors(*STANDARD_ERRORS)},
        }
    }
}
