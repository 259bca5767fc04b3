"""Tests' own look into the store, on either engine: the SQL the tests were written in
(``?`` placeholders, rows read by name or position) run through a real SQLAlchemy
connection to the same store the app uses (the data dir's SQLite file or the test's
PostgreSQL database). Each string statement commits at once, as sqlite3's autocommit
did; statements built with SQLAlchemy and the store's own functions pass straight
through to the connection."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from companion.storage import make_engine
from companion.storage.engine import sqlite_url

_MARK = re.compile(r"\?")


class Row(tuple):
    """A result row read by position (``row[0]``) or by name (``row["text"]``)."""

    def __new__(cls, values, keys):
        row = super().__new__(cls, values)
        row._keys = {k: i for i, k in enumerate(keys)}
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._keys[key])
        return tuple.__getitem__(self, key)

    def keys(self):
        return list(self._keys)


class Result:
    def __init__(self, result) -> None:
        self.rowcount = result.rowcount
        if result.returns_rows:
            keys = list(result.keys())
            self._rows = [Row(tuple(r), keys) for r in result]
        else:
            self._rows = []

    def fetchall(self) -> list[Row]:
        return list(self._rows)

    def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def __iter__(self):
        return iter(self._rows)


class Db:
    """A connection to one store; ``close()`` lets it go."""

    def __init__(self, target) -> None:
        url = str(target)
        if "://" not in url:  # a path: the data dir's SQLite file
            url = sqlite_url(Path(url))
        self.engine = make_engine(url, pool_size=1)
        self.conn = self.engine.connect()

    def execute(self, sql, params=()):
        if not isinstance(sql, str):
            return self.conn.execute(sql, params or {})
        if isinstance(params, dict):
            named = params
        else:
            names = iter(range(len(params)))
            sql = _MARK.sub(lambda _m: f":p{next(names)}", sql)
            named = {f"p{i}": v for i, v in enumerate(params)}
        try:
            result = Result(self.conn.execute(text(sql), named))
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()
        return result

    def __getattr__(self, name):  # dialect, begin, commit, in_transaction, …
        return getattr(self.conn, name)

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()

    def __enter__(self) -> Db:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(target) -> Db:
    """A look into the store at ``target`` (a store URL, or an SQLite file's path)."""
    return Db(target)


def init(target) -> None:
    """Create or upgrade the store at ``target`` (as `otklik serve` does at start-up)."""
    from companion.storage.per_request import open_store

    url = str(target)
    if "://" not in url:
        url = sqlite_url(Path(url))
    open_store(url).dispose()


def old_sqlite_file(path, upto: str = "m008_create_meta"):
    """An SQLite file as an otklik from before Alembic made it: the old steps up to and
    including ``upto`` run by sqlite3 and recorded in ``_migrations``. Returns an open
    sqlite3 connection (autocommit) to fill with rows."""
    import sqlite3

    from companion.storage import legacy

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, script in legacy.STEPS.items():
        db.executescript(script)
        db.execute("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00')", (name,))
        if name == upto:
            break
    return db
