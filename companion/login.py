"""The dashboard is for the person at this machine: a session opened with the pairing token.

Three ways in, all ending in a signed session cookie (HttpOnly, SameSite=Strict):
- ``otklik serve`` itself, as Jupyter does: at start-up it opens the operator's browser
  signed in when no browser has signed in to this data dir yet (``browser_signed_in``),
  and its banner prints a sign-in link. Both are *start-up codes*: random, held only in
  that process's memory, good once and for STARTUP_LINK_TTL_S seconds, gone when it
  stops; so a newcomer pairs the extension without a terminal command;
- ``otklik dashboard`` opens the browser on a one-time link ``/login?code=…``: a random
  nonce and an expiry signed with the data dir's session secret (only this user can read
  it), good once and for LINK_TTL_S seconds, so the link in the browser's history is
  worthless afterwards and the pairing token never appears in a URL;
- the login form takes the pairing token (`otklik token` prints it).

A link signs the browser in with a page that moves on by ``<meta http-equiv=refresh>``
rather than a redirect: a navigation that came from outside (a terminal, a file:// page)
is cross-site, and the browser would not send the new SameSite=Strict cookie along a
redirect chain that started there. Where a page asked for sign-in (``/pair?code=…``
opened by the extension's «Подключить»), the browser returns there after signing in
by any of the three ways; only local paths are followed.

The session holds a fingerprint of the token, so `otklik token --rotate` ends every
session. API calls keep their own check (the bearer token); this guards every other page.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
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

from . import config, private, secrets_store
from .security import current_token, token_matches

LINK_TTL_S = 120
# The start-up link waits in the terminal while the newcomer loads the extension; an
# hour is safe because it is good once, lives only in the server's memory (a restart
# ends it) and is never put on a command line other accounts could read (`ps`).
STARTUP_LINK_TTL_S = 3600
NEXT_KEY = "next"
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
    "no_terminal": (
        "Войти без терминала: откройте ссылку для входа из окна otklik serve (строка "
        "«sign in», работает один раз в течение часа) или перезапустите otklik serve — "
        "если он запущен без --no-browser (OTKLIK_NO_BROWSER), он сам откроет браузер уже "
        "с входом.",
        "To sign in without a terminal: open the sign-in link shown in the otklik serve "
        "window (the «sign in» line; it works once, for an hour), or restart otklik serve: "
        "unless it runs with --no-browser (OTKLIK_NO_BROWSER), it opens the browser signed "
        "in.",
    ),
    "to_pair": (
        "После входа вы вернётесь к подключению расширения.",
        "After signing in you come back to connecting the extension.",
    ),
    "signed_in": ("Вход выполнен.", "Signed in."),
    "continue": ("Продолжить", "Continue"),
    "submit": ("Войти", "Sign in"),
    "wrong": ("Неверный токен.", "Wrong token."),
    # Not «restart otklik serve»: a stale link keeps the «browser signed in» marker (the
    # browser that used it may still hold its session), so a restart opens no browser;
    # nor does one with --no-browser. These two ways always work.
    "stale_link": (
        "Ссылка устарела или уже использована. Войдите командой `otklik dashboard` (она "
        "откроет эту страницу уже с входом) или введите ниже токен — его печатает "
        "`otklik token`.",
        "The link has expired or was used. Sign in with `otklik dashboard` (it opens this "
        "page signed in) or enter the token below: `otklik token` prints it.",
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


def _sign_in() -> str | None:
    """Open a session; returns the local path a page asked to come back to, if any."""
    pending = session.get(NEXT_KEY)
    # [path, when]: a page that asked within the hour (a pairing code goes stale).
    fresh = (isinstance(pending, list) and len(pending) == 2
             and isinstance(pending[1], (int, float))
             and time.time() - pending[1] < STARTUP_LINK_TTL_S)
    session.clear()  # a fresh session (and CSRF token) on every sign-in
    session[SESSION_KEY] = session_value(current_app)
    # Kept across browser restarts (Flask's PERMANENT_SESSION_LIFETIME, 31 days): signing
    # in once at set-up is enough for the dashboard and for pairing; `otklik token
    # --rotate` still ends it.
    session.permanent = True
    _remember_sign_in(current_app)
    return _local(pending[0]) if fresh else None


# --- has a browser signed in to this data dir? ------------------------------------------


def _marker(app: Flask) -> Path:
    return Path(app.config["DATA_DIR"]) / config.SIGNED_IN_NAME


def _remember_sign_in(app: Flask) -> None:
    # 0600 like everything in the data dir; the token's fingerprint, so a rotated token
    # (which ended every session) counts as «no browser signed in».
    record = {"session": session_value(app), "at": int(time.time())}
    with contextlib.suppress(OSError):  # a read-only data dir must not stop a sign-in
        private.write_text(_marker(app), json.dumps(record))


def forget_sign_in(app: Flask) -> None:
    """No browser holds a session any more (signed out, or one came unsigned)."""
    with contextlib.suppress(OSError):
        _marker(app).unlink(missing_ok=True)


def browser_signed_in(app: Flask, now: float | None = None) -> bool:
    """Whether a browser signed in to this data dir with the current token, within a
    session's lifetime: then `otklik serve` need not open one at start-up."""
    try:
        record = json.loads(_marker(app).read_text(encoding="utf-8"))
        at = float(record["at"])
        same = hmac.compare_digest(str(record["session"]), session_value(app))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    lifetime = app.permanent_session_lifetime.total_seconds()
    return same and (now or time.time()) - at < lifetime


# --- start-up links ---------------------------------------------------------------------


def _startup_codes(app: Flask) -> dict[str, float]:
    return app.extensions.setdefault("otklik_startup_codes", {})


def startup_url(app: Flask, netloc: str, now: float | None = None) -> str:
    """A one-time sign-in link that only this process honours, for STARTUP_LINK_TTL_S."""
    code = secrets.token_urlsafe(24)  # no dots: told apart from `otklik dashboard` codes
    with _used_lock:
        _startup_codes(app)[code] = (now or time.time()) + STARTUP_LINK_TTL_S
    return f"http://{netloc}/login?{urlencode({'code': code})}"


def _redeem_startup(code: str) -> bool:
    now = time.time()
    with _used_lock:
        codes = _startup_codes(current_app)
        for old, until in list(codes.items()):
            if until < now:
                del codes[old]
        return codes.pop(code, None) is not None


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
    if "." not in code:
        return _redeem_startup(code)
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


def _local(target: object) -> str | None:
    # Only a path on this server: never an open redirect to another site.
    if (not isinstance(target, str) or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return None
    return target


def _safe_next(target: str | None) -> str:
    local = _local(target)
    if local is None:
        return url_for("dashboard.overview") if "dashboard" in current_app.blueprints else "/"
    return local


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = _local(request.values.get("next"))
    error = None
    if request.method == "POST":
        if token_matches(request.form.get("token", "").strip(), current_app.config):
            pending = _sign_in()
            return redirect(_safe_next(next_url or pending), 303)
        error = _words()["wrong"]
    elif request.args.get("code"):
        if _redeem(request.args["code"]):
            pending = _sign_in()
            target = _safe_next(next_url or pending)
            # A page, not a redirect: see the module's docstring (SameSite=Strict).
            return render_template("login_done.html", w=_words(), target=target,
                                   lang=_lang())
        error = _words()["stale_link"]
    elif not is_signed_in():
        # A browser here is not signed in: the next `otklik serve` opens one signed in.
        forget_sign_in(current_app)
        if next_url:
            # Kept in this browser's session, so the start-up link opened in a new tab
            # brings it back here (to the pairing page with its code).
            session[NEXT_KEY] = [next_url, int(time.time())]
    status = 401 if error == _words()["wrong"] else 200
    return (
        render_template("login.html", w=_words(), error=error, next_url=next_url or "",
                        to_pair=(next_url or "").startswith("/pair"), lang=_lang(),
                        stale=error == _words()["stale_link"]),
        status,
    )


@bp.post("/logout")
def logout():
    session.clear()
    forget_sign_in(current_app)
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
