"""``POST /comments/handled``: which comments the team already answered, and which a
colleague is answering now (companion/api/claims.py)."""

from __future__ import annotations

from flask import jsonify

from ..errors import ApiError
from ..storage import comments
from ..storage.events import MAX_ID, PLATFORMS
from ..storage.per_request import get_db
from ..validation import get, json_body, obj
from . import bp
from .claims import CLAIMS_SCHEMA, colleagues_claims
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema

MAX_IDS = 1000


@bp.post("/comments/handled")
def handled():
    data = obj(json_body(), "")
    platform = get(data, "platform", str, choices=PLATFORMS)
    ids = get(data, "comment_ids", list, max_items=MAX_IDS)
    for i, value in enumerate(ids):
        if not isinstance(value, str) or not value or len(value) > MAX_ID:
            raise ApiError(400, f"comment_ids[{i}] must be a non-empty string", f"comment_ids[{i}]")
    found = comments.handled(get_db(), platform, ids)
    # Who of the team is answering the others now («отвечает Анна»), not the asker.
    return jsonify({"handled": found, "claims": colleagues_claims(platform, ids, found)})


OPENAPI = {
    "/comments/handled": {
        "post": {
            "summary": "Which of these comments already have a stored reply, and which a "
            "colleague is answering now",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["platform", "comment_ids"],
                    "properties": {
                        "platform": {"enum": list(PLATFORMS)},
                        "comment_ids": {
                            "type": "array",
                            "maxItems": MAX_IDS,
                            "items": {"type": "string", "minLength": 1, "maxLength": MAX_ID},
                        },
                    },
                }
            ),
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["handled", "claims"],
                        "properties": {"handled": {"type": "object"}, "claims": CLAIMS_SCHEMA},
                    }
                ),
                **errors(*STANDARD_ERRORS),
            },
        }
    }
}
