"""Counts of pages the extension could not read (page health), per day, site and page kind.

The extension reports a miss when a page plainly shows comments (or the operator types
in a comment box) that its site adapter cannot read; a markup change on VK or Facebook
then shows in ``otklik status`` and on the dashboard the same day. No texts, no
addresses: only the site, a page kind ("post", "feed", "dialog", …) and the reason
("comments" or "editor").
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

REASONS = ("comments", "editor")
MAX_KIND = 40
DAYS = 7


def record(db: sqlite3.Connection, platform: str, page_kind: str, reason: str, at: datetime) -> int:
    """Count one miss; returns the day's count for this site, kind and reason."""
    day = at.astimezone(UTC).date().isoformat()
    stamp = at.astimezone(UTC).isoformat(timespec="seconds")
    with db:
        db.execute(
            "INSERT INTO page_health_misses (day, platform, page_kind, reason, count, last_at) "
            "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (day, platform, page_kind, reason) "
            "DO UPDATE SET count = count + 1, last_at = excluded.last_at",
            (day, platform, page_kind, reason, stamp),
        )
    row = db.execute(
        "SELECT count FROM page_health_misses WHERE day = ? AND platform = ? AND page_kind = ? "
        "AND reason = ?",
        (day, platform, page_kind, reason),
    ).fetchone()
    return int(row[0])


def recent(db: sqlite3.Connection, days: int = DAYS, today: date | None = None) -> list[dict]:
    """Misses of the last ``days`` days: [{platform, page_kind, reason, count, last_at}],
    most recent first. An empty list when the table is not there yet (old database)."""
    since = ((today or datetime.now(UTC).date()) - timedelta(days=days - 1)).isoformat()
    try:
        rows = db.execute(
            "SELECT platform, page_kind, reason, SUM(count) AS count, MAX(last_at) AS last_at "
            "FROM page_health_misses WHERE day >= ? GROUP BY platform, page_kind, reason "
            "ORDER BY last_at DESC",
            (since,),
        ).fetchall()
    except sqlite3.OperationalError:
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
