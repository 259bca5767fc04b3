"""A daily rolling backup of the database, seven days deep, with SQLite's online backup.

``backups/otklik-YYYY-MM-DD.db`` in the data dir, one a day while `otklik serve` runs
(at start and then hourly, when the day has changed), and on a clean stop when anything
was stored since the last backup (today's file then holds the day's last state), written
to a temporary name and renamed, so a backup on disk is always whole (a copy given up or
cut short leaves nothing: removed at once, or at the next start). SQLite's backup
API copies a consistent snapshot while the server keeps writing. `otklik status` names
the newest one when the database cannot be read.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

from . import private
from .storage.faults import storage_problem

KEEP = 7
INTERVAL_S = 3600.0
PREFIX, SUFFIX = "otklik-", ".db"
# The copy on a clean stop runs after the server's exit deadline (server.EXIT_DEADLINE_S
# covers only the calls still running) and has its own budget: past it the copy gives up
# whole (the temporary file removed, the last backup kept) rather than keep the operator
# waiting, or be cut off half-written by a process manager's kill.
STOP_BUDGET_S = 20.0
STEP_PAGES = 1024  # pages per step of the online backup: the budget is checked between steps


class GaveUp(Exception):
    """The copy ran past its budget and was abandoned; nothing of it is left."""

log = logging.getLogger("otklik")


def backup_dir(base: Path) -> Path:
    return base / "backups"


def backups(base: Path) -> list[Path]:
    """The backups kept, oldest first."""
    folder = backup_dir(base)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{PREFIX}????-??-??{SUFFIX}") if p.is_file())


def latest(base: Path) -> Path | None:
    found = backups(base)
    return found[-1] if found else None


def remove_unfinished(base: Path) -> list[Path]:
    """Remove what copies cut short left in backups/ (``otklik-*.tmp`` and its
    ``-journal``): a process killed mid-copy leaves up to the store's size behind, and a
    later day's copy writes another name. Only while this data dir is held (`serve`)."""
    folder = backup_dir(base)
    if not folder.is_dir():
        return []
    gone = []
    for path in folder.glob(f"{PREFIX}*.tmp*"):
        try:
            path.unlink()
            gone.append(path)
        except OSError as exc:
            log.warning("could not remove an unfinished backup %s: %s", path, exc)
    return gone


def _unlink_tmp(tmp: Path) -> None:
    for path in (tmp, tmp.with_name(tmp.name + "-journal")):
        path.unlink(missing_ok=True)


def daily(
    database: Path | str, base: Path, today: date | None = None, *, refresh: bool = False,
    budget_s: float | None = None,
) -> Path | None:
    """Today's backup of ``database`` if there is none yet (``refresh``: a new copy in
    its place even if there is); prunes to the newest KEEP.

    Returns the new file, or None when today's exists. Raises sqlite3.Error / OSError,
    or GaveUp when the copy takes longer than ``budget_s`` (None: as long as it takes);
    either way nothing of an unfinished copy is left.
    """
    started = time.monotonic()
    today = today or date.today()
    folder = backup_dir(base)
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{PREFIX}{today.isoformat()}{SUFFIX}"
    if target.exists() and not refresh:
        return None
    tmp = target.with_suffix(".tmp")
    # A journal left beside a new file of the same name would be taken for its own.
    _unlink_tmp(tmp)

    def within_budget(_status: int, _remaining: int, _total: int) -> None:
        if budget_s is not None and time.monotonic() - started > budget_s:
            raise GaveUp(f"the copy took more than {budget_s:.0f} s")

    try:
        private.create_file(tmp)
        # A locked source waits in SQLite's busy handler inside one step: within the budget.
        wait = 10.0 if budget_s is None else max(0.1, min(10.0, budget_s))
        src = sqlite3.connect(database, timeout=wait)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst, pages=STEP_PAGES, progress=within_budget)
                # A backup is one self-contained file: no -wal beside it to lose.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except BaseException:
        _unlink_tmp(tmp)
        raise
    os.replace(tmp, target)
    for old in backups(base)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


def run_once(database: Path | str, base: Path, *, refresh: bool = False,
             budget_s: float | None = None) -> bool:
    """``daily`` that logs a fault instead of raising: a backup must never stop the server.
    True when today's backup is there (made now or before)."""
    try:
        made = daily(database, base, refresh=refresh, budget_s=budget_s)
    except GaveUp as exc:
        kept = latest(base)
        log.warning("backup at stop given up: %s (%s)", exc,
                    f"the last backup stays: {kept}" if kept else "no backup yet")
        return False
    except (sqlite3.Error, OSError) as exc:
        problem = storage_problem(exc)
        log.warning("daily backup failed: %s (%s)", problem[1] if problem else "error", exc)
        return False
    if made:
        log.info("%s: %s", "backup at stop" if refresh else "daily backup", made)
    return True


class Backups:
    """The daily backups of a running `otklik serve`; ``stop`` ends them with a last copy
    when anything was stored since the last one, so a data dir's newest backup is never
    the empty one its first start made (a restart the same day made none either)."""

    def __init__(self, database: Path | str, base: Path) -> None:
        self.database, self.base = database, base
        for path in remove_unfinished(base):
            log.info("removed an unfinished backup: %s", path)
        self._stop = threading.Event()
        self._lock = threading.Lock()  # the hourly thread and ``stop`` copy one at a time
        self._backed_up_at: int | None = None  # sqlite_changes() when the last copy began
        self._thread = threading.Thread(target=self._loop, name="otklik-backup", daemon=True)
        self._thread.start()

    def _copy(self, refresh: bool = False, budget_s: float | None = None) -> None:
        from .storage.engine import sqlite_changes

        started = time.monotonic()
        # The stop waits for an hourly copy under way, within its budget.
        if not self._lock.acquire(timeout=-1 if budget_s is None else budget_s):
            log.warning("backup at stop given up: the hourly copy took more than %.0f s",
                        budget_s)
            return
        try:
            changes = sqlite_changes()  # before the copy: what comes during it counts
            left = None if budget_s is None else budget_s - (time.monotonic() - started)
            if run_once(self.database, self.base, refresh=refresh, budget_s=left):
                self._backed_up_at = changes
        finally:
            self._lock.release()

    def _loop(self) -> None:
        while True:
            self._copy()
            if self._stop.wait(INTERVAL_S):
                return

    def stop(self) -> None:
        """End the hourly copies; a last one if this process stored anything since the
        last copy (or since it started, when today's copy was older than that)."""
        from .storage.engine import sqlite_changes

        self._stop.set()
        if self._backed_up_at is None or sqlite_changes() != self._backed_up_at:
            self._copy(refresh=True, budget_s=STOP_BUDGET_S)


def start(database: Path | str, base: Path) -> Backups:
    """Back up now and then hourly (a new file once a day); ``stop()`` the result."""
    return Backups(database, base)


def database_problem(database: Path | str, base: Path) -> str | None:
    """None when ``database`` opens and reads; else one line: what is wrong and how to
    recover (from the newest backup, named). For `otklik status`."""
    from sqlalchemy import create_engine, event, text
    from sqlalchemy.exc import DBAPIError

    from .storage.migrate import SchemaTooNew, check_version

    path = Path(database)
    if not path.exists():
        return None  # made on the first `otklik serve`
    # mode=rw (never creates the file) with writes refused by query_only, not mode=ro:
    # a read-only connection cannot remove the -wal and -shm files it makes beside a
    # WAL database, so `otklik status` left them in the data dir; the last ordinary
    # connection to close removes them (and a running companion's stay as they are).
    engine = create_engine(f"sqlite:///file:{path}?mode=rw&uri=true",
                           connect_args={"timeout": 5})

    @event.listens_for(engine, "connect")
    def _reads_only(dbapi_conn, _record) -> None:
        dbapi_conn.execute("PRAGMA query_only=ON")
    try:
        with engine.connect() as db:
            db.execute(text("PRAGMA quick_check(1)")).first()
            check_version(db, path)
    except SchemaTooNew as exc:
        return str(exc)
    except (sqlite3.Error, DBAPIError) as exc:
        exc = getattr(exc, "orig", exc)
        problem = storage_problem(exc)
        words = problem[1] if problem else str(exc)
        newest = latest(base)
        recover = (
            f"stop otklik, move {path.name} away and copy {newest} in its place"
            if newest
            else "no backup yet: move the file away to start afresh"
        )
        return f"cannot read {path}: {words} ({exc}); to recover: {recover}"
    finally:
        engine.dispose()
    return None
