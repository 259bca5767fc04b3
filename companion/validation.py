"""Checking JSON bodies field by field, so every 400 names the field at fault."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import request

from .errors import ApiError

_MISSING = object()
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def json_body() -> Any:
    """The request's JSON body, or a 415/400 that says what is wrong with it."""
    if request.mimetype != "application/json":
        raise ApiError(415, "Send the body as JSON with Content-Type: application/json")
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise ApiError(400, "The body is empty; a JSON object was expected", code="malformed_json")
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ApiError(400, f"Malformed JSON: {exc}", code="malformed_json") from None
    # In UTF-8 either can only come as a \\u escape (a raw NUL or surrogate fails the parse
    # above), so such a body is walked only when it holds one: never for the extension's
    # batches. (UTF-16 and UTF-32, which json also reads, hold NUL bytes: always walked.)
    wide = b"\x00" in raw
    bad = invalid_unicode(data) if wide or _SURROGATE_ESCAPE.search(raw) else None
    if bad is not None:
        raise ApiError(
            400,
            f"{bad or 'body'} is not valid Unicode (a lone surrogate such as \\ud800)",
            bad or None,
        )
    bad = invalid_unicode(data, test=_holds_nul) if wide or b"\\u0000" in raw else None
    if bad is not None:
        raise ApiError(400, f"{bad or 'body'} holds the control character NUL (\\u0000), "
                       "which the store cannot keep", bad or None)
    return data


def invalid_unicode(value: Any, path: str = "", test=None) -> str | None:
    """The path (``events[3].text``) of the first string that is not valid Unicode, or None.

    JSON's ``\\ud800`` escape decodes to a lone surrogate, which no UTF-8 encoder (SQLite's,
    Flask's) accepts: left in, it fails the whole request later with a 500. ``test``: another
    check of each string and key (``_holds_nul``) in place of that one.
    """
    bad = test or _not_encodable
    if isinstance(value, str):
        return path if bad(value) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = invalid_unicode(item, f"{path}[{i}]", test)
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            field = f"{path}.{key}" if path else key
            if bad(key):
                return f"{path}.{ascii(key)}" if path else ascii(key)
            found = invalid_unicode(item, field, test)
            if found is not None:
                return found
    return None


def _not_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _holds_nul(text: str) -> bool:
    # PostgreSQL's text cannot hold U+0000: the team store failed the batch with a 500
    # that SQLite would have stored. Refused on both engines, so they answer alike.
    return "\x00" in text


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


# No comment or reply can be older than its platform: Facebook opened on 2004-02-04 and
# VK on 2006-10-10. A time before that, or more than a day ahead of this machine's clock
# (time zones and skewed clocks stay well inside a day), is a broken clock or a broken
# parser, and one such reply dated 2200 once took over the dashboard's default range.
PLATFORM_START = {"facebook": date(2004, 2, 4), "vk": date(2006, 10, 10)}
EARLIEST = min(PLATFORM_START.values())
FUTURE_SLACK = timedelta(days=1)
# Every time the store holds, exactly as format_utc writes it (fixed width, so the text
# sorts as the time does). A POSIX-style pattern that Python's re and PostgreSQL's ~ read
# alike: the team store's comment trigger (companion/team/roles.py) refuses anything else,
# since a time that parse_utc cannot read makes every later batch on that comment fail.
STORED_TIME = (r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
               r"T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$")


def earliest_time(platform: str | None = None) -> str:
    """The earliest time ``timestamp`` accepts for ``platform`` (any known platform when
    None or unknown), as a stored UTC string: stored times at or after it are possible."""
    start = PLATFORM_START.get(platform or "", EARLIEST)
    return format_utc(datetime(start.year, start.month, start.day, tzinfo=UTC))


def timestamp(
    data: dict, key: str, *, path: str = "", required: bool = True, platform: str | None = None
) -> str | None:
    """An ISO 8601 time with a zone, returned as UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``.

    400 naming the field when it is before ``platform`` existed or over a day ahead.
    """
    field = f"{path}.{key}" if path else key
    value = get(data, key, str, path=path, required=required, max_len=64)
    if value is None:
        return None
    return to_utc(value, field, PLATFORM_START.get(platform or "", EARLIEST))


def possible_times(now: datetime | None = None) -> tuple[str, str]:
    """The earliest and latest stored time that can be real, as UTC strings that compare
    with the stored ones; readers (the dashboard's default range) skip what lies outside."""
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    return earliest_time(), format_utc(latest)


def to_utc(value: str, field: str, earliest: date = EARLIEST) -> str:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ApiError(
            400, f"{field} must be an ISO 8601 time, e.g. 2026-11-22T10:00:00Z", field
        ) from None
    if moment.tzinfo is None:
        raise ApiError(400, f"{field} needs a time zone (Z or +03:00)", field)
    # (year 1 with a zone east of UTC cannot even be converted: test the year first)
    if moment.year <= earliest.year - 1 or moment.astimezone(UTC).date() < earliest:
        raise ApiError(
            400, f"{field} is before {earliest.isoformat()}, when the platform opened", field
        )
    if moment > datetime.now(UTC) + FUTURE_SLACK:
        raise ApiError(
            400, f"{field} is more than a day ahead of this computer's clock ({value})", field
        )
    return format_utc(moment)


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def person_name(value: str | None) -> str | None:
    """An operator's name as stored and grouped: NFC, trimmed, inner whitespace one
    space, so «Анна », «Анна» and a name typed with a combining accent are one operator.
    Letter case is kept: names are shown as written («анна» stays another name)."""
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", value).split())


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
