"""The store's tables as SQLAlchemy Core ``Table`` objects, for both engines.

Times are ISO-8601 UTC text (``2026-03-02T09:15:00Z``) on SQLite and PostgreSQL alike:
they sort and compare as text, and every figure reads the same on both engines.
Flags (``gratitude``, ``first_response``) are integers 0/1, as SQLite stored them.
The Alembic baseline (migrations/versions/0001_baseline.py) creates exactly these;
a change here needs a new revision.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", Text, nullable=False),
    Column("comment_id", Text, nullable=False),
    Column("permalink", Text),
    Column("author_id", Text),
    Column("author_name", Text),
    Column("text", Text),
    Column("posted_at", Text),
    Column("first_seen_at", Text),
    Column("first_seen_by", Text),
    Column("tone", Text),
    Column("persona", Text),
    Column("gratitude", Integer),
    UniqueConstraint("platform", "comment_id"),
    # When the comment came in, as the dashboard's arrivals read it (revision 0101), and
    # its platform, so a platform's count needs no row (0102).
    Index("comments_came", text("COALESCE(posted_at, first_seen_at)"), "platform"),
)
# The only columns the event store's INSERT of a comment sets (events._upsert_comment;
# the rest is filled by an UPDATE): the team roles grant an operator's INSERT on comments
# no other column, so a comment cannot be seeded by hand with a text, author or time no
# event reported.
COMMENT_KEY = ("platform", "comment_id")

# The columns the dashboard's overview reads for every reply in a range (stats.Reply),
# in one index so SQLite reads the index in order instead of jumping to each row, and
# PostgreSQL answers from the index alone (an index-only scan; the read selects no column
# outside it, not even ``id``).
DASHBOARD_COLUMNS = (
    "reply_sent_at", "operator", "platform", "comment_posted_at", "response_seconds",
    "draft_score", "draft_nearest_id", "draft_cliches", "tone", "persona", "gratitude",
    "first_response", "since_previous_seconds",
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_uuid", Text, nullable=False, unique=True),
    Column("platform", Text, nullable=False),
    Column("comment_id", Text, nullable=False),
    Column("permalink", Text),
    Column("operator", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("comment_posted_at", Text),
    Column("first_seen_at", Text),
    Column("reply_started_at", Text),
    Column("reply_sent_at", Text, nullable=False),
    Column("response_seconds", Float),
    Column("draft_score", Float),
    Column("draft_level", Text),
    Column("draft_nearest_id", Text),
    Column("draft_cliches", Text, nullable=False, server_default="[]"),
    Column("tone", Text),
    Column("persona", Text),
    Column("gratitude", Integer),
    Column("created_at", Text, nullable=False),
    Column("first_response", Integer, nullable=False, server_default="0"),
    Column("since_previous_seconds", Float),
    Index("replies_sent", "reply_sent_at"),
    Index("replies_operator", "operator", "reply_sent_at"),
    Index("replies_comment", "platform", "comment_id"),
    Index("replies_dashboard", *DASHBOARD_COLUMNS),
    # When each answered comment came in, as its first response carries it (revision
    # 0102): the «without a reply» card counts the answered ones by it.
    Index("replies_came", text("COALESCE(comment_posted_at, first_seen_at)"), "platform",
          sqlite_where=text("first_response = 1"), postgresql_where=text("first_response = 1")),
)

# Every event the extension sent, by its client-made UUID, with the answer given: a
# replayed event gets the very same answer and changes nothing.
events = Table(
    "events",
    metadata,
    Column("uuid", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("response", Text, nullable=False),
)

templates = Table(
    "templates",
    metadata,
    Column("id", Text, primary_key=True),
    Column("text", Text, nullable=False),
    Column("source", Text, nullable=False, server_default="import"),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

stars = Table(
    "stars",
    metadata,
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("starred_by", Text),
    Column("created_at", Text, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), nullable=False),
    Column("author", Text),
    Column("text", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Index("feedback_reply", "reply_id"),
)

# A trainer's correction of a comment's tone or persona; `otklik train
# --with-corrections` learns from them.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", Text, nullable=False),
    Column("comment_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("text", Text),
    Column("author", Text),
    Column("created_at", Text, nullable=False),
    CheckConstraint("field IN ('tone', 'persona')", name="corrections_field"),
    Index("corrections_comment", "platform", "comment_id", "field"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# What happened after a reply (companion.outcomes): the customer's next comments in the
# thread, the reply each follows, the outcome per reply, the coach's verdict as sent.
followups = Table(
    "followups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_uuid", Text, nullable=False, unique=True),
    Column("platform", Text, nullable=False),
    Column("comment_id", Text, nullable=False),
    Column("answered_comment_id", Text, nullable=False),
    Column("author_id", Text),
    Column("author_name", Text),
    Column("text", Text, nullable=False),
    Column("posted_at", Text),
    Column("seen_at", Text, nullable=False),
    Column("tone", Text),
    Column("gratitude", Integer),
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("platform", "comment_id"),
    Index("followups_answered", "platform", "answered_comment_id"),
    Index("followups_reply", "reply_id"),
)

reply_outcomes = Table(
    "reply_outcomes",
    metadata,
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("outcome", Text, nullable=False),
    Column("followups", Integer, nullable=False),
    Column("first_followup_at", Text),
    Column("updated_at", Text, nullable=False),
    CheckConstraint(
        "outcome IN ('thanked', 'positive', 'neutral', 'still_negative')",
        name="reply_outcomes_outcome",
    ),
)

reply_coach = Table(
    "reply_coach",
    metadata,
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("score", Float, nullable=False),
    Column("met", Integer),
    Column("total", Integer),
    Column("unmet", Text, nullable=False, server_default="[]"),
)

# Pages whose comments (or comment box) the extension could not read: counts per day,
# site and page kind, never texts or addresses (docs/extension.md, page health).
page_health_misses = Table(
    "page_health_misses",
    metadata,
    Column("day", Text, nullable=False),
    Column("platform", Text, nullable=False),
    Column("page_kind", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("count", Integer, nullable=False, server_default="0"),
    Column("last_at", Text, nullable=False),
    PrimaryKeyConstraint("day", "platform", "page_kind", "reason"),
)

# Which otklik last changed the schema: an older otklik that finds a revision it does
# not know refuses the store and names the version that wrote it.
meta = Table(
    "_meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# Team mode (companion/team, revision 0100): the members of a team store, each a
# PostgreSQL login role with a display name («Анна» and «анна » are one: name_key)...
members = Table(
    "members",
    metadata,
    Column("role", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    CheckConstraint("kind IN ('operator', 'trainer')", name="members_kind"),
)

# ... and who is answering which comment now («отвечает Анна»), until expires_at.
claims = Table(
    "claims",
    metadata,
    Column("platform", Text, nullable=False),
    Column("comment_id", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("operator", Text, nullable=False),
    Column("since", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    PrimaryKeyConstraint("platform", "comment_id", "role"),
)
