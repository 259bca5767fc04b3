"""The companion's Flask app factory."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import PathConverter

from . import __version__, config, errors, login, private, secrets_store, security
from .api import bp as api_bp
from .api import load_modules
from .storage import sqlite_path, store_url
from .storage.per_request import init_app, open_store

# 24 MiB: the largest documented /analyze, 500 comments of 20,000 Cyrillic characters
# (2 bytes each in UTF-8), is 20 MB. waitress refuses a larger Content-Length before
# reading the body, and reads a body at all only after the token checked out.
MAX_BODY = 24 * 1024 * 1024


class AnyPathConverter(PathConverter):
    """``path``, line breaks included: an id stored before ids were checked (a template
    id with a newline) can still be updated and deleted by its URL (``%0A``)."""

    regex = r"[^/][\s\S]*?"


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app for a data dir; ``overrides`` may set DATA_DIR, PORT, TOKEN, STORE
    (a store URL: ``otklik serve --store``; else ``storage.store_url``'s order) ...

    STORE_URL is the store in use; DATABASE its SQLite file (None on PostgreSQL).
    """
    overrides = overrides or {}
    app = Flask(__name__)
    app.url_map.converters["any_path"] = AnyPathConverter
    data_dir = config.data_dir(overrides.get("DATA_DIR"))
    url = store_url(data_dir, overrides.get("STORE"))
    path = sqlite_path(url)
    app.config.from_mapping(
        DATA_DIR=data_dir,
        STORE_URL=url,
        DATABASE=str(path) if path else None,
        PORT=config.DEFAULT_PORT,
        TOKEN=None,
        MAX_CONTENT_LENGTH=MAX_BODY,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        JSON_AS_ASCII=False,
    )
    app.config.update(overrides)
    app.config["DATA_DIR"] = data_dir
    private.lock_down(data_dir)  # 0700 and 0600: other accounts on the machine read nothing
    secrets_store.token(data_dir)  # made now, so `otklik token` and the server agree
    app.secret_key = secrets_store.session_secret(data_dir)
    app.json.ensure_ascii = False

    init_app(app, open_store(url, start_unreachable=True))
    errors.register(app)
    security.register(app)

    load_modules()
    app.register_blueprint(api_bp)
    login.register(app)
    _register_dashboard(app)

    @app.after_request
    def _identify(response):
        # The extension tells the companion from another program on the port by this.
        response.headers["X-Otklik-Version"] = __version__
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # Not "no-referrer": with it Chromium sends "Origin: null" with the pages' own
        # form posts (the /login token form, the dashboard's), which the Origin check
        # rightly refuses; same-origin still tells no other site where the page was.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        security.add_page_headers(response)
        return response

    return app


def _register_dashboard(app: Flask) -> None:
    # The trainers' dashboard is its own package; the API works without it.
    spec = importlib.util.find_spec("companion.dashboard")
    if spec is None or spec.origin is None:
        return
    module = importlib.import_module("companion.dashboard")
    if hasattr(module, "bp"):
        app.register_blueprint(module.bp)


def package_dir() -> Path:
    return Path(__file__).parent
