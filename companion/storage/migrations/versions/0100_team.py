"""Team mode: the members of a team store and the claims («отвечает Анна»).

Created on both engines (on SQLite the claims serve the one operator; members stay
empty). Roles, grants and row-level security are not schema: ``otklik team init`` sets
them (companion.team.roles).

Revision ID: 0100
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('operator', 'trainer')", name="members_kind"),
        sa.PrimaryKeyConstraint("role"),
        sa.UniqueConstraint("name_key"),
    )
    op.create_table(
        "claims",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("comment_id", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("operator", sa.Text(), nullable=False),
        sa.Column("since", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "comment_id", "role"),
    )


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("members")
