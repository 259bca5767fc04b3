"""Checking JSON bodies field by field, so every 400 names the field at fault."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import request

from .errors import ApiError

_MISSING = object()


def json_body() -> Any:
    """The request's JSON body, or a 415/400 that says what is wrong with it."""
    if request.mimetype != "application/json":
        raise ApiError(415, "Send the body as JSON with Content-Type: application/json")
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise ApiError(400, "The body is empty; a JSON object was expected", code="malformed_json")
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ApiError(400, f"Malformed JSON: {exc}", code="malformed_json") from None


def _reject_constant(name: str) -> None:
    # Python's json accepts NaN and Infinity; JSON does not, and neither do we.
    raise ValueError(f"{name} is not valid JSON")


def obj(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        raise ApiError(400, f"{field or 'body'} must be a JSON object", field or None)
    return value


def get(
    data: dict,
    key: str,
    kind: type | tuple[type, ...],
    *,
    path: str = "",
    required: bool = True,
    max_len: int | None = None,
    max_items: int | None = None,
    choices: tuple | None = None,
    default: Any = None,
) -> Any:
    """``data[key]`` checked for type, length and choices; the error names ``path.key``."""
    field = f"{path}.{key}" if path else key
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise ApiError(400, f"{field} is required", field)
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # bool is an int in Python; a JSON true is never a number here.
    if isinstance(value, bool) and bool not in kinds:
        raise ApiError(400, f"{field} must be {_kind_name(kinds)}, not a boolean", field)
    if not isinstance(value, kinds):
        raise ApiError(400, f"{field} must be {_kind_name(kinds)}", field)
    if max_len is not None and isinstance(value, str) and len(value) > max_len:
        raise ApiError(400, f"{field} is longer than {max_len} characters", field)
    if max_items is not None and isinstance(value, list) and len(value) > max_items:
        raise ApiError(400, f"{field} has more than {max_items} items", field)
    if choices is not None and value not in choices:
        raise ApiError(400, f"{field} must be one of: {', '.join(map(str, choices))}", field)
    return value


def timestamp(data: dict, key: str, *, path: str = "", required: bool = True) -> str | None:
    """An ISO 8601 time with a zone, returned as UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    field = f"{path}.{key}" if path else key
    value = get(data, key, str, path=path, required=required, max_len=64)
    if value is None:
        return None
    return to_utc(value, field)


def to_utc(value: str, field: str) -> str:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ApiError(
            400, f"{field} must be an ISO 8601 time, e.g. 2026-11-22T10:00:00Z", field
        ) from None
    if moment.tzinfo is None:
        raise ApiError(400, f"{field} needs a time zone (Z or +03:00)", field)
    if not 2000 <= moment.year <= 2200:
        raise ApiError(400, f"{field} is out of range", field)
    return format_utc(moment)


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def now_utc() -> str:
    return format_utc(datetime.now(UTC))


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "an object",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)
