"""Creating and upgrading the store's schema with Alembic, on SQLite and PostgreSQL.

Run at every start-up. An SQLite file from before Alembic (``_migrations`` m001–m008)
first gets the old steps it misses (companion.storage.legacy), then is stamped at the
baseline. A store some newer otklik wrote (a revision this one does not know) is refused
before anything is written, with one line naming the version that wrote it. On
PostgreSQL a role that may not change the schema (an operator's) does not migrate: it
checks that the schema is current and otherwise refuses with one line.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from . import legacy
from .engine import WRITE, is_sqlite, masked, sqlite_path

# Alembic says "Context impl SQLiteImpl" at INFO on every start: not news for the log.
logging.getLogger("alembic").setLevel(logging.WARNING)

HERE = Path(__file__).parent / "migrations"
BASELINE = "0001"
# pg_advisory_xact_lock key: companions of one team starting together migrate one by one.
_PG_LOCK = 0x6F746B6C  # "otkl"


class SchemaTooNew(RuntimeError):
    """The store was written by a newer otklik: this one must not write to it."""


class SchemaBehind(RuntimeError):
    """The team store's schema is older than this otklik and this role may not upgrade it."""


@cache
def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    return script().get_current_head()


def _where(engine: Engine | Connection) -> str:
    path = sqlite_path(engine.engine.url if isinstance(engine, Connection) else engine.url)
    return str(path) if path else masked(engine.engine.url if isinstance(engine, Connection)
                                         else engine.url)


def written_by(db: Connection) -> str | None:
    """The otklik version that last changed the schema (None before m008 recorded it)."""
    if not db.dialect.has_table(db, "_meta"):
        return None
    return db.execute(text("SELECT value FROM _meta WHERE key = 'schema_written_by'")).scalar()


def current(db: Connection) -> str | None:
    """The store's Alembic revision; None for an empty store or a pre-Alembic file."""
    return MigrationContext.configure(db).get_current_revision()


def check_version(db: Connection, where: object = "the store") -> None:
    """Raise SchemaTooNew when the store has a revision (or an old step) this program
    does not know."""
    from .. import __version__

    known = {rev.revision for rev in script().walk_revisions()}
    rev = current(db)
    old = legacy.applied(db) or []
    unknown_old = set(old) - set(legacy.STEPS) - {legacy.ALEMBIC_MARK}
    if (rev is not None and rev not in known) or unknown_old:
        writer = written_by(db) or "a newer otklik"
        theirs = sorted(unknown_old)[-1] if unknown_old else rev
        raise SchemaTooNew(
            f"{where} was written by otklik {writer} (schema {theirs}; this otklik "
            f"{__version__} knows schema {head()}): upgrade otklik "
            f"(`pipx upgrade otklik`) or start with another --data-dir."
        )


def may_migrate(db: Connection) -> bool:
    """Whether the connected role may change the schema: on SQLite always; on
    PostgreSQL the owner of the schema's tables, or anyone who may create tables in an
    empty database."""
    if is_sqlite(db):
        return True
    owner = db.execute(text(
        "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = 'alembic_version'"
    )).scalar()
    if owner is not None:
        return owner == db.execute(text("SELECT current_user")).scalar()
    return bool(db.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')"))
                .scalar())


def migrate(engine: Engine) -> list[str]:
    """Bring the store to this otklik's schema; returns what ran (old steps, revisions).

    Raises SchemaTooNew (before writing anything) for a store a newer otklik wrote,
    SchemaBehind for a team store this role may not upgrade, and the driver's errors
    for a store it cannot reach or read.
    """
    from .. import __version__

    where = _where(engine)
    with engine.connect() as db:
        if is_sqlite(db):
            db.execution_options(**WRITE)
        with db.begin():
            if not is_sqlite(db):
                db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            check_version(db, where)
            before = current(db)
            if before == head():
                return []
            if not may_migrate(db):
                raise SchemaBehind(
                    f"{where} has schema {before or 'none'} and this otklik {__version__} "
                    f"needs {head()}; this role may not change it: ask the team lead to run "
                    f"`otklik team init` with this otklik, then start again."
                )
            ran = _run(db, before)
            db.execute(text("DELETE FROM _meta WHERE key = 'schema_written_by'"))
            db.execute(text("INSERT INTO _meta (key, value) VALUES ('schema_written_by', :v)"),
                       {"v": __version__})
        return ran


def _run(db: Connection, before: str | None) -> list[str]:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cfg = _config()
    cfg.attributes["connection"] = db
    ran: list[str] = []
    old = legacy.applied(db) if is_sqlite(db) else None
    if before is None and old:
        # A file from before Alembic: the old steps it lacks, then the baseline it equals.
        ran += legacy.upgrade(db, old, now)
        command.stamp(cfg, BASELINE)
        before = BASELINE
        ran.append(BASELINE)
    command.upgrade(cfg, "head")
    after = current(db)
    ran += [rev.revision for rev in reversed(list(
        script().iterate_revisions(after, before or "base")
    )) if rev.revision != before]
    if is_sqlite(db):
        # An otklik from before Alembic reads only _migrations: a name it does not know
        # makes it refuse the file rather than write to a schema it does not know.
        db.execute(text(
            "CREATE TABLE IF NOT EXISTS _migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        ))
        db.execute(text(
            "INSERT INTO _migrations (name, applied_at) SELECT :n, :t WHERE NOT EXISTS "
            "(SELECT 1 FROM _migrations WHERE name = :n)"
        ), {"n": legacy.ALEMBIC_MARK, "t": now})
    return ran


# Team stores that could not be reached when the companion started: it starts anyway
# (analysis and draft checks need no store), and their schema is checked and brought up
# to date the first time the server answers (``ensure_migrated``), before any request
# reads or writes them.
_later: set[int] = set()
_later_lock = threading.Lock()


def migrate_later(engine: Engine) -> None:
    """Remember that ``engine``'s schema is still to be checked (see ``ensure_migrated``)."""
    with _later_lock:
        _later.add(id(engine))


def ensure_migrated(engine: Engine) -> None:
    """Run ``migrate(engine)`` once if it was put off at start-up; no-op otherwise.

    Raises what ``migrate`` raises (an unreachable server: the caller's 503)."""
    if id(engine) not in _later:
        return
    with _later_lock:
        if id(engine) in _later:
            migrate(engine)
            _later.discard(id(engine))
