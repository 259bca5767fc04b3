"""Reading replies for the dashboard: filters to SQL, rows to ``stats.Reply``.

Rows for pages and tables are mappings (``row["text"]``, ``row.text`` in templates).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, RowMapping, text

from ..dashboard.stats import REPLY_COLUMNS
from ..validation import format_utc, parse_utc, person_name, possible_times
from .dialect import driver_rows

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
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    if day is None:
        return None
    # A typed year 1 or 9999 («everything») would overflow the range's arithmetic (30
    # days back, a day past the end, the week's Monday): clamp it to the days a stored
    # time can have (companion.validation refuses the rest), a day wider for time zones.
    earliest, latest = (parse_utc(t).date() for t in possible_times())
    return min(max(day, earliest - timedelta(days=1)), latest + timedelta(days=1))


def parse_filters(args, latest: date | None, today: date) -> Filters:
    """Filters from query args; by default the 30 days up to the latest reply."""
    end = _date(args.get("to")) or latest or today
    start = _date(args.get("from")) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    if (end - start).days > MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS)
    platform = args.get("platform") if args.get("platform") in PLATFORMS else None
    # Named as the stored names are (validation.person_name: «Анна » is «Анна»).
    operator = person_name(args.get("operator") or "") or None
    return Filters(start, end, platform, operator, args.get("hours") == "work")


def utc_bounds(start: date, end: date, tz: ZoneInfo) -> tuple[str, str]:
    """The stored-UTC range covering local days ``start``..``end`` inclusive."""
    lo = datetime.combine(start, time(0), tz)
    hi = datetime.combine(end + timedelta(days=1), time(0), tz)
    return format_utc(lo), format_utc(hi)


def where(filters: Filters, tz: ZoneInfo, alias: str = "") -> tuple[str, dict]:
    """The filters as an SQL condition with named parameters (``:lo``, ``:hi``, …)."""
    p = f"{alias}." if alias else ""
    lo, hi = utc_bounds(filters.start, filters.end, tz)
    clauses = [f"{p}reply_sent_at >= :lo", f"{p}reply_sent_at < :hi"]
    params: dict = {"lo": lo, "hi": hi}
    if filters.platform:
        clauses.append(f"{p}platform = :platform")
        params["platform"] = filters.platform
    if filters.operator:
        clauses.append(f"{p}operator = :operator")
        params["operator"] = filters.operator
    return " AND ".join(clauses), params


def fetch_replies(db: Connection, filters: Filters, tz: ZoneInfo) -> list[tuple]:
    """Plain tuples in ``stats.Reply``'s column order for the filtered replies."""
    sql, params = where(filters, tz)
    # No ORDER BY: the covering index hands rows over in time order anyway, and no
    # figure depends on the order. The driver's own tuples: at 100,000 rows a third of
    # the time of result rows.
    return driver_rows(db, text(f"SELECT {REPLY_COLUMNS} FROM replies WHERE {sql}"), params)


# When a comment came in: its own time, else when the team first saw it (the index
# ``comments_came`` holds this expression, so a range reads only its own comments), else
# (a reply that brought neither) its first response, as the replies' figures count it.
_CAME = "COALESCE(c.posted_at, c.first_seen_at)"


def fetch_arrivals(db: Connection, filters: Filters, tz: ZoneInfo) -> list[str]:
    """When each comment that came in during the range came (UTC strings): every comment
    the team saw, answered or not (customers' follow-ups too: they wait for an answer
    like any other), for the «when comments come in» heatmap, which a lead staffs by.

    With an operator picked: the comments that operator gave the first response to (an
    unanswered comment is nobody's yet).
    """
    lo, hi = utc_bounds(filters.start, filters.end, tz)
    params: dict = {"lo": lo, "hi": hi}
    platform = ""
    if filters.platform:
        platform = " AND c.platform = :platform"
        params["platform"] = filters.platform
    # A comment's first response (one per comment: events.retime; LIMIT 1 all the same,
    # so a store made inconsistent by hand cannot fail the page on PostgreSQL).
    first = ("(SELECT r.reply_sent_at FROM replies r WHERE r.platform = c.platform"
             " AND r.comment_id = c.comment_id AND r.first_response = 1 LIMIT 1)")
    if filters.operator:
        # From the operator's first responses (their index) to their comments.
        params["operator"] = filters.operator
        sql = (f"SELECT came FROM (SELECT COALESCE({_CAME}, o.reply_sent_at) AS came"
               " FROM replies o JOIN comments c ON c.platform = o.platform"
               " AND c.comment_id = o.comment_id"
               f" WHERE o.operator = :operator AND o.first_response = 1{platform}) a"
               " WHERE came >= :lo AND came < :hi")
    else:
        # The range through the index; the comments without a time of their own (the
        # same index's NULLs, few) through their first response.
        sql = (f"SELECT {_CAME} FROM comments c WHERE {_CAME} >= :lo AND {_CAME} < :hi{platform}"
               f" UNION ALL SELECT came FROM (SELECT {first} AS came FROM comments c"
               f" WHERE {_CAME} IS NULL{platform}) a WHERE came >= :lo AND came < :hi")
    # The driver's own tuples, as fetch_replies: one value a row, 100,000 rows.
    return [row[0] for row in driver_rows(db, text(sql), params)]


@dataclass(frozen=True)
class Unanswered:
    """The overview's «without a reply in otklik» card: of the ``came`` comments that came
    in during the range (as the arrivals count them), ``waiting`` have no reply stored by
    anyone, ``overdue`` of those came before the cutoff (have waited past the target)."""

    came: int
    waiting: int
    overdue: int


def unanswered(db: Connection, filters: Filters, tz: ZoneInfo, cutoff: str) -> Unanswered:
    """Counts for the «without a reply» card (``stats.overdue_before`` gives ``cutoff``).
    The whole team's, whatever operator is picked: a comment nobody answered is nobody's.
    Range and platform as the arrivals (``fetch_arrivals``).

    Without a reply = came in the range (``comments_came``) less answered and came in the
    range, counted from the answered side: one first response per answered comment, and
    it carries its comment's time and first sighting (``events.retime`` copies both), so
    ``replies_came`` counts them by the same expression. Two index ranges (0.02 s for
    94,000 comments) where a reply probe per comment took 0.29 s. The comments with no
    time of their own came with their first response: they count among those that came,
    never as waiting."""
    lo, hi = utc_bounds(filters.start, filters.end, tz)
    params: dict = {"lo": lo, "hi": hi, "cutoff": cutoff}
    c_platform = r_platform = ""
    if filters.platform:
        # «|| ''»: the range's index, not the platform's (SQLite picked the unique key on
        # platform and read every VK comment to count a month's).
        c_platform = " AND c.platform || '' = :platform"
        r_platform = " AND r.platform || '' = :platform"
        params["platform"] = filters.platform
    r_came = "COALESCE(r.comment_posted_at, r.first_seen_at)"
    first = ("(SELECT r.reply_sent_at FROM replies r WHERE r.platform = c.platform"
             " AND r.comment_id = c.comment_id AND r.first_response = 1 LIMIT 1)")
    # CASE, not a boolean sum: PostgreSQL sums no booleans.
    row = db.execute(text(
        "SELECT came.n, came.early, answered.n, answered.early, untimed.n FROM"
        f" (SELECT COUNT(*) AS n, SUM(CASE WHEN {_CAME} < :cutoff THEN 1 ELSE 0 END) AS early"
        f" FROM comments c WHERE {_CAME} >= :lo AND {_CAME} < :hi{c_platform}) came,"
        f" (SELECT COUNT(*) AS n, SUM(CASE WHEN {r_came} < :cutoff THEN 1 ELSE 0 END) AS early"
        f" FROM replies r WHERE r.first_response = 1 AND {r_came} >= :lo AND {r_came} < :hi"
        f"{r_platform}) answered,"
        f" (SELECT COUNT(*) AS n FROM (SELECT {first} AS came FROM comments c"
        f" WHERE {_CAME} IS NULL{c_platform}) u WHERE came >= :lo AND came < :hi) untimed"
    ), params).one()
    came, early, answered, answered_early, untimed = (int(v or 0) for v in row)
    # Never below 0, should a store edited by hand break the first response's copy.
    return Unanswered(came + untimed, max(came - answered, 0), max(early - answered_early, 0))


def latest_day(db: Connection, tz: ZoneInfo) -> date | None:
    # Only times that can be real: one reply stored as sent in 2200 (a broken clock,
    # before the API refused such times) would move the default range there.
    lo, hi = possible_times()
    value = db.execute(
        text("SELECT MAX(reply_sent_at) FROM replies WHERE reply_sent_at BETWEEN :lo AND :hi"),
        {"lo": lo, "hi": hi},
    ).scalar()
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(tz).date()


def operators(db: Connection) -> list[str]:
    """Every operator who ever replied, in the store's sort order.

    A walk over the ``replies_operator`` index, one step per operator (the next name
    after the last one), rather than ``SELECT DISTINCT``: PostgreSQL has no skip scan,
    and DISTINCT read all 1,000,000 rows (0.2 s) where the walk reads 16 index entries."""
    return list(db.execute(text(
        "WITH RECURSIVE ops(name) AS ("
        " SELECT MIN(operator) FROM replies"
        " UNION ALL"
        " SELECT (SELECT MIN(operator) FROM replies WHERE operator > ops.name) FROM ops"
        " WHERE ops.name IS NOT NULL"
        ") SELECT name FROM ops WHERE name IS NOT NULL ORDER BY name"
    )).scalars())


DETAIL_COLUMNS = """
    r.id, r.platform, r.comment_id,
    -- The reply's own link, else the one its comment_seen brought.
    COALESCE(r.permalink, c.permalink) AS permalink, r.operator, r.text, r.comment_posted_at,
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


def _mappings(db: Connection, sql: str, params: dict) -> list[RowMapping]:
    return list(db.execute(text(sql), params).mappings())


def list_replies(
    db: Connection,
    filters: Filters,
    tz: ZoneInfo,
    *,
    order: str = "r.reply_sent_at DESC",
    extra: str = "",
    limit: int | None = 200,
    offset: int = 0,
) -> list[RowMapping]:
    """Replies with their comment, corrections, star and feedback count, for tables."""
    sql, params = where(filters, tz, "r")
    if extra:
        sql += f" AND {extra}"
    tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return _mappings(db, f"SELECT {DETAIL_COLUMNS} {DETAIL_FROM} WHERE {sql} ORDER BY {order}"
                     f"{tail}", params)


def reply(db: Connection, reply_id: int) -> RowMapping | None:
    rows = _mappings(db, f"SELECT {DETAIL_COLUMNS} {DETAIL_FROM} WHERE r.id = :id",
                     {"id": reply_id})
    return rows[0] if rows else None


def feedback_for(db: Connection, reply_id: int) -> list[RowMapping]:
    return _mappings(db, "SELECT * FROM feedback WHERE reply_id = :id ORDER BY id",
                     {"id": reply_id})


def feedback_to(db: Connection, operator: str, limit: int = 50) -> list[RowMapping]:
    """The trainers' feedback on an operator's replies, newest first."""
    return _mappings(
        db,
        "SELECT f.*, r.text AS reply_text, r.reply_sent_at FROM feedback f "
        "JOIN replies r ON r.id = f.reply_id WHERE r.operator = :operator "
        "ORDER BY f.id DESC LIMIT :limit",
        {"operator": operator, "limit": limit},
    )


def corrections_for(db: Connection, platform: str, comment_id: str) -> list[RowMapping]:
    return _mappings(
        db,
        "SELECT * FROM corrections WHERE platform = :platform AND comment_id = :comment_id "
        "ORDER BY id",
        {"platform": platform, "comment_id": comment_id},
    )


def starred(
    db: Connection, lo: str | None = None, hi: str | None = None, limit: int = 200
) -> list[RowMapping]:
    """Starred replies (the hall of fame), newest star first; optionally by sent time."""
    sql = "s.reply_id IS NOT NULL"
    params: dict = {"limit": limit}
    if lo and hi:
        sql += " AND r.reply_sent_at >= :lo AND r.reply_sent_at < :hi"
        params |= {"lo": lo, "hi": hi}
    return _mappings(
        db,
        f"SELECT {DETAIL_COLUMNS} {DETAIL_FROM} WHERE {sql} ORDER BY s.created_at DESC "
        "LIMIT :limit",
        params,
    )


def library_templates(db: Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute(text("SELECT id, text FROM templates"))}


def reply_texts(db: Connection, filters: Filters, tz: ZoneInfo) -> list[tuple[str, str]]:
    """(id, text) of the replies in range, for de-facto template discovery."""
    sql, params = where(filters, tz)
    return [
        (str(row[0]), row[1])
        for row in db.execute(text(f"SELECT id, text FROM replies WHERE {sql}"), params)
    ]

