"""A store fault as a code and one line: a full disk or a damaged SQLite file, an
unreachable PostgreSQL. The API answers these with 503 (nothing unstored is
acknowledged); start-up and `otklik status` print the line."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sqlalchemy import exc as sa_exc

# SQLite's primary result codes (sqlite3.h) for what is wrong with the disk or the file,
# and what to tell the person at the machine.
_STORAGE_PROBLEMS = {
    13: ("disk_full", "disk full"),  # SQLITE_FULL
    8: ("read_only", "the data dir is read-only"),  # SQLITE_READONLY
    10: ("disk_error", "disk I/O error"),  # SQLITE_IOERR
    14: ("cannot_open", "the database file cannot be opened"),  # SQLITE_CANTOPEN
    11: ("database_corrupt", "the database file is damaged"),  # SQLITE_CORRUPT
    26: ("database_corrupt", "the file is not an SQLite database"),  # SQLITE_NOTADB
    # Another program held the write lock past the busy timeout (a large `otklik
    # templates import`, a DB browser): a wait, not a bug (it answered 500).
    5: ("busy", "the database is busy (another program is writing to it)"),  # SQLITE_BUSY
    6: ("busy", "the database is busy (another program is writing to it)"),  # SQLITE_LOCKED
}
UNAVAILABLE = "store_unavailable"


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception inside SQLAlchemy's wrapper (or ``exc`` itself)."""
    return getattr(exc, "orig", None) or exc


def is_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` says the PostgreSQL server cannot be reached (down, refusing,
    restarting, the connection dropped), rather than a bug or a refused statement."""
    if isinstance(exc, sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return True
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - a dependency
        return False
    orig = _driver_error(exc)
    if isinstance(orig, psycopg.OperationalError):
        # 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 08xxx:
        # connection exceptions; None: no answer at all (refused, timed out).
        state = getattr(orig, "sqlstate", None)
        return state is None or state.startswith(("08", "57P"))
    return False


def reason(exc: BaseException) -> str:
    """The driver's first line, without SQLAlchemy's background link."""
    text = str(_driver_error(exc)).strip().splitlines()
    return text[0] if text else type(exc).__name__


def storage_problem(exc: BaseException) -> tuple[str, str] | None:
    """``(code, words)`` when ``exc`` is a disk, file or server fault rather than a bug.

    Disk full gives ``("disk_full", "disk full")``; an unreachable PostgreSQL
    ``("store_unavailable", "the team store cannot be reached: …")``.
    """
    if is_unreachable(exc):
        return UNAVAILABLE, f"the team store cannot be reached: {reason(exc)}"
    exc = _driver_error(exc)
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
    """One line for a start-up fault: what is wrong with which store, and what to do."""
    problem = storage_problem(exc)
    words = problem[1] if problem else reason(exc)
    hint = {
        "disk_full": "free some space on that disk and start again",
        "read_only": "make the data dir writable by this user, or pick another with --data-dir",
        "cannot_open": "check that the data dir exists and belongs to this user",
        "database_corrupt": "restore the latest backup from the data dir's backups/ "
        "(`otklik status` names it), or move the file away to start afresh",
        "disk_error": "check the disk",
        "busy": "try again once the other otklik command (or program) using it is done",
        UNAVAILABLE: "check that the server runs and the URL (--store, $OTKLIK_STORE or "
        "team.json) is right",
    }.get(problem[0] if problem else "", "see the message above")
    if problem and problem[0] == UNAVAILABLE:
        return f"Cannot use {path}: {words}; {hint}."
    return f"Cannot use {path}: {words} ({reason(exc)}); {hint}."
