"""The store: one place for the engine question (embedded SQLite or a team's PostgreSQL).

- ``engine``: where the store is (``store_url``) and an engine for it (``make_engine``);
- ``schema``: the tables (SQLAlchemy Core); ``migrate``/``legacy``/``migrations``:
  Alembic revisions run at start-up, and the upgrade of pre-Alembic SQLite files;
- ``faults``: a disk, file or server fault as one line and an HTTP answer;
- ``per_request``: the running companion's engine and the request's connection;
- ``dialect``: the few places SQLite and PostgreSQL need different SQL;
- the stores: ``events``, ``outcomes``, ``templates``, ``settings``, ``page_health``,
  ``comments`` (what the extension asks about), ``dashboard`` (the dashboard's reads).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection

from .engine import STORE_ENV, TEAM_FILE, describe, make_engine, masked, sqlite_path, store_url

__all__ = [
    "STORE_ENV", "TEAM_FILE", "connect_data_dir", "describe", "make_engine", "masked",
    "store_url",
]


@contextmanager
def connect_data_dir(
    data_dir: Path, cli_value: str | None = None, *, create: bool = True
) -> Iterator[Connection | None]:
    """A connection to the store of ``data_dir`` (``store_url``'s order), its schema
    current, for a command. ``create`` false: None when there is no SQLite file yet, and
    nothing is migrated (a read that must not change anything)."""
    from .per_request import open_store

    url = store_url(data_dir, cli_value)
    path = sqlite_path(url)
    if not create and path is not None and not path.exists():
        yield None
        return
    engine = open_store(url, run_migrations=create) if create else make_engine(url)
    try:
        with engine.connect() as db:
            yield db
    finally:
        engine.dispose()
