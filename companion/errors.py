"""One error shape for the whole API: ``{"error": {"code", "message", "field"}}``."""

from __future__ import annotations

import json
import re
import sqlite3

from flask import Flask, Response, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from .storage import health as store_health
from .storage.faults import UNAVAILABLE, reason, storage_problem
from .team.roles import refused_by_role

# Codes by status, for errors raised by Flask/Werkzeug rather than by our code.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
    503: "unavailable",
}


class ApiError(Exception):
    """An error the client can act on; ``field`` names the input at fault."""

    def __init__(
        self, status: int, message: str, field: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.code = code or CODES.get(status, "error")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` with control characters written as escapes: an error message is one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def error_body(status: int, message: str, field: str | None = None, code: str | None = None):
    """The one error shape: ``{"error": {"code", "message", "field"}}``, message on one line."""
    return {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": one_line(message),
            "field": field,
        }
    }


def error_json(
    status: int, message: str, field: str | None = None, code: str | None = None
) -> bytes:
    """The error body as bytes, for Flask and for waitress's early refusals (companion.gate)
    alike: one serialisation, so a 401 refused on the headers reads like any other error.
    ASCII escapes, as Flask's own JSON: a lone surrogate from the request cannot break it."""
    body = error_body(status, message, field, code)
    return json.dumps(body, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()


def error_response(
    status: int, message: str, field: str | None = None, code: str | None = None
) -> Response:
    return Response(
        error_json(status, message, field, code), status=status, mimetype="application/json"
    )


def _nul_refused(err: Exception) -> bool:
    """PostgreSQL's text cannot hold U+0000: psycopg refuses such a value before sending it."""
    orig = getattr(err, "orig", None) or err
    return type(orig).__name__ == "DataError" and "NUL (0x00)" in str(orig)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(err: ApiError) -> Response:
        return error_response(err.status, err.message, err.field, err.code)

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        if not _wants_json():
            return err
        status = err.code or 500
        path = one_line(request.path)
        messages = {
            404: f"No such endpoint: {request.method} {path}",
            405: f"Method {request.method} is not allowed on {path}",
            413: f"Request body is over the limit of {app.config['MAX_CONTENT_LENGTH']} bytes",
            431: "Request headers are too large",
        }
        response = error_response(status, messages.get(status, err.description or err.name))
        if status == 405 and err.get_response().headers.get("Allow"):
            response.headers["Allow"] = err.get_response().headers["Allow"]
        return response

    @app.errorhandler(sqlite3.Error)
    @app.errorhandler(SQLAlchemyError)
    @app.errorhandler(OSError)
    def _storage(err: Exception):
        # A full disk, a read-only data dir or an unreachable team store is the machine's
        # state, not a bug: 503 with one line, and the transaction rolled back, so nothing
        # unstored is acknowledged (the extension's outbox keeps the events and retries).
        refused = refused_by_role(err)
        if refused:  # team mode: the database itself says this role may not
            app.logger.warning("%s %s: %s", request.method, request.path, refused)
            if not _wants_json():
                return f"otklik: {refused}", 403
            return error_response(403, refused, code="forbidden_by_role")
        if _nul_refused(err):
            return _nul_answer()
        problem = storage_problem(err)
        if problem is None:
            return _unexpected(err)
        code, words = problem
        if code == UNAVAILABLE:
            store_health.forget()  # /health says so at once, not after its cache expires
        # One line in the log too (the driver's first line, not SQLAlchemy's SQL dump).
        app.logger.error("%s %s: %s (%s)", request.method, request.path, words, reason(err))
        if not _wants_json():
            return f"otklik cannot store data: {words}", 503, {"Retry-After": "60"}
        response = error_response(503, words, code=code)
        response.headers["Retry-After"] = "60"
        return response

    def _nul_answer():
        # A NUL from a URL (a dashboard filter, a template id): bodies are checked field
        # by field (validation.json_body); this is the team store's refusal of the rest.
        words = "a value holds the control character NUL (\\u0000), which the store cannot keep"
        if not _wants_json():
            return f"otklik: {words}", 400
        return error_response(400, words)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        if _nul_refused(err):  # the dashboard's reads use the driver's own cursor
            return _nul_answer()
        # Never a bare traceback page: log it and answer in the one error shape.
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if not _wants_json():
            return "Internal error: see the companion's log", 500
        return error_response(500, f"Internal error ({type(err).__name__}); see the log")
