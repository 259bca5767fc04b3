"""``POST /page-health``: the extension could not read a page; ``GET``: the counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import jsonify

from ..errors import ApiError
from ..storage import page_health
from ..storage.events import PLATFORMS
from ..storage.per_request import get_db
from ..validation import get, json_body, obj
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema

KIND = re.compile(r"^[a-z][a-z0-9_-]*$")


@bp.post("/page-health")
def report_miss():
    data = obj(json_body(), "")
    platform = get(data, "platform", str, choices=PLATFORMS)
    kind = get(data, "page_kind", str, max_len=page_health.MAX_KIND)
    if not KIND.match(kind):
        raise ApiError(400, "page_kind must be a lower-case word like 'post'", "page_kind")
    reason = get(data, "reason", str, choices=page_health.REASONS)
    count = page_health.record(get_db(), platform, kind, reason, datetime.now(UTC))
    return jsonify({"stored": True, "count_today": count})


@bp.get("/page-health")
def list_misses():
    return jsonify({"days": page_health.DAYS, "misses": page_health.recent(get_db())})


_MISS = {
    "type": "object",
    "required": ["platform", "page_kind", "reason", "count", "last_at"],
    "properties": {
        "platform": {"enum": list(PLATFORMS)},
        "page_kind": {"type": "string"},
        "reason": {"enum": list(page_health.REASONS)},
        "count": {"type": "integer"},
        "last_at": {"type": "string"},
    },
}

OPENAPI = {
    "/page-health": {
        "post": {
            "summary": "Count a page whose comments or comment box the extension could not read",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["platform", "page_kind", "reason"],
                    "properties": {
                        "platform": {"enum": list(PLATFORMS)},
                        "page_kind": {
                            "type": "string",
                            "maxLength": page_health.MAX_KIND,
                            "pattern": KIND.pattern,
                        },
                        "reason": {"enum": list(page_health.REASONS)},
                    },
                }
            ),
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["stored", "count_today"],
                        "properties": {
                            "stored": {"const": True},
                            "count_today": {"type": "integer"},
                        },
                    }
                ),
                **errors(*STANDARD_ERRORS),
            },
        },
        "get": {
            "summary": "Page-health misses of the last days, per site, page kind and reason",
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["days", "misses"],
                        "properties": {
                            "days": {"type": "integer"},
                            "misses": {"type": "array", "items": _MISS},
                        },
                    }
                ),
                **errors(401, 403),
            },
        },
    }
}
