"""The schema steps otklik ran before Alembic (m001–m008, recorded in ``_migrations``).

An SQLite file written by such an otklik gets the steps it misses, in order, and is
then stamped at Alembic's baseline (0001), which is exactly m008's schema. Never edit
a step: files in the wild were made by them.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

# Recorded in _migrations once Alembic owns the schema: an otklik from before Alembic
# does not know the name and refuses the file (naming the version in _meta) instead of
# writing to a schema it does not know.
ALEMBIC_MARK = "m009_alembic"

_M001 = """
CREATE TABLE comments (
    id INTEGER PRIMARY KEY, platform TEXT NOT NULL, comment_id TEXT NOT NULL, permalink TEXT,
    author_id TEXT, author_name TEXT, text TEXT, posted_at TEXT, first_seen_at TEXT,
    first_seen_by TEXT, tone TEXT, persona TEXT, gratitude INTEGER,
    UNIQUE (platform, comment_id)
);
CREATE TABLE replies (
    id INTEGER PRIMARY KEY, event_uuid TEXT NOT NULL UNIQUE, platform TEXT NOT NULL,
    comment_id TEXT NOT NULL, permalink TEXT, operator TEXT NOT NULL, text TEXT NOT NULL,
    comment_posted_at TEXT, first_seen_at TEXT, reply_started_at TEXT,
    reply_sent_at TEXT NOT NULL, response_seconds REAL, draft_score REAL, draft_level TEXT,
    draft_nearest_id TEXT, draft_cliches TEXT NOT NULL DEFAULT '[]', tone TEXT, persona TEXT,
    gratitude INTEGER, created_at TEXT NOT NULL
);
CREATE INDEX replies_sent ON replies (reply_sent_at);
CREATE INDEX replies_operator ON replies (operator, reply_sent_at);
CREATE INDEX replies_comment ON replies (platform, comment_id);
CREATE TABLE events (
    uuid TEXT PRIMARY KEY, type TEXT NOT NULL, received_at TEXT NOT NULL,
    response TEXT NOT NULL
);
"""
_M002 = """
CREATE TABLE templates (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, source TEXT NOT NULL DEFAULT 'import',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
"""
_M003 = """
CREATE TABLE stars (
    reply_id INTEGER PRIMARY KEY REFERENCES replies (id) ON DELETE CASCADE,
    starred_by TEXT, created_at TEXT NOT NULL
);
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY, reply_id INTEGER NOT NULL REFERENCES replies (id) ON DELETE CASCADE,
    author TEXT, text TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX feedback_reply ON feedback (reply_id);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY, platform TEXT NOT NULL, comment_id TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('tone', 'persona')), value TEXT NOT NULL,
    text TEXT, author TEXT, created_at TEXT NOT NULL
);
CREATE INDEX corrections_comment ON corrections (platform, comment_id, field);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_M004 = """
CREATE INDEX IF NOT EXISTS replies_dashboard ON replies (
    reply_sent_at, operator, platform, comment_posted_at, response_seconds,
    draft_score, draft_nearest_id, draft_cliches, tone, persona, gratitude
);
"""
_M005 = """
ALTER TABLE replies ADD COLUMN first_response INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN since_previous_seconds REAL;
DROP INDEX IF EXISTS replies_dashboard;
CREATE INDEX replies_dashboard ON replies (
    reply_sent_at, operator, platform, comment_posted_at, response_seconds,
    draft_score, draft_nearest_id, draft_cliches, tone, persona, gratitude,
    first_response, since_previous_seconds
);
"""
_M006 = """
CREATE TABLE followups (
    id INTEGER PRIMARY KEY, event_uuid TEXT NOT NULL UNIQUE, platform TEXT NOT NULL,
    comment_id TEXT NOT NULL, answered_comment_id TEXT NOT NULL, author_id TEXT,
    author_name TEXT, text TEXT NOT NULL, posted_at TEXT, seen_at TEXT NOT NULL, tone TEXT,
    gratitude INTEGER, reply_id INTEGER REFERENCES replies (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL, UNIQUE (platform, comment_id)
);
CREATE INDEX followups_answered ON followups (platform, answered_comment_id);
CREATE INDEX followups_reply ON followups (reply_id);
CREATE TABLE reply_outcomes (
    reply_id INTEGER PRIMARY KEY REFERENCES replies (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('thanked', 'positive', 'neutral', 'still_negative')),
    followups INTEGER NOT NULL, first_followup_at TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE reply_coach (
    reply_id INTEGER PRIMARY KEY REFERENCES replies (id) ON DELETE CASCADE,
    score REAL NOT NULL, met INTEGER, total INTEGER, unmet TEXT NOT NULL DEFAULT '[]'
);
"""
_M007 = """
CREATE TABLE IF NOT EXISTS page_health_misses (
    day TEXT NOT NULL, platform TEXT NOT NULL, page_kind TEXT NOT NULL, reason TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0, last_at TEXT NOT NULL,
    PRIMARY KEY (day, platform, page_kind, reason)
);
"""
_M008 = "CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

STEPS: dict[str, str] = {
    "m001_create_comments_replies_events": _M001,
    "m002_create_templates": _M002,
    "m003_create_review_tables": _M003,
    "m004_dashboard_covering_index": _M004,
    "m005_first_response": _M005,
    "m006_reply_outcomes": _M006,
    "m007_page_health_misses": _M007,
    "m008_create_meta": _M008,
}


def _statements(script: str) -> list[str]:
    return [s.strip() for s in re.split(r";\s*\n|;\s*$", script) if s.strip()]


def applied(db: Connection) -> list[str] | None:
    """The old steps recorded in ``_migrations``; None when the table does not exist."""
    if not db.dialect.has_table(db, "_migrations"):
        return None
    return [row[0] for row in db.execute(text("SELECT name FROM _migrations"))]


def upgrade(db: Connection, done: list[str], now: str) -> list[str]:
    """Run the old steps ``done`` lacks, in the caller's transaction; returns their names.

    m005 times every stored reply again (first response, follow-ups), as it did then.
    """
    ran = []
    for name, script in STEPS.items():
        if name in done:
            continue
        for statement in _statements(script):
            db.exec_driver_sql(statement)
        if name == "m005_first_response":
            from .events import retime

            pairs = db.execute(text("SELECT DISTINCT platform, comment_id FROM replies")).all()
            for platform, comment_id in pairs:
                retime(db, platform, comment_id)
        db.execute(text("INSERT INTO _migrations (name, applied_at) VALUES (:n, :t)"),
                   {"n": name, "t": now})
        ran.append(name)
    return ran
