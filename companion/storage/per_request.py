"""The store of a running companion: its engine on the Flask app, one connection per
request on ``g``, migrations at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine

from .. import private
from .engine import make_engine, sqlite_path
from .faults import is_unreachable, reason
from .migrate import SchemaBehind, SchemaTooNew, ensure_migrated, migrate, migrate_later

log = logging.getLogger("otklik")

ENGINE_KEY = "otklik.store"


def open_store(url: str, *, run_migrations: bool = True,
               start_unreachable: bool = False) -> Engine:
    """An engine for ``url`` whose schema is current; an SQLite file is made 0600.

    ``start_unreachable``: a team store (PostgreSQL) that cannot be reached now does not
    stop the companion: its schema is checked when it first answers (``get_db``).
    Raises SchemaTooNew / SchemaBehind (one line each) and the driver's errors.
    """
    path = sqlite_path(url)
    if path is not None:
        private.create_file(Path(path))
    engine = make_engine(url)
    if run_migrations:
        try:
            migrate(engine)
        except BaseException as exc:
            if start_unreachable and path is None and is_unreachable(exc):
                log.warning("the team store cannot be reached (%s): starting without it; "
                            "events wait in the extension until it answers", reason(exc))
                migrate_later(engine)
                return engine
            engine.dispose()
            raise
    return engine


def init_app(app: Flask, engine: Engine) -> None:
    app.extensions[ENGINE_KEY] = engine
    app.teardown_appcontext(close_db)


def engine_of(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions[ENGINE_KEY]


def get_db() -> Connection:
    """This request's connection (made on first use, closed when the request ends).

    A write that must be whole goes through ``engine.write_transaction``.
    """
    if "db" not in g:
        engine = engine_of()
        try:
            ensure_migrated(engine)  # a team store that was down at start-up
        except (SchemaTooNew, SchemaBehind) as exc:
            from ..errors import ApiError

            raise ApiError(503, str(exc), code="store_schema") from None
        g.db = engine.connect()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        try:
            db.close()  # rolls back what was not committed
        except Exception:  # noqa: BLE001 - a dead server connection: nothing to keep
            db.invalidate()
