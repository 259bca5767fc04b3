"""The dashboard is for the person at this machine: a session opened with the pairing token.

Two ways in, both ending in a signed session cookie (HttpOnly, SameSite=Strict):
- ``otklik dashboard`` opens the browser on a one-time link ``/login?code=…``: a random
  nonce and an expiry signed with the data dir's session secret (only this user can read
  it), good once and for LINK_TTL_S seconds, so the link in the browser's history is
  worthless afterwards and the pairing token never appears in a URL;
- the login form takes the pairing token (`otklik token` prints it).

The session holds a fingerprint of the token, so `otklik token --rotate` ends every
session. API calls keep their own check (the bearer token); this guards every other page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from . import secrets_store
from .security import current_token, token_matches

LINK_TTL_S = 120
SESSION_KEY = "login"
PUBLIC_PREFIXES = ("/api/", "/static/")
PUBLIC_PATHS = {"/login", "/logout"}

bp = Blueprint("login", __name__)

WORDS = {
    "title": ("Вход в тренерскую", "Sign in to the dashboard"),
    "token": ("Токен сопряжения", "Pairing token"),
    "hint": (
        "Команда `otklik token` печатает его; `otklik dashboard` открывает эту страницу "
        "уже с входом.",
        "`otklik token` prints it; `otklik dashboard` opens this page signed in.",
    ),
    "submit": ("Войти", "Sign in"),
    "wrong": ("Неверный токен.", "Wrong token."),
    "stale_link": (
        "Ссылка устарела или уже использована: выполните `otklik dashboard` ещё раз или "
        "введите токен.",
        "The link has expired or was used: run `otklik dashboard` again or enter the token.",
    ),
    "logout": ("Выйти", "Sign out"),
}


def _lang() -> str:
    try:
        from .dashboard.i18n import current_lang
    except ImportError:  # the API works without the dashboard package
        return "ru"
    return current_lang()


def _words() -> dict[str, str]:
    index = 0 if _lang() == "ru" else 1
    return {key: pair[index] for key, pair in WORDS.items()}


def session_value(app: Flask) -> str:
    """What a signed-in session holds: a keyed fingerprint of the current pairing token."""
    secret = app.secret_key
    key = secret.encode() if isinstance(secret, str) else secret
    token = current_token(app.config).encode()
    return hmac.new(key, token, hashlib.sha256).hexdigest()[:32]


def is_signed_in() -> bool:
    given = session.get(SESSION_KEY)
    expected = session_value(current_app)
    return isinstance(given, str) and hmac.compare_digest(given, expected)


def _sign_in() -> None:
    session.clear()  # a fresh session (and CSRF token) on every sign-in
    session[SESSION_KEY] = session_value(current_app)
    # Kept across browser restarts (Flask's PERMANENT_SESSION_LIFETIME, 31 days): signing
    # in once at set-up is enough for the dashboard and for pairing; `otklik token
    # --rotate` still ends it.
    session.permanent = True


# --- one-time links --------------------------------------------------------------------


def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def make_link_code(base: Path, now: float | None = None) -> str:
    """A one-time login code for the companion of data dir ``base``: ``nonce.expiry.sig``."""
    nonce = secrets.token_urlsafe(16)
    expiry = int((now or time.time()) + LINK_TTL_S)
    payload = f"{nonce}.{expiry}"
    return f"{payload}.{_sign(secrets_store.session_secret(base), payload)}"


def login_url(base: Path, netloc: str) -> str:
    return f"http://{netloc}/login?{urlencode({'code': make_link_code(base)})}"


_used: dict[str, float] = {}
_used_lock = threading.Lock()


def _redeem(code: str) -> bool:
    """Whether ``code`` is genuine, unexpired and not used before (then it is used up)."""
    nonce, _, rest = code.partition(".")
    expiry_text, _, sig = rest.partition(".")
    if not (nonce and expiry_text.isdigit() and sig):
        return False
    secret = secrets_store.session_secret(current_app.config["DATA_DIR"])
    if not hmac.compare_digest(sig, _sign(secret, f"{nonce}.{expiry_text}")):
        return False
    now = time.time()
    if int(expiry_text) < now:
        return False
    with _used_lock:
        for old, until in list(_used.items()):
            if until < now:
                del _used[old]
        if nonce in _used:
            return False
        _used[nonce] = int(expiry_text)
    return True


# --- pages ----------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    # Only a path on this server: never an open redirect to another site.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("dashboard.overview") if "dashboard" in current_app.blueprints else "/"
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.values.get("next")
    error = None
    if request.method == "POST":
        if token_matches(request.form.get("token", "").strip(), current_app.config):
            _sign_in()
            return redirect(_safe_next(next_url), 303)
        error = _words()["wrong"]
    elif request.args.get("code"):
        if _redeem(request.args["code"]):
            _sign_in()
            return redirect(_safe_next(next_url), 303)
        error = _words()["stale_link"]
    status = 401 if error == _words()["wrong"] else 200
    return (
        render_template("login.html", w=_words(), error=error, next_url=next_url or ""),
        status,
    )


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("login.login"), 303)


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.before_request
    def _require_login():
        path = request.path
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return None
        if is_signed_in():
            return None
        query = {"next": request.full_path.rstrip("?")} if path != "/" else {}
        return redirect(url_for("login.login", **query), 303)
