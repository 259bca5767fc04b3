"""Counts of pages the extension could not read (page health), per day, site and page kind.

The extension reports a miss when a page plainly shows comments (or the operator types
in a comment box) that its site adapter cannot read; a markup change on VK or Facebook
then shows in ``otklik status`` and on the dashboard the same day. No texts, no
addresses: only the site, a page kind ("post", "feed", "dialog", …) and the reason
("comments" or "editor").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from .dialect import upsert
from .engine import write_transaction
from .schema import page_health_misses as misses

REASONS = ("comments", "editor")
MAX_KIND = 40
DAYS = 7


def record(db: Connection, platform: str, page_kind: str, reason: str, at: datetime) -> int:
    """Count one miss; returns the day's count for this site, kind and reason."""
    day = at.astimezone(UTC).date().isoformat()
    stamp = at.astimezone(UTC).isoformat(timespec="seconds")
    key = {"day": day, "platform": platform, "page_kind": page_kind, "reason": reason}
    with write_transaction(db):
        upsert(db, misses, {**key, "count": 1, "last_at": stamp}, key,
               lambda stmt: {"count": misses.c.count + 1, "last_at": stmt.excluded.last_at})
        return int(db.execute(
            select(misses.c.count).where(*(misses.c[k] == v for k, v in key.items()))
        ).scalar_one())


def recent(db: Connection, days: int = DAYS, today: date | None = None) -> list[dict]:
    """Misses of the last ``days`` days: [{platform, page_kind, reason, count, last_at}],
    most recent first. An empty list when the table is not there yet (old database)."""
    since = ((today or datetime.now(UTC).date()) - timedelta(days=days - 1)).isoformat()
    last_at = func.max(misses.c.last_at).label("last_at")
    try:
        rows = db.execute(
            select(misses.c.platform, misses.c.page_kind, misses.c.reason,
                   func.sum(misses.c.count), last_at)
            .where(misses.c.day >= since)
            .group_by(misses.c.platform, misses.c.page_kind, misses.c.reason)
            .order_by(last_at.desc())
        ).all()
    except (OperationalError, ProgrammingError):
        return []
    return [
        {"platform": r[0], "page_kind": r[1], "reason": r[2], "count": int(r[3]), "last_at": r[4]}
        for r in rows
    ]


def summary_lines(misses: list[dict]) -> list[str]:
    """One line per site, kind and reason, for ``otklik status``."""
    return [
        f"  {m['platform']} {m['page_kind']} ({m['reason']}): {m['count']}, last {m['last_at']}"
        for m in misses
    ]
