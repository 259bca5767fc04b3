"""``otklik team join URL``: check a member's connection and keep it in the data dir.

The URL is the one ``otklik team add-operator``/``add-trainer`` printed. Before anything is
written it is tried: the server must answer, the password must be right, the database
must be a team store (``otklik team init``) and the role one of its members. The URL is
then kept in ``team.json`` (0600, like every file of the data dir), which
``companion.storage.store_url`` reads, so ``otklik serve`` uses the team store from then
on. ``sslmode`` (and the other libpq parameters) in the URL pass through to the server
unchanged: ``?sslmode=require`` refuses a server without TLS, ``verify-full`` also checks
its certificate.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .. import private
from ..storage.engine import TEAM_FILE, StoreUrlError, make_engine, masked, normalise
from .member import Member, whoami
from .names import ROLE_PREFIX
from .roles import TeamError


def explain(exc: BaseException, url: str) -> str:
    """A database error as one line naming the server and what to do."""
    u = make_url(url)
    where = f"{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"
    orig = getattr(exc, "orig", exc)
    msg = " ".join(str(orig).split())
    low = msg.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        if not (u.username or "").startswith(ROLE_PREFIX):  # the lead's own role
            return (f"{where}: the server refused the password of {u.username!r}; "
                    "check the password in the URL")
        return (f"{where}: the server refused the password of {u.username!r}; ask the team "
                "lead for a new one (`otklik team add-operator` prints it once)")
    if "does not exist" in low and "role" in low:
        return f"{where}: there is no role {u.username!r} on this server; check the URL"
    if "does not exist" in low and "database" in low:
        return f"{where}: there is no database {u.database!r} on this server; check the URL"
    if any(s in low for s in ("connection refused", "timeout expired", "could not connect",
                              "could not translate host name", "name or service not known",
                              "no route to host", "connection timed out")):
        # libpq's first line says why ("…failed: Connection refused"); its second is a hint.
        why = str(orig).strip().splitlines()[0].split(":")[-1].strip() if str(orig).strip() else ""
        return (f"{where}: the server does not answer ({why or msg}); "
                "is PostgreSQL running and reachable from here?")
    if "ssl" in low:
        return f"{where}: TLS problem ({msg}); check sslmode in the URL"
    if "permission denied" in low or "insufficient privilege" in low:
        return f"{where}: permission denied ({msg})"
    return f"{where}: {msg}"


def check(url: str) -> Member:
    """Connect with ``url`` and return the member it is. Raises TeamError with one line:
    a bad URL, a server that does not answer, a refused password, a database that is not a
    team store, a role that is not a member."""
    try:
        url = normalise(url, "the URL")
    except StoreUrlError as exc:
        raise TeamError(str(exc)) from None
    if make_url(url).get_backend_name() != "postgresql":
        raise TeamError("the URL must be a PostgreSQL one (postgresql://NAME:PASSWORD@HOST/DB)")
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as db:
            if not db.dialect.has_table(db, "members"):
                raise TeamError(f"{masked(url)} is not a team store: the team lead runs "
                                "`otklik team init` on it first")
            member = whoami(db)
            db.execute(text("SELECT 1 FROM replies LIMIT 1")).all()
    except (DBAPIError, SQLAlchemyError) as exc:
        raise TeamError(explain(exc, url)) from None
    finally:
        engine.dispose()
    if member.name is None:
        raise TeamError(f"role {member.role!r} is not a member of this team: ask the team lead "
                        "to run `otklik team add-operator NAME` and use the URL it prints")
    return member


def save(data_dir: Path, url: str) -> Path:
    """Keep the connection in ``team.json`` (0600) of the data dir."""
    path = Path(data_dir) / TEAM_FILE
    private.write_text(path, json.dumps({"url": normalise(url, "the URL")}, indent=2) + "\n")
    return path


def joined(data_dir: Path) -> str | None:
    """The team store this data dir joined, password masked (for `otklik status`), or
    None; an unreadable team.json is named with what is wrong."""
    path = Path(data_dir) / TEAM_FILE
    if not path.exists():
        return None
    try:
        return masked(normalise(json.loads(path.read_text(encoding="utf-8"))["url"], str(path)))
    except (OSError, ValueError, KeyError, TypeError, StoreUrlError) as exc:
        return f"{path}: unreadable ({exc})"
