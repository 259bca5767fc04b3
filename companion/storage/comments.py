"""What the extension asks about comments on a page: which already have a reply."""

from __future__ import annotations

from sqlalchemy import Connection, select

from .schema import replies

CHUNK = 500  # ids per statement: under SQLite's limit on bound parameters


def handled(db: Connection, platform: str, comment_ids: list[str]) -> dict[str, dict]:
    """``{comment_id: {"operator", "reply_sent_at"}}`` of the team's first response to
    each of ``comment_ids`` that has one (the earliest reply, ``first_response``)."""
    found: dict[str, dict] = {}
    for start in range(0, len(comment_ids), CHUNK):
        chunk = comment_ids[start : start + CHUNK]
        rows = db.execute(
            select(replies.c.comment_id, replies.c.operator, replies.c.reply_sent_at).where(
                replies.c.platform == platform,
                replies.c.comment_id.in_(chunk),
                replies.c.first_response == 1,
            )
        )
        for comment_id, operator, sent in rows:
            found[comment_id] = {"operator": operator, "reply_sent_at": sent}
    return found
