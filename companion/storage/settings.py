"""The team's settings: key/value text pairs (``dashboard.timezone`` …), one table.

What the keys mean and how values are checked is companion.dashboard.settings'; this
module only reads and writes them, on either engine.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from .dialect import upsert
from .engine import write_transaction
from .schema import settings


def read(db: Connection, prefix: str = "") -> dict[str, str]:
    """``{key without prefix: value}`` for the keys starting with ``prefix``."""
    rows = db.execute(
        select(settings.c.key, settings.c.value).where(settings.c.key.startswith(prefix,
                                                                                 autoescape=True))
    )
    return {key[len(prefix):]: value for key, value in rows}


def write(db: Connection, values: dict[str, str], prefix: str = "") -> None:
    """Store ``values`` (already checked) under ``prefix`` in one transaction."""
    with write_transaction(db):
        for key, value in values.items():
            upsert(db, settings, {"key": prefix + key, "value": value}, ("key",))
