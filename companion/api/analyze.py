"""``POST /analyze``: tone, gratitude and persona for up to 500 comments."""

from __future__ import annotations

import os
import threading

from flask import current_app, jsonify

from ..analysis import LANGS, analyze
from ..analysis_pool import APP_KEY, PoolStopped, WorkerCrashed
from ..errors import ApiError, error_response
from ..validation import get, json_body, obj, to_utc
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema

MAX_COMMENTS = 500
MAX_TEXT = 20_000
MAX_ID = 200
# Without worker processes (an app made by create_app alone: tests, no `otklik serve`)
# analysis is Python work in the server's threads, under the GIL: past one call per
# core, more at once only take turns, and every extra thread makes the server's own
# loop wait longer for the GIL. The rest wait on this semaphore, which costs nothing.
ANALYSIS_SLOTS = threading.BoundedSemaphore(max(1, min(4, os.cpu_count() or 1)))


def parse_comments(body: object) -> tuple[list[dict], str]:
    data = obj(body, "")
    raw = get(data, "comments", list, max_items=MAX_COMMENTS)
    lang = get(data, "lang", str, required=False, choices=LANGS, default="ru")
    comments = []
    for i, item in enumerate(raw):
        path = f"comments[{i}]"
        item = obj(item, path)
        comment_id = get(item, "id", (str, int), path=path)
        if isinstance(comment_id, str) and len(comment_id) > MAX_ID:
            raise ApiError(400, f"{path}.id is longer than {MAX_ID} characters", f"{path}.id")
        # Only compared (one author's thread for the persona): an id, not a text.
        author = get(item, "author", (str, int), path=path, required=False, max_len=MAX_ID)
        posted_at = get(item, "posted_at", str, path=path, required=False, max_len=64)
        comments.append(
            {
                "id": comment_id,
                "text": get(item, "text", str, path=path, max_len=MAX_TEXT),
                "author": None if author is None else str(author),
                "posted_at": None if posted_at is None else to_utc(posted_at, f"{path}.posted_at"),
            }
        )
    return comments, lang


@bp.post("/analyze")
def post_analyze():
    comments, lang = parse_comments(json_body())
    pool = current_app.extensions.get(APP_KEY)
    if pool is None:
        with ANALYSIS_SLOTS:
            results = analyze(comments, current_app.config["DATA_DIR"], lang)
        return jsonify({"results": results})
    try:
        results = pool.analyze(comments, lang)
    except (WorkerCrashed, PoolStopped) as exc:
        # The call can simply be sent again: nothing was stored, a new worker starts.
        response = error_response(503, str(exc), code="worker_unavailable")
        response.headers["Retry-After"] = "1"
        return response
    return jsonify({"results": results})


_TONE = {
    "type": "object",
    "required": ["label", "scores"],
    "properties": {
        "label": {"enum": ["negative", "neutral", "positive"]},
        "scores": {
            "type": "object",
            "required": ["negative", "neutral", "positive"],
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
        },
    },
}
_PERSONA = {
    "type": "object",
    "required": ["label", "confidence", "signals", "behaviour", "phrasings"],
    "properties": {
        "label": {"enum": ["unsure", "talker", "positive", "aggressor", "expert", "none"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "signals": {"type": "array", "items": {"type": "string"}},
        "behaviour": {"type": "string"},
        "phrasings": {"type": "array", "items": {"type": "string"}},
    },
}
RESULT = {
    "type": "object",
    "required": ["id", "tone", "gratitude", "persona", "author_role"],
    "properties": {
        "id": {"type": ["string", "integer"]},
        "tone": _TONE,
        "gratitude": {"type": "boolean"},
        "persona": _PERSONA,
        # "brand": the text reads as the brand's own reply; its persona is then "none".
        "author_role": {"enum": ["customer", "brand"]},
    },
}

OPENAPI = {
    "/analyze": {
        "post": {
            "summary": "Tone, gratitude and persona of comments (at most 500)",
            "requestBody": body_schema(
                {
                    "type": "object",
                    "required": ["comments"],
                    "properties": {
                        "lang": {"enum": list(LANGS)},
                        "comments": {
                            "type": "array",
                            "maxItems": MAX_COMMENTS,
                            "items": {
                                "type": "object",
                                "required": ["id", "text"],
                                "properties": {
                                    "id": {"type": ["string", "integer"], "maxLength": MAX_ID},
                                    "text": {"type": "string", "maxLength": MAX_TEXT},
                                    "author": {"type": ["string", "integer"],
                                               "maxLength": MAX_ID},
                                    "posted_at": {"type": "string", "format": "date-time"},
                                },
                            },
                        },
                    },
                }
            ),
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["results"],
                        "properties": {"results": {"type": "array", "items": RESULT}},
                    }
                ),
                # 503: the worker process analysing the call died (it is replaced)
                **errors(*STANDARD_ERRORS, 503),
            },
        }
    }
}
