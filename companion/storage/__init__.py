"""The store: one place for the engine question (embedded SQLite or a team's PostgreSQL).

- ``engine``: where the store is (``store_url``) and an engine for it (``make_engine``);
- ``schema``: the tables (SQLAlchemy Core); ``migrate``/``legacy``/``migrations``:
  Alembic revisions run at start-up, and the upgrade of pre-Alembic SQLite files;
- ``faults``: a disk, file or server fault as one line and an HTTP answer;
- ``per_request``: the Flask request's connection (``get_db``);
- ``dialect``: the few places SQLite and PostgreSQL need different SQL;
- the stores: ``events``, ``outcomes``, ``templates``, ``settings``, ``page_health``,
  ``dashboard`` (the dashboard's reads), ``comments`` (what the extension asks about).
"""

from .engine import STORE_ENV, TEAM_FILE, describe, make_engine, masked, store_url

__all__ = ["STORE_ENV", "TEAM_FILE", "describe", "make_engine", "masked", "store_url"]
