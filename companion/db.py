"""The SQLite file: one connection per request on ``g``, WAL mode, migrations at start."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from flask import current_app, g

from . import private
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


# SQLite's primary result codes (sqlite3.h) for what is wrong with the disk or the file,
# and what to tell the person at the machine.
_STORAGE_PROBLEMS = {
    13: ("disk_full", "disk full"),  # SQLITE_FULL
    8: ("read_only", "the data dir is read-only"),  # SQLITE_READONLY
    10: ("disk_error", "disk I/O error"),  # SQLITE_IOERR
    14: ("cannot_open", "the database file cannot be opened"),  # SQLITE_CANTOPEN
    11: ("database_corrupt", "the database file is damaged"),  # SQLITE_CORRUPT
    26: ("database_corrupt", "the file is not an SQLite database"),  # SQLITE_NOTADB
}


def storage_problem(exc: BaseException) -> tuple[str, str] | None:
    """``(code, words)`` when ``exc`` is a disk or file fault rather than a bug, else None.

    Disk full gives ``("disk_full", "disk full")``; the API answers these with 503.
    """
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return _STORAGE_PROBLEMS[13]
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _STORAGE_PROBLEMS[8]
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return _STORAGE_PROBLEMS.get(code & 0xFF)
    return None


def describe_fault(exc: BaseException, path: Path | str) -> str:
    """One line for a start-up fault: what is wrong with which file, and what to do."""
    problem = storage_problem(exc)
    words = problem[1] if problem else str(exc)
    hint = {
        "disk_full": "free some space on that disk and start again",
        "read_only": "make the data dir writable by this user, or pick another with --data-dir",
        "cannot_open": "check that the data dir exists and belongs to this user",
        "database_corrupt": "restore the latest backup from the data dir's backups/ "
        "(`otklik status` names it), or move the file away to start afresh",
        "disk_error": "check the disk",
    }.get(problem[0] if problem else "", "see the message above")
    return f"Cannot use {path}: {words} ({exc}); {hint}."


def init(path: Path | str) -> list[str]:
    """Create or upgrade the database file; returns the migrations applied.

    Raises SchemaTooNew for a file a newer otklik wrote, sqlite3.Error for a damaged one.
    """
    private.create_file(Path(path))
    db = connect(path)
    try:
        db.isolation_level = ""  # let migrate() commit explicitly
        return migrate(db, path)
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
