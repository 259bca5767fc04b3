"""``POST /comments/claim``: this operator started (or stopped) answering a comment.

Colleagues see the claim in their ``POST /comments/handled`` answer (``claims``) as
«отвечает Анна» until it is released or expires (companion.team.claims, 120 s; the
extension renews it while its operator types). The name is the team member's (team
mode), else the ``operator`` the extension sends.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, jsonify

from ..errors import ApiError
from ..storage.engine import write_transaction
from ..storage.events import MAX_ID, PLATFORMS
from ..storage.per_request import get_db
from ..team import claims
from ..team.member import member_of, operator_name
from ..validation import get, json_body, obj
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema

MAX_NAME = 80


@bp.post("/comments/claim")
def claim():
    data = obj(json_body(), "")
    platform = get(data, "platform", str, choices=PLATFORMS)
    comment_id = get(data, "comment_id", str, max_len=MAX_ID)
    if not comment_id:
        raise ApiError(400, "comment_id must be a non-empty string", "comment_id")
    release = get(data, "release", bool, required=False, default=False)
    given = get(data, "operator", str, required=False, max_len=MAX_NAME)
    db = get_db()
    member = member_of(current_app, db)
    name = operator_name(member, given)
    if not release and not name:
        raise ApiError(400, "operator is required outside team mode (the extension's name)",
                       "operator")
    with write_transaction(db):
        if release:
            claims.release(db, platform, comment_id, role=member.role)
            return jsonify({"released": True})
        held = claims.claim(db, platform, comment_id, role=member.role, operator=name,
                            now=datetime.now(UTC))
    return jsonify({"released": False, **held})


def colleagues_claims(platform: str, comment_ids: list[str], handled: dict) -> dict:
    """For ``POST /comments/handled``: colleagues' live claims on the comments asked that
    nobody has answered yet, ``{comment_id: {operator, since}}``."""
    db = get_db()
    member = member_of(current_app, db)
    open_ids = [c for c in comment_ids if c not in handled]
    return claims.active(db, platform, open_ids, exclude_role=member.role,
                         now=datetime.now(UTC))


CLAIMS_SCHEMA = {
    "type": "object",
    "description": "Colleagues answering these comments now (not the asking operator): "
    "comment_id → {operator, since}",
    "additionalProperties": {
        "type": "object",
        "required": ["operator", "since"],
        "properties": {"operator": {"type": "string"}, "since": {"type": "string"}},
    },
}

OPENAPI = {
    "/comments/claim": {
        "post": {
            "summary": "This operator started (or, with release, stopped) answering a comment",
            "description": "A claim shows to colleagues as «отвечает …» until released or "
            f"{claims.CLAIM_TTL_S} s after the last claim; send it again while typing.",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["platform", "comment_id"],
                    "properties": {
                        "platform": {"enum": list(PLATFORMS)},
                        "comment_id": {"type": "string", "minLength": 1, "maxLength": MAX_ID},
                        "release": {"type": "boolean"},
                        "operator": {"type": "string", "maxLength": MAX_NAME},
                    },
                }
            ),
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["released"],
                        "properties": {
                            "released": {"type": "boolean"},
                            "operator": {"type": "string"},
                            "since": {"type": "string"},
                            "expires_at": {"type": "string"},
                        },
                    }
                ),
                **errors(*STANDARD_ERRORS),
            },
        }
    }
}
