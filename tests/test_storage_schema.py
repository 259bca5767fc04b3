"""The store's schema on both engines: Alembic creates it from nothing, it equals the
Table objects, and a store a newer otklik wrote is refused in one line."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from companion.storage import make_engine
from companion.storage.migrate import SchemaTooNew, head, migrate
from companion.storage.schema import metadata


# SQLite's reflection cannot read an index on an expression (comments_came), so Alembic's
# comparison skips it there, saying so (pyproject.toml lets that warning pass);
# `_expression_indexes` checks such indexes by name instead.
def _expression_indexes(db) -> set[str]:
    """The names of the store's indexes on expressions that schema.py declares."""
    wanted = {i.name for t in metadata.tables.values() for i in t.indexes
              if any(not hasattr(e, "name") for e in i.expressions)}
    if db.dialect.name == "sqlite":
        rows = db.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
    else:
        rows = db.execute(text(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))
    return wanted & {r[0] for r in rows}


def test_empty_store_gets_the_whole_schema(store):
    engine = make_engine(store)
    try:
        ran = migrate(engine)
        assert ran[0] == "0001" and ran[-1] == head()  # every revision, in order, once
        assert migrate(engine) == []  # a second start changes nothing
        tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= tables
        with engine.connect() as db:
            # The migrations and the Table objects say the same thing, index for index.
            # (_migrations is the pre-Alembic record, kept on SQLite for old otkliks.)
            diffs = compare_metadata(MigrationContext.configure(db), metadata)
            assert [d for d in diffs if d[0] != "remove_table" or d[1].name != "_migrations"] == []
            assert _expression_indexes(db) == {"comments_came", "replies_came"}
            written = db.execute(
                text("SELECT value FROM _meta WHERE key = 'schema_written_by'")
            ).scalar()
        from companion import __version__

        assert written == __version__
    finally:
        engine.dispose()


def test_store_from_a_newer_otklik_is_refused(store):
    engine = make_engine(store)
    try:
        migrate(engine)
        with engine.begin() as db:
            db.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
            db.execute(text("UPDATE _meta SET value = '9.9.0' WHERE key = 'schema_written_by'"))
        with pytest.raises(SchemaTooNew) as err:
            migrate(engine)
        message = str(err.value)
        assert "\n" not in message
        assert "otklik 9.9.0" in message and "9999_future" in message
    finally:
        engine.dispose()


# --- SQLite files from before Alembic ---------------------------------------------------

ROWS = {
    "comments": "INSERT INTO comments (platform, comment_id, posted_at, text) "
                "VALUES ('vk', 'c1', '2026-11-16T10:00:00.000Z', 'Нет интернета')",
    "replies": "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, "
               "reply_sent_at, created_at) VALUES ('u1', 'vk', 'c1', 'Анна', 'Разберёмся', "
               "'2026-11-16T10:05:00.000Z', 'x')",
    "events": "INSERT INTO events VALUES ('u1', 'reply_sent', 'x', '{\"uuid\": \"u1\"}')",
    "templates": "INSERT INTO templates VALUES ('d01', 'Спасибо', 'import', 'x', 'x')",
    "stars": "INSERT INTO stars VALUES (1, 'Тренер', 'x')",
    "feedback": "INSERT INTO feedback (reply_id, author, text, created_at) "
                "VALUES (1, 'Тренер', 'Хорошо', 'x')",
    "corrections": "INSERT INTO corrections (platform, comment_id, field, value, created_at) "
                   "VALUES ('vk', 'c1', 'tone', 'negative', 'x')",
    "settings": "INSERT INTO settings VALUES ('dashboard.timezone', 'Europe/Moscow')",
    "followups": "INSERT INTO followups (event_uuid, platform, comment_id, answered_comment_id, "
                 "text, seen_at, reply_id, created_at) VALUES ('f1', 'vk', 'c2', 'c1', "
                 "'Спасибо!', 'x', 1, 'x')",
    "reply_outcomes": "INSERT INTO reply_outcomes VALUES (1, 'thanked', 1, 'x', 'x')",
    "reply_coach": "INSERT INTO reply_coach VALUES (1, 0.8, 4, 5, '[]')",
    "page_health_misses": "INSERT INTO page_health_misses VALUES "
                          "('2026-11-16', 'vk', 'post', 'comments', 3, 'x')",
}
OLD_STEPS = ["m003_create_review_tables", "m004_dashboard_covering_index",
             "m005_first_response", "m006_reply_outcomes", "m007_page_health_misses",
             "m008_create_meta"]


@pytest.mark.parametrize("upto", OLD_STEPS)
def test_an_old_sqlite_file_upgrades_in_place_keeping_every_row(tmp_path, upto):
    """A file the pre-Alembic otklik made (its steps up to ``upto``) with rows in every
    table it had gets the missing steps, is stamped at the baseline, keeps every row."""
    from store_db import old_sqlite_file

    from companion.storage import legacy

    path = tmp_path / "otklik.db"
    old = old_sqlite_file(path, upto)
    tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    before = {}
    for table, sql in ROWS.items():
        if table in tables:
            old.execute(sql)
            before[table] = old.execute(f"SELECT * FROM {table}").fetchall()
    old.close()
    engine = make_engine(f"sqlite:///{path}")
    try:
        ran = migrate(engine)
        missing = list(legacy.STEPS)[list(legacy.STEPS).index(upto) + 1:]
        # The old steps, the baseline, then every later revision (team mode's 0100...).
        assert ran[: len(missing) + 1] == [*missing, "0001"] and ran[-1] == head()
        with engine.connect() as db:
            for table, rows in before.items():
                after = [tuple(r) for r in db.execute(text(f"SELECT * FROM {table}"))]
                # A reply gains the columns m005 added (and its timing) but loses nothing.
                assert len(after) == len(rows), table
                for old_row, new_row in zip(rows, after, strict=True):
                    if table != "replies":
                        assert tuple(old_row) == new_row[: len(old_row)], table
            # The same tables, columns, indexes and unique keys as a new store. (SQLite's
            # reflection also reports a TEXT PRIMARY KEY as nullable, REAL for Float and
            # foreign keys without ON DELETE, in files the old steps made: not changes.)
            diffs = compare_metadata(MigrationContext.configure(db), metadata)
            kinds = ("add_table", "remove_table", "add_column", "remove_column", "add_index",
                     "remove_index", "add_constraint", "remove_constraint")
            real = [d for d in diffs if not isinstance(d, list) and d[0] in kinds]
            assert [d for d in real if d[0] != "remove_table" or d[1].name != "_migrations"] == []
            assert _expression_indexes(db) == {"comments_came", "replies_came"}
            assert db.execute(text("SELECT name FROM _migrations WHERE name = 'm009_alembic'"))\
                .scalar() == "m009_alembic"
        assert migrate(engine) == []
    finally:
        engine.dispose()


def test_an_old_otklik_refuses_a_file_alembic_owns(tmp_path):
    """The pre-Alembic otklik reads only _migrations: the m009 mark is a step it does
    not know, so it refuses the file (naming the version in _meta) instead of writing."""
    from companion.storage import legacy

    path = tmp_path / "otklik.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    import sqlite3

    db = sqlite3.connect(path)
    done = {r[0] for r in db.execute("SELECT name FROM _migrations")}
    db.close()
    assert done - set(legacy.STEPS) == {legacy.ALEMBIC_MARK}


# --- where the store is -------------------------------------------------------------------


def test_store_url_precedence(tmp_path, monkeypatch):
    import json

    from companion.storage.engine import STORE_ENV, StoreUrlError, describe, store_url

    monkeypatch.delenv(STORE_ENV, raising=False)
    assert store_url(tmp_path) == f"sqlite:///{tmp_path / 'otklik.db'}"
    (tmp_path / "team.json").write_text(json.dumps({"url": "postgresql://anna:s3cret@db/team"}))
    assert store_url(tmp_path) == "postgresql+psycopg://anna:s3cret@db/team"
    monkeypatch.setenv(STORE_ENV, "postgres://boris:pw@env/team")
    assert store_url(tmp_path) == "postgresql+psycopg://boris:pw@env/team"
    assert store_url(tmp_path, "postgresql://vera@cli/team") == "postgresql+psycopg://vera@cli/team"
    assert describe(store_url(tmp_path)) == "PostgreSQL postgresql://boris:***@env/team"
    monkeypatch.delenv(STORE_ENV)
    (tmp_path / "team.json").write_text("{not json")
    with pytest.raises(StoreUrlError, match="team.json: not a team file"):
        store_url(tmp_path)
    with pytest.raises(StoreUrlError, match="mysql is not a store otklik knows"):
        store_url(tmp_path, "mysql://x@y/z")


def test_a_role_that_may_not_migrate_refuses_a_schema_behind(pg_cluster, pg_url):
    """An operator's login role (no CREATE) on a team store whose schema is behind this
    otklik: one line, nothing changed; on a current schema it just starts."""
    from sqlalchemy.engine import make_url

    from companion.storage.migrate import SchemaBehind

    name = make_url(pg_url).database
    pg_cluster.execute("CREATE ROLE op_anna LOGIN PASSWORD 'pw-anna'")
    pg_cluster.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC", name)
    pg_cluster.execute(f'GRANT CONNECT ON DATABASE "{name}" TO op_anna')
    operator_url = make_url(pg_url).set(username="op_anna", password="pw-anna")
    operator = make_engine(operator_url.render_as_string(hide_password=False))
    try:
        with pytest.raises(SchemaBehind) as err:
            migrate(operator)
        assert "\n" not in str(err.value) and "otklik team init" in str(err.value)
        owner = make_engine(pg_url)
        migrate(owner)
        owner.dispose()
        pg_cluster.execute("GRANT SELECT ON alembic_version, _meta TO op_anna", name)
        assert migrate(operator) == []
    finally:
        operator.dispose()
        pg_cluster.execute("DROP OWNED BY op_anna", name)
        pg_cluster.execute("DROP ROLE op_anna")
