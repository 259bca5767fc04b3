"""Alembic's environment for otklik: always run on a connection the caller made
(companion.storage.migrate), never from alembic.ini; SQLite gets batch mode."""

from alembic import context

from companion.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
