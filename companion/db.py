"""The SQLite file: one connection per request on ``g``, WAL mode, migrations at start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import current_app, g

from .migrations import migrate


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the settings every part of otklik relies on."""
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    # WAL lets the dashboard read while the extension writes; busy_timeout makes
    # concurrent writers wait instead of failing.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    return db


def init(path: Path | str) -> list[str]:
    """Create or upgrade the database file; returns the migrations applied."""
    db = connect(path)
    try:
        db.isolation_level = ""  # let migrate() commit explicitly
        return migrate(db)
    finally:
        db.close()


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()
