"""Numbered schema migrations, recorded in ``_migrations`` and run at start-up.

An applied migration is never edited: change the schema with a new function.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_create_comments_replies_events(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            permalink TEXT,
            author_id TEXT,
            author_name TEXT,
            text TEXT,
            posted_at TEXT,
            first_seen_at TEXT,
            first_seen_by TEXT,
            tone TEXT,
            persona TEXT,
            gratitude INTEGER,
            UNIQUE (platform, comment_id)
        );
        CREATE TABLE replies (
            id INTEGER PRIMARY KEY,
            event_uuid TEXT NOT NULL UNIQUE,
            platform TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            permalink TEXT,
            operator TEXT NOT NULL,
            text TEXT NOT NULL,
            comment_posted_at TEXT,
            first_seen_at TEXT,
            reply_started_at TEXT,
            reply_sent_at TEXT NOT NULL,
            response_seconds REAL,
            draft_score REAL,
            draft_level TEXT,
            draft_nearest_id TEXT,
            draft_cliches TEXT NOT NULL DEFAULT '[]',
            tone TEXT,
            persona TEXT,
            gratitude INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE INDEX replies_sent ON replies (reply_sent_at);
        CREATE INDEX replies_operator ON replies (operator, reply_sent_at);
        CREATE INDEX replies_comment ON replies (platform, comment_id);
        -- Every event the extension sent, by its client-made UUID, with the answer
        -- given: a replayed event gets the very same answer and changes nothing.
        CREATE TABLE events (
            uuid TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            received_at TEXT NOT NULL,
            response TEXT NOT NULL
        );
        """
    )


@migration
def m002_create_templates(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE templates (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'import',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """
    )


@migration
def m003_create_review_tables(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE stars (
            reply_id INTEGER PRIMARY KEY REFERENCES replies (id) ON DELETE CASCADE,
            starred_by TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            reply_id INTEGER NOT NULL REFERENCES replies (id) ON DELETE CASCADE,
            author TEXT,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX feedback_reply ON feedback (reply_id);
        -- A trainer's correction of a comment's tone or persona; `otklik train
        -- --with-corrections` learns from them.
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            field TEXT NOT NULL CHECK (field IN ('tone', 'persona')),
            value TEXT NOT NULL,
            text TEXT,
            author TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX corrections_comment ON corrections (platform, comment_id, field);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


class SchemaTooNew(RuntimeError):
    """The database was written by a newer otklik: this one must not write to it."""


def written_by(db: sqlite3.Connection) -> str | None:
    """The otklik version that last changed the schema (None before m008 recorded it)."""
    try:
        row = db.execute("SELECT value FROM _meta WHERE key = 'schema_written_by'").fetchone()
    except sqlite3.OperationalError:  # no _meta table: older than m008
        return None
    return row[0] if row else None


def check_version(db: sqlite3.Connection, path: object = "the database") -> None:
    """Raise SchemaTooNew when the file has migrations this program does not know."""
    try:
        done = [row[0] for row in db.execute("SELECT name FROM _migrations")]
    except sqlite3.OperationalError:  # a new, empty file
        return
    unknown = sorted(set(done) - {fn.__name__ for fn in MIGRATIONS})
    if unknown:
        from . import __version__

        writer = written_by(db) or "a newer otklik"
        raise SchemaTooNew(
            f"{path} was written by otklik {writer} (schema {len(done)}; this otklik "
            f"{__version__} knows schema {len(MIGRATIONS)}): upgrade otklik "
            f"(`pipx upgrade otklik`) or start with another --data-dir."
        )


def migrate(db: sqlite3.Connection, path: object = "the database") -> list[str]:
    """Apply the migrations not yet applied; returns their names.

    Raises SchemaTooNew, before writing anything, for a file a newer otklik wrote.
    """
    check_version(db, path)
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        # executescript commits on its own; a failed migration leaves no record,
        # so it runs again next time.
        fn(db)
        db.execute(
            "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
            (fn.__name__, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        db.commit()
        applied.append(fn.__name__)
    if applied and "m008_create_meta" in done | set(applied):
        from . import __version__

        db.execute(
            "INSERT OR REPLACE INTO _meta (key, value) VALUES ('schema_written_by', ?)",
            (__version__,),
        )
        db.commit()
    return applied


@migration
def m004_dashboard_covering_index(db: sqlite3.Connection) -> None:
    # The dashboard's overview reads these columns for every reply in a date range;
    # with them all in one index SQLite reads the index in order instead of jumping
    # to each row (100,000 replies: 0.6 s → 0.3 s).
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS replies_dashboard ON replies (
            reply_sent_at, operator, platform, comment_posted_at, response_seconds,
            draft_score, draft_nearest_id, draft_cliches, tone, persona, gratitude
        );
        """
    )


@migration
def m005_first_response(db: sqlite3.Connection) -> None:
    # A comment's first response is the team's earliest reply to it; later replies are
    # follow-ups. Timings are recomputed from the stored events whatever order they
    # came in (events_store.retime), so every stored comment is timed again here.
    from .events_store import retime

    db.executescript(
        """
        ALTER TABLE replies ADD COLUMN first_response INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE replies ADD COLUMN since_previous_seconds REAL;
        DROP INDEX IF EXISTS replies_dashboard;
        CREATE INDEX replies_dashboard ON replies (
            reply_sent_at, operator, platform, comment_posted_at, response_seconds,
            draft_score, draft_nearest_id, draft_cliches, tone, persona, gratitude,
            first_response, since_previous_seconds
        );
        """
    )
    # In migrate()'s transaction: the new timings and the migration's record commit together.
    for platform, comment_id in db.execute(
        "SELECT DISTINCT platform, comment_id FROM replies"
    ).fetchall():
        retime(db, platform, comment_id)


@migration
def m006_reply_outcomes(db: sqlite3.Connection) -> None:
    # What happened after a reply (companion.outcomes): the customer's next comments in
    # the thread, the reply each follows, the outcome per reply, and the reply coach's
    # verdict on the draft as sent.
    db.executescript(
        """
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            event_uuid TEXT NOT NULL UNIQUE,
            platform TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            answered_comment_id TEXT NOT NULL,
            author_id TEXT,
            author_name TEXT,
            text TEXT NOT NULL,
            posted_at TEXT,
            seen_at TEXT NOT NULL,
            tone TEXT,
            gratitude INTEGER,
            reply_id INTEGER REFERENCES replies (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            UNIQUE (platform, comment_id)
        );
        CREATE INDEX followups_answered ON followups (platform, answered_comment_id);
        CREATE INDEX followups_reply ON followups (reply_id);
        CREATE TABLE reply_outcomes (
            reply_id INTEGER PRIMARY KEY REFERENCES replies (id) ON DELETE CASCADE,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('thanked', 'positive', 'neutral', 'still_negative')),
            followups INTEGER NOT NULL,
            first_followup_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE reply_coach (
            reply_id INTEGER PRIMARY KEY REFERENCES replies (id) ON DELETE CASCADE,
            score REAL NOT NULL,
            met INTEGER,
            total INTEGER,
            unmet TEXT NOT NULL DEFAULT '[]'
        );
        """
    )


@migration
def m007_page_health_misses(db: sqlite3.Connection) -> None:
    # Pages whose comments (or comment box) the extension could not read: counts per
    # day, site and page kind, never texts or addresses (docs/extension.md, page health).
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS page_health_misses (
            day TEXT NOT NULL,
            platform TEXT NOT NULL,
            page_kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            last_at TEXT NOT NULL,
            PRIMARY KEY (day, platform, page_kind, reason)
        );
        """
    )


@migration
def m008_create_meta(db: sqlite3.Connection) -> None:
    # Which otklik last changed the schema: an older otklik that finds migrations it
    # does not know refuses the file and names the version that wrote it.
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )
