"""The team's roles on PostgreSQL: what an operator and a trainer may do, enforced by
the database (grants and row-level security), and a member's login role.

Two group roles (NOLOGIN, one per cluster, shared by every otklik database on it):

- ``otklik_operator``: reads everything the extension and its companion need; adds its
  own events (a reply's ``operator`` must be the member's own name: RLS ``WITH CHECK``);
  adds, renews and drops its own claims. It may not UPDATE or DELETE anyone's reply
  text, sender or times, the feedback, stars, corrections, the templates library or the
  settings. The derived figures every companion recomputes when an event arrives
  (a reply's response time, first-response flag, the comment's labels) stay writable
  column by column, since a reply stored by one operator changes the "first response"
  of a colleague's reply to the same comment, but a trigger admits only the values the
  stored events give (``_figures_guard``); follow-up links, outcomes and page-health
  counts are writable without that check.
- ``otklik_trainer``: reads and changes everything an operator can and also the
  replies, feedback, stars, corrections, templates and settings (the dashboard's
  review, the template library and the settings pages); not the members.

Members (``members``) are written only by the owner of the schema (the team lead who ran
``otklik team init``). Everything here is idempotent: ``team init`` runs it again after
an upgrade adds tables.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from ..storage.schema import COMMENT_KEY
from .names import display_name, name_key, role_base

OPERATOR = "otklik_operator"
TRAINER = "otklik_trainer"
KINDS = {"operator": OPERATOR, "trainer": TRAINER}

# What an operator may write, table by table ("ALL" = INSERT, UPDATE, DELETE). Tables not
# named here are read-only to operators. UPDATE lists are column privileges: the rest of
# the row cannot be changed.
OPERATOR_WRITES: dict[str, dict[str, list[str] | str]] = {
    "events": {"insert": "ALL"},
    # INSERT only the key, as the event store's own insert_ignore does (schema.COMMENT_KEY);
    # the rest arrives through the UPDATE that _comment_guard checks.
    "comments": {"insert": list(COMMENT_KEY), "update": "ALL"},
    "replies": {
        "insert": "ALL",
        "update": ["first_response", "response_seconds", "since_previous_seconds",
                   "comment_posted_at", "first_seen_at", "tone", "persona", "gratitude"],
    },
    "followups": {"insert": "ALL", "update": "ALL"},
    "reply_outcomes": {"insert": "ALL", "update": "ALL", "delete": "ALL"},
    "reply_coach": {"insert": "ALL", "update": "ALL"},
    "page_health_misses": {"insert": "ALL", "update": "ALL"},
    "claims": {"insert": "ALL", "update": "ALL", "delete": "ALL"},
}
# Never written by a companion, whoever it is: the schema's own records and the members.
OWNER_ONLY = ("members", "alembic_version", "_meta")

PASSWORD_BYTES = 18  # token_urlsafe: 24 characters, safe in a URL without quoting


class TeamError(RuntimeError):
    """A team command that cannot be done; the message is one line."""


@dataclass(frozen=True)
class NewMember:
    name: str
    kind: str
    role: str
    password: str


def _ident(db: Connection, name: str) -> str:
    return db.dialect.identifier_preparer.quote(name)


def _literal(value: str) -> str:
    # Only our own generated passwords come here (URL-safe base64): no quote can occur.
    assert "'" not in value and "\\" not in value
    return f"'{value}'"


def _tables(db: Connection) -> set[str]:
    rows = db.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    return {r[0] for r in rows}


def _role_exists(db: Connection, role: str) -> bool:
    return bool(db.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
                .scalar())


def setup(db: Connection) -> list[str]:
    """Create the group roles, grants, the ``otklik_me()`` function and the row-level
    security of the current schema; returns what it did, as short lines.

    Run by the schema's owner after the migrations (``otklik team init``), in one
    transaction. Raises TeamError when the connected role may not create roles.
    """
    if db.dialect.name != "postgresql":
        raise TeamError("team roles need PostgreSQL; the SQLite store has one operator")
    me = db.execute(text(
        "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    if not me:
        raise TeamError("this role may not create roles: run `otklik team init` as the "
                        "database's owner with CREATEROLE (or a superuser)")
    done = []
    for group in (OPERATOR, TRAINER):
        if not _role_exists(db, group):
            db.execute(text(f"CREATE ROLE {_ident(db, group)} NOLOGIN"))
            done.append(f"created role {group}")
    op, tr = _ident(db, OPERATOR), _ident(db, TRAINER)
    schema = _ident(db, db.execute(text("SELECT current_schema()")).scalar())
    tables = _tables(db)
    db.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {op}, {tr}"))
    # From scratch each time: a grant taken away in a newer otklik goes away here too.
    db.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {op}, {tr}"))
    db.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {op}, {tr}"))
    db.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {op}, {tr}"))
    for table in sorted(tables - set(OWNER_ONLY)):
        db.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {_ident(db, table)} TO {tr}"))
    for table, rights in OPERATOR_WRITES.items():
        if table not in tables:
            continue
        t = _ident(db, table)
        for right, cols in rights.items():
            what = right.upper()
            if isinstance(cols, list):
                what += " (" + ", ".join(_ident(db, c) for c in cols) + ")"
            db.execute(text(f"GRANT {what} ON {t} TO {op}"))
    done.append(f"granted {len(tables)} tables to {OPERATOR} and {TRAINER}")
    # Nobody but the owner creates objects here (PostgreSQL before 15 lets PUBLIC create
    # in the public schema): a table of an operator's could stand in for ours.
    db.execute(text(f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC"))
    # The member the connection is, for the policies (members is readable by both). The
    # table is named with its schema and the function's search_path fixed: a session's
    # temporary table "members" (pg_temp is searched first) must not say who one is.
    db.execute(text(
        "CREATE OR REPLACE FUNCTION otklik_me() RETURNS text LANGUAGE sql STABLE "
        "SET search_path = pg_catalog, pg_temp AS "
        f"$$ SELECT name FROM {schema}.members WHERE role = current_user $$"))
    db.execute(text(f"GRANT EXECUTE ON FUNCTION otklik_me() TO {op}, {tr}"))
    _figures_guard(db, schema)
    _comment_guard(db, schema)
    _policies(db, "replies", [
        ("read", "SELECT", f"{op}, {tr}", "true", None),
        ("insert_own", "INSERT", op, None, "operator = otklik_me()"),
        # Column grants limit what an operator's UPDATE may touch (derived figures), and
        # the trigger of _figures_guard the values: only what the stored events give.
        ("update_figures", "UPDATE", op, "true", "true"),
        ("trainer", "ALL", tr, "true", "true"),
    ])
    _policies(db, "claims", [
        ("read", "SELECT", f"{op}, {tr}", "true", None),
        ("own_insert", "INSERT", f"{op}, {tr}", None,
         "role = current_user AND operator = otklik_me()"),
        ("own_update", "UPDATE", f"{op}, {tr}", "role = current_user",
         "role = current_user AND operator = otklik_me()"),
        ("own_delete", "DELETE", f"{op}, {tr}", "role = current_user", None),
    ])
    done.append("row-level security on replies and claims")
    return done


def _figures_guard(db: Connection, schema: str) -> None:
    """A trigger that lets an operator's UPDATE of a reply set its derived figures only to
    what the stored events give, the values ``storage.events.retime`` computes: the first
    response flag and the response and follow-up seconds from the replies' send times and
    the comment's time, the comment's time and first sighting, and the comment's labels
    where the reply had none. Anything else is refused with SQLSTATE 42501 (the API's 403
    ``forbidden_by_role``). Companions must keep updating other operators' rows (a reply
    sent earlier but stored later makes it the first response), so column grants alone
    would let an operator write any value there by hand. Trainers and the owner pass."""
    op, tr = OPERATOR, TRAINER
    db.execute(text(
        "CREATE OR REPLACE FUNCTION otklik_epoch(value text) RETURNS double precision "
        "LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$ "
        "BEGIN RETURN extract(epoch FROM value::timestamptz); "
        "EXCEPTION WHEN others THEN RETURN NULL; END $$"))
    db.execute(text(f"""
        CREATE OR REPLACE FUNCTION otklik_reply_figures() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            c record;
            prev text;
            resp double precision;
            since double precision;
        BEGIN
            IF NOT pg_has_role(current_user, '{op}', 'MEMBER')
               OR pg_has_role(current_user, '{tr}', 'MEMBER') THEN
                RETURN NEW;
            END IF;
            SELECT posted_at, first_seen_at, tone, persona, gratitude INTO c
              FROM {schema}.comments
             WHERE platform = NEW.platform AND comment_id = NEW.comment_id;
            SELECT r.reply_sent_at INTO prev FROM {schema}.replies r
             WHERE r.platform = NEW.platform AND r.comment_id = NEW.comment_id
               AND (r.reply_sent_at, r.event_uuid) < (NEW.reply_sent_at, NEW.event_uuid)
             ORDER BY r.reply_sent_at DESC, r.event_uuid DESC LIMIT 1;
            resp := {schema}.otklik_epoch(NEW.reply_sent_at) - {schema}.otklik_epoch(c.posted_at);
            IF resp < 0 THEN resp := NULL; END IF;
            since := {schema}.otklik_epoch(NEW.reply_sent_at) - {schema}.otklik_epoch(prev);
            IF NEW.first_response IS DISTINCT FROM (CASE WHEN prev IS NULL THEN 1 ELSE 0 END)
               OR NOT (NEW.response_seconds IS NOT DISTINCT FROM OLD.response_seconds
                       OR (NEW.response_seconds IS NULL AND resp IS NULL)
                       OR coalesce(abs(NEW.response_seconds - resp) < 0.001, false))
               OR NOT (NEW.since_previous_seconds IS NOT DISTINCT FROM OLD.since_previous_seconds
                       OR (NEW.since_previous_seconds IS NULL AND since IS NULL)
                       OR coalesce(abs(NEW.since_previous_seconds - since) < 0.001, false))
               OR NOT (NEW.comment_posted_at IS NOT DISTINCT FROM OLD.comment_posted_at
                       OR NEW.comment_posted_at IS NOT DISTINCT FROM c.posted_at)
               OR NOT (NEW.first_seen_at IS NOT DISTINCT FROM OLD.first_seen_at
                       OR NEW.first_seen_at IS NOT DISTINCT FROM c.first_seen_at)
               OR NOT (NEW.tone IS NOT DISTINCT FROM OLD.tone
                       OR (OLD.tone IS NULL AND NEW.tone IS NOT DISTINCT FROM c.tone))
               OR NOT (NEW.persona IS NOT DISTINCT FROM OLD.persona
                       OR (OLD.persona IS NULL AND NEW.persona IS NOT DISTINCT FROM c.persona))
               OR NOT (NEW.gratitude IS NOT DISTINCT FROM OLD.gratitude
                       OR (OLD.gratitude IS NULL
                           AND NEW.gratitude IS NOT DISTINCT FROM c.gratitude)) THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                    MESSAGE = 'an operator may not set a reply''s figures by hand: they '
                              'follow from the stored events';
            END IF;
            RETURN NEW;
        END $$"""))
    db.execute(text(f"GRANT EXECUTE ON FUNCTION otklik_epoch(text) TO {op}, {tr}"))
    db.execute(text(f"DROP TRIGGER IF EXISTS otklik_reply_figures ON {schema}.replies"))
    db.execute(text(
        f"CREATE TRIGGER otklik_reply_figures BEFORE UPDATE ON {schema}.replies "
        "FOR EACH ROW EXECUTE FUNCTION otklik_reply_figures()"))


def _comment_guard(db: Connection, schema: str) -> None:
    """A trigger that lets an operator's UPDATE of a comment do only what storing events
    does (``storage.events._FILL_COMMENT`` and the labels): fill what is missing, move its
    time or first sighting earlier (the earliest reported wins) to a time the API would
    accept, change its labels. The UPDATE grant is the whole row (the upsert fills any
    column), so before this an operator's role could rewrite a colleague's comment text,
    author or time by hand, and every reply's response time to it with the next retime.
    (Its INSERT grant is the key alone: see OPERATOR_WRITES.) Refused with SQLSTATE 42501,
    as ``_figures_guard``; trainers and the owner pass."""
    # Here, not at the top: companion.errors imports this module, and validation errors.
    from ..validation import FUTURE_SLACK, PLATFORM_START, STORED_TIME, earliest_time

    op, tr = OPERATOR, TRAINER
    filled = " OR ".join(
        f"NOT (NEW.{c} IS NOT DISTINCT FROM OLD.{c} OR OLD.{c} IS NULL)"
        for c in ("permalink", "author_id", "author_name", "text"))
    earlier = " OR ".join(
        f"NOT (NEW.{c} IS NOT DISTINCT FROM OLD.{c} OR OLD.{c} IS NULL "
        f"OR coalesce(NEW.{c} < OLD.{c}, false))" for c in ("posted_at", "first_seen_at"))
    # A new time must be one the API could have stored: the store's own text form (any
    # other text sorts "earlier" too, and parse_utc then fails every later batch on the
    # comment) and the range validation.timestamp allows (from the platform's opening to
    # a day ahead; the database server's clock stands in for the companion's). The bounds
    # are validation's own constants, written in here at `team init`.
    since = " ".join(f"WHEN '{p}' THEN '{earliest_time(p)}'" for p in sorted(PLATFORM_START))
    since = f"CASE NEW.platform {since} ELSE '{earliest_time()}' END"
    ahead = FUTURE_SLACK.total_seconds()
    bad_time = " OR ".join(
        f"(NEW.{c} IS DISTINCT FROM OLD.{c} AND NOT coalesce("
        f"NEW.{c} ~ '{STORED_TIME}' AND NEW.{c} >= {since} "
        f"AND {schema}.otklik_epoch(NEW.{c}) <= extract(epoch FROM now()) + {ahead}, false))"
        for c in ("posted_at", "first_seen_at"))
    db.execute(text(f"""
        CREATE OR REPLACE FUNCTION otklik_comment_facts() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF NOT pg_has_role(current_user, '{op}', 'MEMBER')
               OR pg_has_role(current_user, '{tr}', 'MEMBER') THEN
                RETURN NEW;
            END IF;
            IF NEW.id IS DISTINCT FROM OLD.id OR NEW.platform IS DISTINCT FROM OLD.platform
               OR NEW.comment_id IS DISTINCT FROM OLD.comment_id OR {filled} OR {earlier}
               OR {bad_time}
               OR NOT (NEW.first_seen_by IS NOT DISTINCT FROM OLD.first_seen_by
                       OR OLD.first_seen_by IS NULL OR OLD.first_seen_at IS NULL
                       OR coalesce(NEW.first_seen_at < OLD.first_seen_at, false)) THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                    MESSAGE = 'an operator may not change what a comment''s events reported: '
                              'only fill what is missing or report an earlier time '
                              '(a UTC time as the store writes it, within the platform''s '
                              'years)';
            END IF;
            RETURN NEW;
        END $$"""))
    db.execute(text(f"DROP TRIGGER IF EXISTS otklik_comment_facts ON {schema}.comments"))
    db.execute(text(
        f"CREATE TRIGGER otklik_comment_facts BEFORE UPDATE ON {schema}.comments "
        "FOR EACH ROW EXECUTE FUNCTION otklik_comment_facts()"))


def _policies(db: Connection, table: str, policies: list[tuple]) -> None:
    t = _ident(db, table)
    db.execute(text(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY"))
    for name, command, to, using, check in policies:
        policy = _ident(db, f"otklik_{name}")
        db.execute(text(f"DROP POLICY IF EXISTS {policy} ON {t}"))
        sql = f"CREATE POLICY {policy} ON {t} FOR {command} TO {to}"
        if using:
            sql += f" USING ({using})"
        if check:
            sql += f" WITH CHECK ({check})"
        db.execute(text(sql))


def add_member(db: Connection, raw_name: str, kind: str) -> NewMember:
    """A login role for a new member in the group of ``kind`` ('operator'/'trainer'),
    with a generated password, and their ``members`` row; in the caller's transaction.

    Raises TeamError for a name already on the team (compared as one person: «Анна»
    and «анна » are one), a bad name, or a store without ``otklik team init``.
    """
    from .names import BadName

    if kind not in KINDS:
        raise TeamError(f"unknown kind {kind!r} (operator or trainer)")
    try:
        name, key = display_name(raw_name), name_key(raw_name)
    except BadName as exc:
        raise TeamError(f"name {raw_name!r}: {exc}") from None
    tables = _tables(db)
    if "members" not in tables or not _role_exists(db, KINDS[kind]):
        raise TeamError("this database is not set up for a team: run `otklik team init URL` "
                        "first")
    same = db.execute(text("SELECT name, kind FROM members WHERE name_key = :k"),
                      {"k": key}).first()
    if same:
        raise TeamError(f"{same[0]!r} is already on the team (as {same[1]}); names are "
                        "compared ignoring case and spaces")
    base = role_base(name)
    role, n = base, 1
    while _role_exists(db, role):  # another team on the cluster, or a name like it
        n += 1
        role = f"{base}_{n}"
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    db.execute(text(
        f"CREATE ROLE {_ident(db, role)} LOGIN PASSWORD {_literal(password)} "
        f"IN ROLE {_ident(db, KINDS[kind])}"))
    db.execute(text(
        "INSERT INTO members (role, name, name_key, kind, created_at) "
        "VALUES (:role, :name, :key, :kind, :at)"),
        {"role": role, "name": name, "key": key, "kind": kind,
         "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    return NewMember(name=name, kind=kind, role=role, password=password)


def refused_by_role(exc: BaseException) -> str | None:
    """One line when ``exc`` is PostgreSQL refusing a write this team role may not make
    (a grant or row-level security, SQLSTATE 42501), else None: the API answers 403."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) != "42501":
        return None
    return ("your team role may not change this (an operator adds only their own events; "
            "templates, settings and the review are the trainer's): see docs/team.md")
