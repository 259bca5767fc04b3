"""The template library: ``GET/POST /templates``, ``PUT/DELETE /templates/<id>``."""

from __future__ import annotations

from flask import jsonify

from ..errors import ApiError
from ..storage import templates as store
from ..storage.per_request import get_db
from ..validation import get, invalid_unicode, json_body, obj
from . import bp
from .schemas import STANDARD_ERRORS, errors, ok
from .schemas import json_body as body_schema


@bp.get("/templates")
def list_templates():
    return jsonify({"templates": store.list_templates(get_db())})


@bp.post("/templates")
def add_template():
    data = obj(json_body(), "")
    text = get(data, "text", str, max_len=store.MAX_TEXT)
    item_id = get(data, "id", str, required=False, max_len=store.MAX_ID)
    if not text.strip():
        raise ApiError(400, "text is empty", "text")
    if item_id is not None and not item_id.strip():
        raise ApiError(400, "id is empty", "id")
    try:
        template = store.add_template(get_db(), text, item_id)
    except store.TemplateError as exc:
        raise ApiError(409, str(exc), "id") from None
    return jsonify({"template": template}), 201


def _path_id(item_id: str) -> str:
    # The id in the URL gets the checks of an id in a body: a 400 naming it, never a 500.
    if len(item_id) > store.MAX_ID:
        raise ApiError(400, f"item_id is longer than {store.MAX_ID} characters", "item_id")
    if invalid_unicode(item_id) is not None:
        raise ApiError(400, "item_id is not valid Unicode", "item_id")
    return item_id


@bp.put("/templates/<path:item_id>")
def update_template(item_id: str):
    item_id = _path_id(item_id)
    data = obj(json_body(), "")
    text = get(data, "text", str, max_len=store.MAX_TEXT)
    if not text.strip():
        raise ApiError(400, "text is empty", "text")
    template = store.update_template(get_db(), item_id, text)
    if template is None:
        raise ApiError(404, f"No template with id {item_id!r}")
    return jsonify({"template": template})


@bp.delete("/templates/<path:item_id>")
def delete_template(item_id: str):
    item_id = _path_id(item_id)
    if not store.delete_template(get_db(), item_id):
        raise ApiError(404, f"No template with id {item_id!r}")
    return jsonify({"deleted": item_id})


TEMPLATE = {
    "type": "object",
    "required": ["id", "text", "source", "created_at", "updated_at"],
    "properties": {
        "id": {"type": "string"},
        "text": {"type": "string"},
        "source": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}
_ONE = {"type": "object", "required": ["template"], "properties": {"template": TEMPLATE}}
_TEXT = {"type": "string", "minLength": 1, "maxLength": store.MAX_TEXT}
_ID_PARAM = {
    "name": "item_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": store.MAX_ID},
}

OPENAPI = {
    "/templates": {
        "get": {
            "summary": "The template library",
            "responses": {
                "200": ok({
                    "type": "object",
                    "required": ["templates"],
                    "properties": {"templates": {"type": "array", "items": TEMPLATE}},
                }),
                **errors(401, 403),
            },
        },
        "post": {
            "summary": "Add a template (an id is made from the text when none is given)",
            "requestBody": body_schema({
                "type": "object",
                "required": ["text"],
                "properties": {
                    "id": {"type": "string", "minLength": 1, "maxLength": store.MAX_ID},
                    "text": _TEXT,
                },
            }),
            "responses": {"201": ok(_ONE, "Created"), **errors(*STANDARD_ERRORS, 409)},
        },
    },
    "/templates/{item_id}": {
        "put": {
            "parameters": [_ID_PARAM],
            "summary": "Replace a template's text",
            "requestBody": body_schema({
                "type": "object", "required": ["text"], "properties": {"text": _TEXT}
            }),
            "responses": {"200": ok(_ONE), **errors(*STANDARD_ERRORS, 404)},
        },
        "delete": {
            "summary": "Delete a template",
            "parameters": [_ID_PARAM],
            "responses": {
                "200": ok({
                    "type": "object",
                    "required": ["deleted"],
                    "properties": {"deleted": {"type": "string"}},
                }),
                **errors(401, 403, 404),
            },
        },
    },
}
