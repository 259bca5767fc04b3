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
