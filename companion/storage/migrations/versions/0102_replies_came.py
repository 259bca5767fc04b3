"""An index on when each answered comment came in, from its first response's side.

The overview's «Без ответа в otklik» card counts the comments that came in during the
range with no reply stored (``storage.dashboard.unanswered``): those that came
(``comments_came``) less those whose first response says they came then (this index).
Probing the replies for each comment instead cost 0.29 s for 94,000 comments on SQLite,
a third of the overview's second; two index ranges cost 0.02 s. A first response carries
its comment's time and first sighting (``events.retime`` copies them), so the two
expressions agree.

``comments_came`` gains the platform after the time, as this one has it: with a platform
picked the count read every comment's row for it (0.13 s for 65,000; 0.01 s from the
index alone), and the arrivals' read shares the gain.

Revision ID: 0102
Revises: 0101
"""

import sqlalchemy as sa
from alembic import op

revision = "0102"
down_revision = "0101"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("comments_came", table_name="comments")
    op.create_index("comments_came", "comments",
                    [sa.text("COALESCE(posted_at, first_seen_at)"), "platform"])
    first = sa.text("first_response = 1")
    op.create_index(
        "replies_came", "replies",
        [sa.text("COALESCE(comment_posted_at, first_seen_at)"), "platform"],
        sqlite_where=first, postgresql_where=first,
    )


def downgrade() -> None:
    op.drop_index("replies_came", table_name="replies")
    op.drop_index("comments_came", table_name="comments")
    op.create_index("comments_came", "comments", [sa.text("COALESCE(posted_at, first_seen_at)")])
