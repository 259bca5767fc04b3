"""Local does not mean open: Host, Origin, pairing token and CSRF checks.

Every web page the operator opens can send requests to 127.0.0.1, so the companion
answers only its own host names (DNS rebinding), only the extension's origins and
its own pages (CORS), only callers holding the pairing token (API), and only forms
carrying the session's CSRF token (dashboard).
"""

from __future__ import annotations

import hmac
import re
import secrets

from flask import Flask, current_app, request, session
from flask_cors import CORS

from . import secrets_store
from .config import TOKEN_NAME
from .errors import ApiError

EXTENSION_ORIGIN = re.compile(
    r"^(chrome-extension|moz-extension|safari-web-extension)://[A-Za-z0-9._-]+$"
)
# /pair/claim hands out the token itself, to the extension origin the operator confirmed.
PUBLIC_API_PATHS = {"/api/v1/health", "/api/v1/pair/claim"}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def own_origins(port: int) -> set[str]:
    return {f"http://{host}" for host in allowed_hosts(port)}


def is_extension_origin(origin: str) -> bool:
    return bool(EXTENSION_ORIGIN.match(origin))


def _check_host() -> None:
    host = (request.headers.get("Host") or "").lower()
    if host not in allowed_hosts(current_app.config["PORT"]):
        raise ApiError(403, f"Host {host or '(none)'} is not allowed; use 127.0.0.1", "Host")


def _check_origin() -> None:
    origin = request.headers.get("Origin")
    if origin is None:
        return  # not a browser page (the CLI, curl, tests): the token still applies
    if is_extension_origin(origin) or origin in own_origins(current_app.config["PORT"]):
        return
    raise ApiError(403, f"Origin {origin} is not allowed", "Origin")


def _check_token() -> None:
    if request.method == "OPTIONS" or request.path in PUBLIC_API_PATHS:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(
            401,
            "Pairing token required: Authorization: Bearer <token> (`otklik token` prints it)",
            "Authorization",
        )
    if not hmac.compare_digest(given.strip().encode(), _current_token().encode()):
        raise ApiError(401, "Wrong pairing token (rotated? run `otklik token`)", "Authorization")


_token_cache: dict[str, tuple[float, str]] = {}


def _current_token() -> str:
    """The configured token, or the data dir's, re-read when `otklik token --rotate` changes it."""
    if current_app.config.get("TOKEN"):
        return current_app.config["TOKEN"]
    base = current_app.config["DATA_DIR"]
    path = base / TOKEN_NAME
    mtime = path.stat().st_mtime if path.exists() else 0.0
    cached = _token_cache.get(str(path))
    if cached is None or cached[0] != mtime:
        cached = (mtime, secrets_store.token(base))
        _token_cache[str(path)] = cached
    return cached[1]


def csrf_token() -> str:
    """The session's CSRF token, for forms and the dashboard's fetch calls."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(24)
    return session[CSRF_FIELD]


def _check_csrf() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith("/api/"):
        return
    expected = session.get(CSRF_FIELD)
    given = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD)
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise ApiError(403, "Missing or stale CSRF token: reload the page", CSRF_FIELD)
    # A state change from the dashboard must come from the dashboard itself.
    origin = request.headers.get("Origin")
    if origin is not None and origin not in own_origins(current_app.config["PORT"]):
        raise ApiError(403, f"Origin {origin} is not allowed", "Origin")


def register(app: Flask) -> None:
    # Host first: a rebinding page must learn nothing, not even whether a token is needed.
    @app.before_request
    def _guard() -> None:
        _check_host()
        if request.path.startswith("/api/"):
            _check_origin()
            _check_token()
        else:
            _check_csrf()

    CORS(
        app,
        resources={r"/api/*": {"origins": [EXTENSION_ORIGIN]}},
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["X-Otklik-Version"],
        methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        max_age=600,
    )
    app.jinja_env.globals["csrf_token"] = csrf_token
