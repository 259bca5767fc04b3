"""Which member of the team the companion's connection is.

In team mode the operator's name on every event comes from here (the ``members`` row of
``current_user``), not from the extension's free-text field, so «Анна» and «анна » are
one person on the dashboard. On SQLite, or for a PostgreSQL role that is not a member
(the team lead's own), there is none and events keep the name the extension sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from ..validation import person_name
from .claims import LOCAL_ROLE


@dataclass(frozen=True)
class Member:
    role: str  # the PostgreSQL role (LOCAL_ROLE on SQLite)
    name: str | None  # the display name; None when the role is not a member
    kind: str | None  # 'operator' or 'trainer'


def whoami(db: Connection) -> Member:
    """The connection's role and its member row (name, kind), if any."""
    if db.dialect.name != "postgresql":
        return Member(LOCAL_ROLE, None, None)
    role = db.execute(text("SELECT current_user")).scalar()
    row = None
    if db.dialect.has_table(db, "members"):
        row = db.execute(text("SELECT name, kind FROM members WHERE role = :r"),
                         {"r": role}).first()
    return Member(role, row[0] if row else None, row[1] if row else None)


MEMBER_KEY = "otklik.member"


def member_of(app, db: Connection) -> Member:
    """The member of the app's store connection, asked once and then kept (the role of
    a companion's URL does not change while it runs)."""
    known = app.extensions.get(MEMBER_KEY)
    if known is None:
        known = app.extensions[MEMBER_KEY] = whoami(db)
    return known


def operator_name(member: Member, given: str | None) -> str | None:
    """The name events and claims carry: the member's in team mode, else the one the
    extension gave (tidied), else None."""
    if member.name:
        return member.name
    return person_name(given) or None


def stamp(events: list, member: Member) -> None:
    """Put the member's name on every event of the batch (team mode): the extension's
    free-text name never reaches the team store. Events are storage.events.Event."""
    if not member.name:
        return
    for event in events:
        event.fields["operator"] = member.name
