"""An index on when each comment came in, for the dashboard's arrivals.

«Когда приходят комментарии» counts every comment that came in during the range
(``storage.dashboard.fetch_arrivals``), by ``COALESCE(posted_at, first_seen_at)``; without
an index on that expression every dashboard load read the whole comments table
(1,000,000 comments on PostgreSQL: 0.22-0.28 s for a 30-day range).

Revision ID: 0101
Revises: 0100
"""

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("comments_came", "comments", [sa.text("COALESCE(posted_at, first_seen_at)")])


def downgrade() -> None:
    op.drop_index("comments_came", table_name="comments")
