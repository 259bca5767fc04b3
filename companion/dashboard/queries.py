"""Reading replies for the dashboard: filters to SQL, rows to ``stats.Reply``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..validation import format_utc, possible_times
from .stats import REPLY_COLUMNS

PLATFORMS = ("vk", "facebook")
DEFAULT_DAYS = 30
MAX_DAYS = 3660


@dataclass(frozen=True)
class Filters:
    """What the trainer picked: local dates (inclusive), platform, operator, clock."""

    start: date
    end: date
    platform: str | None = None
    operator: str | None = None
    working_hours: bool = False

    def args(self, **changes) -> dict[str, str]:
        """Query-string arguments reproducing these filters (with ``changes``)."""
        f = replace(self, **changes) if changes else self
        out = {"from": f.start.isoformat(), "to": f.end.isoformat()}
        if f.platform:
            out["platform"] = f.platform
        if f.operator:
            out["operator"] = f.operator
        if f.working_hours:
            out["hours"] = "work"
        return out


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_filters(args, latest: date | None, today: date) -> Filters:
    """Filters from query args; by default the 30 days up to the latest reply."""
    end = _date(args.get("to")) or latest or today
    start = _date(args.get("from")) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    if (end - start).days > MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS)
    platform = args.get("platform") if args.get("platform") in PLATFORMS else None
    operator = (args.get("operator") or "").strip() or None
    return Filters(start, end, platform, operator, args.get("hours") == "work")


def utc_bounds(start: date, end: date, tz: ZoneInfo) -> tuple[str, str]:
    """The stored-UTC range covering local days ``start``..``end`` inclusive."""
    lo = datetime.combine(start, time(0), tz)
    hi = datetime.combine(end + timedelta(days=1), time(0), tz)
    return format_utc(lo), format_utc(hi)


def where(filters: Filters, tz: ZoneInfo, alias: str = "") -> tuple[str, list]:
    p = f"{alias}." if alias else ""
    lo, hi = utc_bounds(filters.start, filters.end, tz)
    clauses = [f"{p}reply_sent_at >= ?", f"{p}reply_sent_at < ?"]
    params: list = [lo, hi]
    if filters.platform:
        clauses.append(f"{p}platform = ?")
        params.append(filters.platform)
    if filters.operator:
        clauses.append(f"{p}operator = ?")
        params.append(filters.operator)
    return " AND ".join(clauses), params


def fetch_replies(db: sqlite3.Connection, filters: Filters, tz: ZoneInfo) -> list[tuple]:
    sql, params = where(filters, tz)
    cursor = db.cursor()
    cursor.row_factory = None  # plain tuples: a third of the time of sqlite3.Row at 100k rows
    # No ORDER BY: the covering index (m004) hands rows over in time order anyway, and
    # no figure depends on the order.
    cursor.execute(f"SELECT {REPLY_COLUMNS} FROM replies WHERE {sql}", params)
    return cursor.fetchall()  # plain tuples in Reply's column order


def latest_day(db: sqlite3.Connection, tz: ZoneInfo) -> date | None:
    # Only times that can be real: one reply stored as sent in 2200 (a broken clock,
    # before the API refused such times) would move the default range there.
    row = db.execute(
        "SELECT MAX(reply_sent_at) FROM replies WHERE reply_sent_at BETWEEN ? AND ?",
        possible_times(),
    ).fetchone()
    if not row or not row[0]:
        return None
    return datetime.fromisoformat(row[0].replace("Z", "+00:00")).astimezone(tz).date()


def operators(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT operator FROM replies ORDER BY operator")]


DETAIL_COLUMNS = """
    r.id, r.platform, r.comment_id, r.permalink, r.operator, r.text, r.comment_posted_at,
    r.first_seen_at, r.reply_started_at, r.reply_sent_at, r.response_seconds, r.draft_score,
    r.draft_level, r.draft_nearest_id, r.draft_cliches, r.tone, r.persona, r.gratitude,
    r.first_response, r.since_previous_seconds,
    c.text AS comment_text, c.author_name AS comment_author,
    (SELECT value FROM corrections k WHERE k.platform = r.platform
        AND k.comment_id = r.comment_id AND k.field = 'tone' ORDER BY k.id DESC LIMIT 1)
        AS tone_corrected,
    (SELECT value FROM corrections k WHERE k.platform = r.platform
        AND k.comment_id = r.comment_id AND k.field = 'persona' ORDER BY k.id DESC LIMIT 1)
        AS persona_corrected,
    s.created_at AS starred_at, s.starred_by,
    (SELECT COUNT(*) FROM feedback f WHERE f.reply_id = r.id) AS feedback_count
"""
DETAIL_FROM = """
    FROM replies r
    LEFT JOIN comments c ON c.platform = r.platform AND c.comment_id = r.comment_id
    LEFT JOIN stars s ON s.reply_id = r.id
"""


def list_replies(
    db: sqlite3.Connection,
    filters: Filters,
    tz: ZoneInfo,
    *,
    order: str = "r.reply_sent_at DESC",
    extra: str = "",
    limit: int | None = 200,
    offset: int = 0,
) -> list[sqlite3.Row]:
    """Replies with their comment, corrections, star and feedback count, for tables."""
    sql, params = where(filters, tz, "r")
    if extra:
        sql += f" AND {extra}"
    tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return db.execute(
        f"SELECT {DETAIL_COLUMNS} {DETAIL_FROM} WHERE {sql} ORDER BY {order}{tail}", params
    ).fetchall()


def reply(db: sqlite3.Connection, reply_id: int) -> sqlite3.Row | None:
    return db.execute(
        f"SELECT {DETAIL_COLUMNS} {DETAIL_FROM} WHERE r.id = ?", (reply_id,)
    ).fetchone()


def feedback_for(db: sqlite3.Connection, reply_id: int) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT * FROM feedback WHERE reply_id = ? ORDER BY id", (reply_id,)
    ).fetchall()


def feedback_to(db: sqlite3.Connection, operator: str, limit: int = 50) -> list[sqlite3.Row]:
    """The trainers' feedback on an operator's replies, newest first."""
    return db.execute(
        "SELECT f.*, r.text AS reply_text, r.reply_sent_at FROM feedback f "
        "JOIN replies r ON r.id = f.reply_id WHERE r.operator = ? ORDER BY f.id DESC LIMIT ?",
        (operator, limit),
    ).fetchall()


def corrections_for(db: sqlite3.Connection, platform: str, comment_id: str) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT * FROM corrections WHERE platform = ? AND comment_id = ? ORDER BY id",
        (platform, comment_id),
    ).fetchall()


def starred(
    db: sqlite3.Connection, lo: str | None = None, hi: str | None = None, limit: int = 200
) -> list[sqlite3.Row]:
    """Starred replies (the hall of fame), newest star first; optionally by sent time."""
    sql = "s.reply_id IS NOT NULL"
    params: list = []
    if lo and hi:
        sql += " AND r.reply_sent_at >= ? AND r.reply_sent_at < ?"
        params += [lo, hi]
    return db.execute(
        f"SELECT {DETAIL_COLUMNS} {DETAIL_FROM} WHERE {sql} ORDER BY s.created_at DESC LIMIT ?",
        [*params, limit],
    ).fetchall()


def library_templates(db: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT id, text FROM templates")}


def reply_texts(db: sqlite3.Connection, filters: Filters, tz: ZoneInfo) -> list[tuple[str, str]]:
    """(id, text) of the replies in range, for de-facto template discovery."""
    sql, params = where(filters, tz)
    return [
        (str(row[0]), row[1])
        for row in db.execute(f"SELECT id, text FROM replies WHERE {sql}", params)
    ]
