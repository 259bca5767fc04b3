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
from collections.abc import Callable, Mapping

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


# Dashboard forms are small (a template of 20,000 Cyrillic characters, URL-encoded,
# is 120 KB); only the extension's API calls may be large.
FORM_MAX_BODY = 1024 * 1024
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def check_headers(
    method: str, path: str, header: Callable[[str], str | None], config: Mapping
) -> None:
    """Host, Origin, the pairing token and the body's size, from the headers alone.

    Raises ApiError. Runs twice for a request: in the server before the body is read
    (``companion.gate``: a refused request costs nothing), and again in Flask.
    """
    check_host(header("Host"), config["PORT"])
    if path.startswith("/api/"):
        _check_origin(header("Origin"), config["PORT"])
        if method != "OPTIONS" and path not in PUBLIC_API_PATHS:
            check_token(header("Authorization"), config)
        return
    if method in SAFE_METHODS:
        return
    # A dashboard form post: from the dashboard itself, and small. (Its CSRF token and
    # session are checked by Flask; a web page is refused here before its body is read.)
    origin = header("Origin")
    if origin is not None and origin not in own_origins(config["PORT"]):
        raise ApiError(403, f"Origin {origin} is not allowed", "Origin")
    length = header("Content-Length") or ""
    if length.isdigit() and int(length) > FORM_MAX_BODY:
        raise ApiError(413, f"A form body is at most {FORM_MAX_BODY} bytes", code="too_large")


def check_host(host: str | None, port: int) -> None:
    host = (host or "").lower()
    if host not in allowed_hosts(port):
        raise ApiError(403, f"Host {host or '(none)'} is not allowed; use 127.0.0.1", "Host")


def _check_origin(origin: str | None, port: int) -> None:
    if origin is None:
        return  # not a browser page (the CLI, curl, tests): the token still applies
    if is_extension_origin(origin) or origin in own_origins(port):
        return
    raise ApiError(403, f"Origin {origin} is not allowed", "Origin")


def check_token(header: str | None, config: Mapping) -> None:
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(
            401,
            "Pairing token required: Authorization: Bearer <token> (`otklik token` prints it)",
            "Authorization",
        )
    if not token_matches(given.strip(), config):
        raise ApiError(401, "Wrong pairing token (rotated? run `otklik token`)", "Authorization")


def token_matches(given: str, config: Mapping) -> bool:
    return hmac.compare_digest(given.encode(), current_token(config).encode())


_token_cache: dict[str, tuple[float, str]] = {}


def current_token(config: Mapping) -> str:
    """The configured token, or the data dir's, re-read when `otklik token --rotate` changes it."""
    if config.get("TOKEN"):
        return config["TOKEN"]
    base = config["DATA_DIR"]
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
        check_headers(request.method, request.path, request.headers.get, current_app.config)
        if not request.path.startswith("/api/"):
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


# No inline script anywhere (the dashboard has none; a test reads every template), no
# framing (clickjacking a "delete" button), nothing loaded from elsewhere. Inline style
# attributes stay allowed: the dashboard's meters set their width with one.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src-elem 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def add_page_headers(response) -> None:
    """Security headers for every answer; no caching of anything but static files."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    if request.path.startswith("/api/"):
        return  # the extension's CORS calls: their own rules (security.register)
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        # Pages and the CSV hold customers' comments: never kept in a browser cache.
        response.headers["Cache-Control"] = "no-store"
