"""``POST /pair/claim``: the extension collects the token the operator granted it.

No token needed (that is what it hands out); the request's ``Origin`` must be the
extension the operator confirmed on the companion's ``/pair`` page (companion.pairing).
"""

from __future__ import annotations

from flask import current_app, jsonify, request

from .. import __version__, pairing, secrets_store
from ..errors import ApiError
from . import bp
from .schemas import errors, json_body, ok


def team_name() -> str | None:
    """The team member this companion logs in as, or None (not team mode, or the store
    cannot be reached now: pairing does not wait for it)."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..storage.per_request import get_db
    from ..team.member import member_of

    try:
        return member_of(current_app, get_db()).name
    except SQLAlchemyError:
        return None


@bp.post("/pair/claim")
def pair_claim():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "a JSON object {\"code\": \"…\"} is expected")
    try:
        got = pairing.of(current_app).claim(body.get("code"), request.headers.get("Origin"))
    except pairing.PairingError as exc:
        code = {404: "not_confirmed", 410: "already_used"}.get(exc.status)
        raise ApiError(exc.status, exc.message, exc.field, code) from None
    return jsonify({
        "token": secrets_store.token(current_app.config["DATA_DIR"]),
        # Team mode: the extension takes the member's name, the one reports show.
        "operator": team_name() or got.operator,
        "version": __version__,
    })


OPENAPI = {
    "/pair/claim": {
        "post": {
            "summary": "Collect the pairing token the operator confirmed for this extension",
            "security": [],
            "requestBody": json_body({
                "type": "object", "required": ["code"],
                "properties": {"code": {"type": "string", "pattern": "^[A-Za-z0-9_-]{20,128}$"}},
            }),
            "responses": {
                "200": ok({
                    "type": "object", "required": ["token", "operator", "version"],
                    "properties": {"token": {"type": "string"}, "operator": {"type": "string"},
                                   "version": {"type": "string"}},
                }),
                **errors(400, 403, 404, 410),
            },
        }
    }
}
