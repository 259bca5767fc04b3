"""Baseline: the schema otklik's last pre-Alembic step (m008) made, on either engine.

An SQLite file from before Alembic is upgraded by companion.storage.legacy and then
stamped here; an empty store (SQLite or PostgreSQL) is created by this revision.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "_meta",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("comment_id", sa.Text(), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Text(), nullable=True),
        sa.Column("author_name", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.Text(), nullable=True),
        sa.Column("first_seen_at", sa.Text(), nullable=True),
        sa.Column("first_seen_by", sa.Text(), nullable=True),
        sa.Column("tone", sa.Text(), nullable=True),
        sa.Column("persona", sa.Text(), nullable=True),
        sa.Column("gratitude", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "comment_id"),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("comment_id", sa.Text(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("field IN ('tone', 'persona')", name="corrections_field"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("corrections_comment", "corrections", ["platform", "comment_id", "field"])
    op.create_table(
        "events",
        sa.Column("uuid", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("received_at", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("uuid"),
    )
    op.create_table(
        "page_health_misses",
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("page_kind", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day", "platform", "page_kind", "reason"),
    )
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_uuid", sa.Text(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("comment_id", sa.Text(), nullable=False),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("operator", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("comment_posted_at", sa.Text(), nullable=True),
        sa.Column("first_seen_at", sa.Text(), nullable=True),
        sa.Column("reply_started_at", sa.Text(), nullable=True),
        sa.Column("reply_sent_at", sa.Text(), nullable=False),
        sa.Column("response_seconds", sa.Float(), nullable=True),
        sa.Column("draft_score", sa.Float(), nullable=True),
        sa.Column("draft_level", sa.Text(), nullable=True),
        sa.Column("draft_nearest_id", sa.Text(), nullable=True),
        sa.Column("draft_cliches", sa.Text(), server_default="[]", nullable=False),
        sa.Column("tone", sa.Text(), nullable=True),
        sa.Column("persona", sa.Text(), nullable=True),
        sa.Column("gratitude", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("first_response", sa.Integer(), server_default="0", nullable=False),
        sa.Column("since_previous_seconds", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_uuid"),
    )
    op.create_index("replies_comment", "replies", ["platform", "comment_id"])
    op.create_index(
        "replies_dashboard",
        "replies",
        [
            "reply_sent_at",
            "operator",
            "platform",
            "comment_posted_at",
            "response_seconds",
            "draft_score",
            "draft_nearest_id",
            "draft_cliches",
            "tone",
            "persona",
            "gratitude",
            "first_response",
            "since_previous_seconds",
        ],
    )
    op.create_index("replies_operator", "replies", ["operator", "reply_sent_at"])
    op.create_index("replies_sent", "replies", ["reply_sent_at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "templates",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), server_default="import", nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["reply_id"], ["replies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("feedback_reply", "feedback", ["reply_id"])
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_uuid", sa.Text(), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("comment_id", sa.Text(), nullable=False),
        sa.Column("answered_comment_id", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Text(), nullable=True),
        sa.Column("author_name", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.Text(), nullable=False),
        sa.Column("tone", sa.Text(), nullable=True),
        sa.Column("gratitude", sa.Integer(), nullable=True),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["reply_id"], ["replies.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_uuid"),
        sa.UniqueConstraint("platform", "comment_id"),
    )
    op.create_index("followups_answered", "followups", ["platform", "answered_comment_id"])
    op.create_index("followups_reply", "followups", ["reply_id"])
    op.create_table(
        "reply_coach",
        sa.Column("reply_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("met", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("unmet", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(["reply_id"], ["replies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("reply_id"),
    )
    op.create_table(
        "reply_outcomes",
        sa.Column("reply_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("followups", sa.Integer(), nullable=False),
        sa.Column("first_followup_at", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('thanked', 'positive', 'neutral', 'still_negative')",
            name="reply_outcomes_outcome",
        ),
        sa.ForeignKeyConstraint(["reply_id"], ["replies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("reply_id"),
    )
    op.create_table(
        "stars",
        sa.Column("reply_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("starred_by", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["reply_id"], ["replies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("reply_id"),
    )


def downgrade() -> None:
    op.drop_table("stars")
    op.drop_table("reply_outcomes")
    op.drop_table("reply_coach")
    op.drop_index("followups_reply", table_name="followups")
    op.drop_index("followups_answered", table_name="followups")
    op.drop_table("followups")
    op.drop_index("feedback_reply", table_name="feedback")
    op.drop_table("feedback")
    op.drop_table("templates")
    op.drop_table("settings")
    op.drop_index("replies_sent", table_name="replies")
    op.drop_index("replies_operator", table_name="replies")
    op.drop_index("replies_dashboard", table_name="replies")
    op.drop_index("replies_comment", table_name="replies")
    op.drop_table("replies")
    op.drop_table("page_health_misses")
    op.drop_table("events")
    op.drop_index("corrections_comment", table_name="corrections")
    op.drop_table("corrections")
    op.drop_table("comments")
    op.drop_table("_meta")
