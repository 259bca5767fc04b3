"""Which store, and an engine for it: the embedded SQLite file or a team's PostgreSQL.

Where the store is, first found wins (``store_url``): ``otklik serve --store URL``, then
``$OTKLIK_STORE``, then ``team.json`` in the data dir (``{"url": ...}``, written by
``otklik team join``), then the data dir's SQLite file ``otklik.db``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from ..config import DB_NAME  # the data dir's SQLite file

STORE_ENV = "OTKLIK_STORE"
TEAM_FILE = "team.json"
# Seconds to wait for PostgreSQL to answer a new connection: an unreachable server is
# reported at once (503 store_unavailable) instead of holding the extension's request.
CONNECT_TIMEOUT_S = 3
# Execution option asking SQLite for the write lock at BEGIN (BEGIN IMMEDIATE): a
# transaction that reads and then writes never fails half-way on a busy database.
WRITE = {"otklik_write": True}


class StoreUrlError(ValueError):
    """A store URL otklik cannot use; the message is one line naming where it came from."""


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def store_url(data_dir: Path, cli_value: str | None = None) -> str:
    """The store's SQLAlchemy URL: CLI > ``$OTKLIK_STORE`` > team.json > the SQLite file.

    ``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://`` (psycopg 3).
    Raises StoreUrlError for a URL of another kind or an unreadable team.json.
    """
    for value, where in ((cli_value, "--store"), (os.environ.get(STORE_ENV), f"${STORE_ENV}")):
        if value and value.strip():
            return normalise(value.strip(), where)
    team = Path(data_dir) / TEAM_FILE
    if team.exists():
        try:
            url = json.loads(team.read_text(encoding="utf-8"))["url"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreUrlError(f"{team}: not a team file with a \"url\" ({exc})") from None
        if not isinstance(url, str):
            raise StoreUrlError(f"{team}: \"url\" must be a string")
        return normalise(url, str(team))
    return sqlite_url(Path(data_dir) / DB_NAME)


def normalise(value: str, where: str = "the store URL") -> str:
    """A URL otklik can open, with psycopg 3 as the PostgreSQL driver."""
    try:
        url = make_url(value)
    except ArgumentError:
        raise StoreUrlError(f"{where}: not a database URL (postgresql://USER@HOST/DB)") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        return url.render_as_string(hide_password=False)
    raise StoreUrlError(f"{where}: {backend} is not a store otklik knows (postgresql or sqlite)")


def masked(url: str | URL) -> str:
    """The URL with its password as ``***`` and without the driver (``postgresql://``, as
    the user types it), for status lines and logs."""
    u = make_url(url)
    return u.set(drivername=u.get_backend_name()).render_as_string(hide_password=True)


def describe(url: str | URL) -> str:
    """``SQLite /path/otklik.db`` or ``PostgreSQL postgresql://anna:***@db/otklik``."""
    u = make_url(url)
    if is_sqlite(u):
        return f"SQLite {u.database}"
    return f"PostgreSQL {masked(u)}"


def is_sqlite(url: str | URL | Engine | Connection) -> bool:
    if hasattr(url, "dialect"):  # an Engine or a Connection
        return url.dialect.name == "sqlite"
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The file of an SQLite URL (None for another engine or an in-memory database)."""
    u = make_url(url)
    if not is_sqlite(u) or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def make_engine(url: str | URL, *, pool_size: int = 8) -> Engine:
    """An engine with the settings every part of otklik relies on.

    SQLite: WAL (the dashboard reads while the extension writes), a 10 s busy timeout
    (concurrent writers wait instead of failing), foreign keys on, and transactions
    begun by SQLAlchemy (BEGIN, or BEGIN IMMEDIATE under ``WRITE``) rather than by the
    driver. PostgreSQL: psycopg 3, a short connect timeout, ``pool_pre_ping`` (a
    connection the server dropped is replaced, not handed out).
    """
    u = make_url(url)
    if is_sqlite(u):
        # A connection per use, closed after it, as before SQLAlchemy: opening an SQLite
        # file is cheap, and the last one closed checkpoints the WAL and removes it, so
        # no process keeps the file's -wal growing (and a full disk shows at once).
        engine = create_engine(
            u, connect_args={"timeout": 10, "check_same_thread": False}, poolclass=NullPool
        )
        _sqlite_settings(engine)
        return engine
    return create_engine(
        u,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "otklik"},
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=8,
        pool_timeout=CONNECT_TIMEOUT_S * 2,
    )


# Rows this process changed in SQLite files (connections' total_changes as they close):
# `otklik serve` backs up on a clean stop only when something was stored since its last
# backup (companion/backup.py).
_sqlite_changes = 0
_changes_lock = threading.Lock()


def sqlite_changes() -> int:
    return _sqlite_changes


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _count_changes(dbapi_conn, _record) -> None:
        global _sqlite_changes
        if dbapi_conn is not None and dbapi_conn.total_changes:
            with _changes_lock:
                _sqlite_changes += dbapi_conn.total_changes

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        # The driver's own transaction handling would BEGIN late and never for DDL;
        # with it off, the "begin" hook below decides (SQLAlchemy's documented recipe).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("otklik_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_transaction(db: Connection) -> Iterator[Connection]:
    """One transaction for a change that must be whole: committed at the end, rolled
    back on any error. Ends the read transaction ``db`` may be in first (SQLAlchemy
    begins one on the first statement), so the write sees what is committed now."""
    if db.in_transaction():
        db.commit()
    sqlite = is_sqlite(db)
    if sqlite:
        db.execution_options(**WRITE)  # this connection's next BEGIN is IMMEDIATE
    try:
        with db.begin():
            yield db
    finally:
        if sqlite:
            db.execution_options(otklik_write=False)
