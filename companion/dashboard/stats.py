"""The dashboard's figures: pure functions over reply rows, no Flask, no SQL.

Conventions every page and the tests rely on:

- a *response time* is ``reply_sent_at - comment_posted_at`` in seconds; replies whose
  comment time is unknown (or whose clock says the reply came first) are counted as
  replies but left out of the timing figures;
- a comment's *first response* is the team's first reply to it (``first_response = 1``,
  set by ``events_store.retime`` whatever order the events came in); the timing figures
  are over first responses, later replies are *follow-ups* (``FollowUps``);
- the *median* is the middle value (the mean of the two middle ones for an even
  count); *p90* interpolates linearly between closest ranks (numpy's default), so
  ``p90([1..10]) == 9.1``;
- *within target* means ``seconds <= target`` (20 minutes by default): a reply at
  exactly 20:00 meets a 20-minute target;
- the buckets are closed on the right: ``[0, 20 min]``, ``(20, 60 min]``,
  ``(1, 4 h]``, ``(4, 24 h]``, ``> 24 h``; the first equals «within target» when the
  target is 20 minutes;
- *working-hours* durations count only the seconds inside the team's schedule,
  in the team's time zone, holidays and special days included (``Schedule``,
  ``work_calendar``);
- a reply is a *template reply* when its draft score at sending is at or over the
  threshold.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..validation import format_utc

TARGET_SECONDS = 20 * 60
BUCKETS: tuple[tuple[str, float], ...] = (
    ("le20m", 20 * 60),
    ("20to60m", 60 * 60),
    ("1to4h", 4 * 3600),
    ("4to24h", 24 * 3600),
    ("over1d", math.inf),
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TONES = ("negative", "neutral", "positive")
PERSONAS = ("unsure", "talker", "positive", "aggressor", "expert", "none")


# --- order statistics -----------------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    return quantile(values, 0.5)


def quantile(values: Sequence[float], q: float, *, is_sorted: bool = False) -> float | None:
    """Linear interpolation between closest ranks; None for no values."""
    if not values:
        return None
    data = values if is_sorted else sorted(values)
    pos = (len(data) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class Timing:
    """The timing figures for one group of replies."""

    replies: int = 0
    timed: int = 0
    median: float | None = None
    p90: float | None = None
    mean: float | None = None
    within_target: float | None = None  # share 0..1 of the timed replies
    buckets: dict[str, int] = field(default_factory=dict)


def summarize(seconds: Iterable[float | None], target: float = TARGET_SECONDS) -> Timing:
    """Count, median, p90, mean, share within ``target`` and buckets of response times."""
    all_values = list(seconds)
    values = sorted(v for v in all_values if v is not None)
    n = len(values)
    if not n:
        return Timing(replies=len(all_values), buckets=bucket_counts([]))
    within = bisect_right(values, target)
    return Timing(
        replies=len(all_values),
        timed=n,
        median=quantile(values, 0.5, is_sorted=True),
        p90=quantile(values, 0.9, is_sorted=True),
        mean=sum(values) / n,
        within_target=within / n,
        buckets=_sorted_bucket_counts(values),
    )


def bucket_of(value: float) -> str:
    for name, upper in BUCKETS:
        if value <= upper:
            return name
    return BUCKETS[-1][0]


def _sorted_bucket_counts(values: Sequence[float]) -> dict[str, int]:
    counts, below = {}, 0
    for name, upper in BUCKETS:
        upto = bisect_right(values, upper)
        counts[name] = upto - below
        below = upto
    return counts


def bucket_counts(values: Iterable[float]) -> dict[str, int]:
    counts = dict.fromkeys((name for name, _ in BUCKETS), 0)
    for value in values:
        counts[bucket_of(value)] += 1
    return counts


# --- times ----------------------------------------------------------------------------


def parse_utc(value: str) -> datetime:
    """``2026-11-22T10:00:00.000Z`` (the store's format) as an aware UTC datetime."""
    return (
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        if value[-1] == "Z"
        else (datetime.fromisoformat(value).astimezone(UTC))
    )


class LocalClock:
    """UTC strings to the team's wall-clock time, cached by UTC hour (offsets change
    on the hour at most, and 100,000 replies share a few thousand hours)."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._offsets: dict[str, timedelta] = {}
        self._parts: dict[str, tuple[date, int, int]] = {}

    def parts(self, value: str) -> tuple[date, int, int]:
        """(local date, weekday, hour) of a stored UTC string, cached by its UTC hour."""
        key = value[:13]
        hit = self._parts.get(key)
        if hit is None:
            local = self.local(value)
            if (self._offsets[key].total_seconds() % 3600) != 0:
                return local.date(), local.weekday(), local.hour  # a half-hour zone
            hit = self._parts[key] = (local.date(), local.weekday(), local.hour)
        return hit

    def local(self, value: str) -> datetime:
        """Naive local wall-clock time of a stored UTC string."""
        moment = parse_utc(value)
        key = value[:13]
        offset = self._offsets.get(key)
        if offset is None:
            offset = moment.astimezone(self.tz).utcoffset() or timedelta(0)
            self._offsets[key] = offset
        return (moment + offset).replace(tzinfo=None)


def _prefix(intervals: list[tuple[int, int]]) -> list[int]:
    """Working seconds of a day before each of its minutes (1,441 entries)."""
    prefix = [0] * (24 * 60 + 1)
    for minute in range(24 * 60):
        inside = any(start <= minute < end for start, end in intervals)
        prefix[minute + 1] = prefix[minute] + (60 if inside else 0)
    return prefix


def parse_hours(pairs) -> list[tuple[int, int]]:
    """``[["09:00", "18:00"], ...]`` as minutes of the day; empty spans are dropped."""
    return [(_minutes(a), _minutes(b)) for a, b in pairs if _minutes(a) < _minutes(b)]


def parse_week(data: dict) -> dict[str, list[tuple[int, int]]]:
    return {d: parse_hours(data.get(d, [])) for d in WEEKDAYS}


def format_hours(hours: list[tuple[int, int]]) -> list[list[str]]:
    def fmt(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    return [[fmt(a), fmt(b)] for a, b in hours]


def _minutes(hhmm: str) -> int:
    hours, _, minutes = hhmm.partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not 0 <= value <= 24 * 60 or not 0 <= int(minutes or 0) < 60:
        raise ValueError(f"{hhmm!r} is not a time of day (HH:MM)")
    return value


@dataclass
class Schedule:
    """The team's working hours: per weekday a list of (start, end) minutes of the day,
    local to ``timezone``, and ``exceptions``: dates with other hours (holidays and
    days off: none; shortened and special days: theirs), from ``work_calendar``.
    Durations count only the seconds inside those hours."""

    timezone: str = "Europe/Moscow"
    days: dict[str, list[tuple[int, int]]] = field(
        default_factory=lambda: {
            d: ([(9 * 60, 18 * 60)] if d not in ("sat", "sun") else []) for d in WEEKDAYS
        }
    )
    exceptions: dict[date, list[tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.timezone)
        self.clock = LocalClock(self.tz)
        # Seconds of work before each minute of the week, so any duration is two lookups.
        self._day_prefix: list[list[int]] = []
        week_total = 0
        self._week_start: list[int] = []
        for day in WEEKDAYS:
            prefix = _prefix(self.days.get(day, []))
            self._week_start.append(week_total)
            self._day_prefix.append(prefix)
            week_total += prefix[-1]
        self.week_seconds = week_total
        # Each exception date moves every later cumulative figure by (its hours - the
        # usual hours of its weekday): a sorted list and running sums of those moves.
        self._ex_prefix = {day.toordinal(): _prefix(h) for day, h in self.exceptions.items()}
        self._ex_ordinals = sorted(self._ex_prefix)
        self._ex_shift = [0]
        for o in self._ex_ordinals:
            usual = self._day_prefix[(o - 1) % 7][-1]
            self._ex_shift.append(self._ex_shift[-1] + self._ex_prefix[o][-1] - usual)
        self.days_off = frozenset(day for day, h in self.exceptions.items() if not h)
        self._hours: dict[str, tuple[float, list[int]]] = {}

    @classmethod
    def from_json(cls, timezone: str, raw: str | dict | None) -> Schedule:
        """From ``{"mon": [["09:00", "18:00"]], ...}``; missing days are days off."""
        data = json.loads(raw) if isinstance(raw, str) else (raw or None)
        if data is None:
            return cls(timezone=timezone)
        return cls(timezone=timezone, days=parse_week(data))

    def to_json(self) -> str:
        return json.dumps({d: format_hours(self.days.get(d, [])) for d in WEEKDAYS})

    def _prefix_of(self, ordinal: int) -> list[int]:
        hit = self._ex_prefix.get(ordinal)
        return hit if hit is not None else self._day_prefix[(ordinal - 1) % 7]

    def _day_start(self, ordinal: int) -> float:
        """Working seconds from the local epoch Monday 0001-01-01 to the date's start."""
        weeks, weekday = divmod(ordinal - 1, 7)  # 0001-01-01 is a Monday
        shift = self._ex_shift[bisect_left(self._ex_ordinals, ordinal)]
        return weeks * self.week_seconds + self._week_start[weekday] + shift

    def _cumulative(self, local: datetime) -> float:
        """Working seconds from the local epoch up to ``local``."""
        ordinal = local.toordinal()
        minute = local.hour * 60 + local.minute
        prefix = self._prefix_of(ordinal)
        base = self._day_start(ordinal) + prefix[minute]
        if prefix[minute + 1] > prefix[minute]:  # this minute is a working one
            base += local.second + local.microsecond / 1e6
        return base

    def work_seconds(self, start: str, end: str) -> float | None:
        """Working seconds between two stored UTC strings; None if end is before start."""
        if end < start and len(start) == len(end) == 24:
            return None
        value = self._cumulative_utc(end) - self._cumulative_utc(start)
        return value if value >= 0 else None

    def _cumulative_utc(self, value: str) -> float:
        """``_cumulative`` of a stored ``YYYY-MM-DDTHH:MM:SS.mmmZ`` string, cached by UTC
        hour: the overview asks this 200,000 times for 100,000 replies."""
        if len(value) != 24 or value[-1] != "Z":
            return self._cumulative(self.clock.local(value))
        key = value[:13]
        hit = self._hours.get(key)
        if hit is None:
            start = self.clock.local(key + ":00:00.000Z")
            if start.minute:  # a zone with a half-hour offset: no per-hour shortcut
                return self._cumulative(self.clock.local(value))
            prefix = self._prefix_of(start.toordinal())
            m0 = start.hour * 60
            hit = (self._cumulative(start), [p - prefix[m0] for p in prefix[m0 : m0 + 61]])
            self._hours[key] = hit
        base, minutes = hit
        minute = int(value[14:16])
        total = base + minutes[minute]
        if minutes[minute + 1] > minutes[minute]:
            total += float(value[17:23])
        return total


def overdue_before(
    now: datetime, target: float, schedule: Schedule | None, earliest: str
) -> str:
    """The stored-UTC time before which a comment still unanswered at ``now`` has waited
    longer than ``target`` («without a reply» card): ``now - target`` on the wall clock;
    with a schedule, in its working seconds (``Schedule.work_seconds``, the clock of the
    response times), found by halving: the wait only grows the earlier the comment came.
    So the store counts ``came < cutoff`` in its one aggregate, not a wait per comment.
    ``earliest`` (the earliest time a stored one can be): the cutoff when no wait since
    then reaches past the target (a schedule with no working hours)."""
    moment = now.astimezone(UTC).replace(microsecond=now.microsecond // 1000 * 1000)
    if schedule is None:
        return format_utc(moment - timedelta(seconds=target))
    end = format_utc(moment)

    def late(ms: int) -> bool:
        waited = schedule.work_seconds(format_utc(_EPOCH + timedelta(milliseconds=ms)), end)
        return waited is not None and waited > target

    # Milliseconds since 1970 (stored times have milliseconds): ``lo`` late, ``hi`` not.
    lo = (parse_utc(earliest) - _EPOCH) // timedelta(milliseconds=1)
    hi = (moment - _EPOCH) // timedelta(milliseconds=1)
    if lo >= hi or not late(lo):
        return earliest
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if late(mid):
            lo = mid
        else:
            hi = mid
    return format_utc(_EPOCH + timedelta(milliseconds=hi))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --- replies --------------------------------------------------------------------------


class Reply(NamedTuple):
    """The columns of a stored reply the figures need (a tuple: 100,000 are built per page).
    No ``id``: no figure needs it, and without it PostgreSQL answers the overview's read
    from the ``replies_dashboard`` index alone (an index-only scan) instead of visiting
    a heap page per reply (82,000 replies: 25 ms instead of 250 ms)."""

    operator: str
    platform: str
    reply_sent_at: str
    comment_posted_at: str | None
    response_seconds: float | None
    draft_score: float | None = None
    draft_nearest_id: str | None = None
    draft_cliches: str | list | None = None
    tone: str | None = None
    persona: str | None = None
    gratitude: int | None = None
    first_response: int = 1  # 1: the team's first reply to the comment; 0: a follow-up
    since_previous_seconds: float | None = None  # a follow-up: since the team's last reply

    def cliches(self) -> list[str]:
        return cliches_of(self.draft_cliches)


def cliches_of(raw: str | list | None) -> list[str]:
    if not raw:
        return []
    if isinstance(raw, list):
        return raw
    return list(_parse_cliches(raw))


@lru_cache(maxsize=4096)
def _parse_cliches(raw: str) -> tuple[str, ...]:
    # Few distinct lists repeat across thousands of replies: parse each once.
    try:
        value = json.loads(raw)
    except ValueError:
        return ()
    return tuple(c for c in value if isinstance(c, str)) if isinstance(value, list) else ()


# Column positions: the overview indexes plain row tuples (a Reply is one too), since
# building 100,000 named tuples costs a tenth of a second.
_OPERATOR = 0
_PLATFORM = 1
_SENT = 2
_POSTED = 3
_SECONDS = 4
_SCORE = 5
_NEAREST = 6
_CLICHES = 7
_TONE = 8
_PERSONA = 9
_GRATITUDE = 10
_FIRST = 11
_SINCE = 12

REPLY_COLUMNS = (
    "operator, platform, reply_sent_at, comment_posted_at, response_seconds, draft_score, "
    "draft_nearest_id, draft_cliches, tone, persona, gratitude, first_response, "
    "since_previous_seconds"
)


def response_time(reply: Reply, schedule: Schedule | None) -> float | None:
    """Wall-clock seconds, or working seconds when a schedule is given."""
    if reply[_SECONDS] is None:
        return None
    if schedule is None or not reply[_POSTED]:
        return reply[_SECONDS]
    return schedule.work_seconds(reply[_POSTED], reply[_SENT])


def is_template(reply: Reply, threshold: float) -> bool:
    return reply.draft_score is not None and reply.draft_score >= threshold


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def whole_percents(values: Sequence[float | None]) -> list[int]:
    """Whole percentages of ``values`` (counts or shares; None counts as 0) that sum to
    exactly 100: each gets its floor, then the points left go to the largest remainders
    (the earlier value on a tie), the largest remainder (Hamilton) method.
    ``[1, 1, 1] -> [34, 33, 33]``; all zero -> all 0."""
    numbers = [v or 0 for v in values]
    total = sum(numbers)
    if total <= 0:
        return [0] * len(numbers)
    quotas = [v * 100 / total for v in numbers]
    floors = [math.floor(q) for q in quotas]
    left = 100 - sum(floors)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return floors


def within_target_percent(timing: Timing, target: float) -> int | None:
    """The within-target share in whole percents, as every page shows it.

    With the target at the first bucket's bound (20 minutes, the default) the card and
    the legend's «≤ 20 мин» show the same share: it is the legend's percent (largest
    remainder, so the legend still adds up to 100), and 5 of 8 reads 63 % in both, where
    ``percent`` alone printed 62 (Python rounds 62.5 to even). Any other target is no
    single bucket: rounded half up, as a reader rounds (a sum of two legend entries can
    be a point off the share itself: 4 of 7 is 57 %, the legend's 43 + 15). It reads 100
    only when every reply made the target and 0 only when none did. None: no timed
    replies.
    """
    if timing.within_target is None:
        return None
    _first, bound = BUCKETS[0]
    if target == bound:
        shown = whole_percents([timing.buckets.get(name) for name, _ in BUCKETS])[0]
    else:
        shown = math.floor(timing.within_target * 100 + 0.5)
    # Never «100 %» while a reply missed the target, nor «0 %» while one made it (9,949
    # of 10,000 is 99 %, not the 100 that rounding gives).
    if 0 < timing.within_target < 1:
        shown = min(max(shown, 1), 99)
    return shown


@dataclass
class FollowUps:
    """Replies after a comment's first response: how many, per answered comment, and
    the time between the team's consecutive replies to one comment."""

    count: int = 0
    per_comment: float | None = None  # follow-ups / first responses in the range
    gap_median: float | None = None
    gap_p90: float | None = None


def follow_ups(replies: Sequence[Reply]) -> FollowUps:
    gaps = sorted(r[_SINCE] for r in replies if not r[_FIRST] and r[_SINCE] is not None)
    count = sum(1 for r in replies if not r[_FIRST])
    firsts = len(replies) - count
    return FollowUps(
        count=count,
        per_comment=share(count, firsts),
        gap_median=quantile(gaps, 0.5, is_sorted=True),
        gap_p90=quantile(gaps, 0.9, is_sorted=True),
    )


@dataclass
class Overview:
    total: Timing  # over first responses: one per answered comment
    by_day: list[tuple[date, Timing]]
    by_operator: list[tuple[str, Timing, float | None]]  # (operator, timing, template share)
    template_share: float | None
    scored: int
    top_templates: list[tuple[str, int]]
    top_cliches: list[tuple[str, int]]
    tone_by_period: list[tuple[date, dict[str, float | None], int]]  # (…, shares, n toned)
    tone_total: dict[str, float | None]
    personas: list[tuple[str, int]]
    by_hour: list[int]
    heatmap: list[list[int]]  # [weekday][hour] counts of comments by the time they came
    # (row 7: the calendar's days off), answered or not where the arrivals were given
    platforms: dict[str, int]
    period: str  # "day" or "week": how tone_by_period is grouped
    replies: int = 0  # every reply, first responses and follow-ups
    follow: FollowUps = field(default_factory=FollowUps)
    op_follow_ups: dict[str, int] = field(default_factory=dict)
    # The n each share is over: comments (first responses) whose tone / gratitude is
    # known, and each operator's replies with a draft score (the template share's n).
    tone_known: int = 0
    gratitude_known: int = 0
    op_scored: dict[str, int] = field(default_factory=dict)


def overview(
    replies: Sequence[Reply],
    schedule: Schedule,
    *,
    target: float = TARGET_SECONDS,
    threshold: float = 0.8,
    working_hours: bool = False,
    arrivals: Sequence[str] | None = None,
) -> Overview:
    """Every figure of the overview page.

    Timing figures, tone and personas are over *first responses* (one per answered
    comment); template share and clichés over every reply written; follow-ups on their
    own (``follow``). The heatmap and the by-hour chart count ``arrivals`` (when each
    comment came in, answered or not: ``storage.dashboard.fetch_arrivals``), else, where
    none are given, the answered comments.

    Column by column rather than reply by reply: Counter over zipped columns runs in C,
    which keeps 100,000 replies well under a second.
    """
    everyone = replies
    replies = [r for r in everyone if r[_FIRST]]
    parts = schedule.clock.parts
    sent = [parts(r[_SENT]) for r in replies]
    day_of = [p[0] for p in sent]
    if working_hours:
        times = [response_time(r, schedule) for r in replies]
    else:
        times = [r[_SECONDS] for r in replies]
    per_day: dict[date, list[float | None]] = defaultdict(list)
    for day, seconds in zip(day_of, times, strict=True):
        per_day[day].append(seconds)
    per_operator: dict[str, list[float | None]] = defaultdict(list)
    for reply, seconds in zip(replies, times, strict=True):
        per_operator[reply[_OPERATOR]].append(seconds)

    scored_replies = [r for r in everyone if r[_SCORE] is not None]
    templated = [r for r in scored_replies if r[_SCORE] >= threshold]
    scored, template_count = len(scored_replies), len(templated)
    op_scored = Counter(r[_OPERATOR] for r in scored_replies)
    op_templates = Counter(r[_OPERATOR] for r in templated)
    templates = Counter(r[_NEAREST] for r in templated if r[_NEAREST])
    cliches: Counter[str] = Counter()
    for raw, n in Counter(
        r[_CLICHES] if isinstance(r[_CLICHES], str) else json.dumps(r[_CLICHES])
        for r in everyone
        if r[_CLICHES] and r[_CLICHES] != "[]"
    ).items():
        for phrase in cliches_of(raw):
            cliches[phrase] += n
    personas = Counter(r[_PERSONA] or "unknown" for r in replies)
    platforms = Counter(r[_PLATFORM] for r in replies)

    tone_days: dict[date, Counter[str]] = defaultdict(Counter)
    for day, n in Counter(day_of).items():
        tone_days[day]["all"] = n
    for (day, tone), n in Counter(
        (d, r[_TONE]) for d, r in zip(day_of, replies, strict=True) if r[_TONE]
    ).items():
        tone_days[day][tone] += n
        tone_days[day]["toned"] += n
    # Gratitude is optional in the events like tone: a reply sent without it is neither
    # thankful nor not, so «благодарят» is over the comments whose gratitude is known.
    for (day, thanks), n in Counter(
        (d, bool(r[_GRATITUDE]))
        for d, r in zip(day_of, replies, strict=True) if r[_GRATITUDE] is not None
    ).items():
        tone_days[day]["thanks_known"] += n
        if thanks:
            tone_days[day]["thankful"] += n

    # Rows Monday..Sunday, then an eighth: the calendar's days off (holidays, the New
    # Year break, the trainer's days off) whatever their weekday.
    heatmap = [[0] * 24 for _ in range(8)]
    off = schedule.days_off
    if arrivals is not None:
        came = Counter(parts(at) for at in arrivals)
    else:
        came = Counter(
            (parts(r[_POSTED]) if r[_POSTED] else p) for r, p in zip(replies, sent, strict=True)
        )
    for (day, weekday, hour), n in came.items():
        heatmap[7 if day in off else weekday][hour] += n

    days = sorted(per_day)
    period = "week" if days and (days[-1] - days[0]).days > 62 else "day"
    tone_groups: dict[date, Counter[str]] = defaultdict(Counter)
    for day, counts in tone_days.items():
        key = day - timedelta(days=day.weekday()) if period == "week" else day
        tone_groups[key].update(counts)
    tone_total: Counter[str] = Counter()
    for counts in tone_days.values():
        tone_total.update(counts)

    op_follow_ups = Counter(r[_OPERATOR] for r in everyone if not r[_FIRST])
    by_operator = [
        (
            name,
            summarize(per_operator.get(name, []), target),
            share(op_templates[name], op_scored[name]),
        )
        for name in set(per_operator) | set(op_follow_ups) | set(op_scored)
    ]
    by_operator.sort(key=lambda item: (item[1].median is None, item[1].median or 0, item[0]))
    return Overview(
        total=summarize(times, target),
        by_day=[(day, summarize(per_day[day], target)) for day in days],
        by_operator=by_operator,
        template_share=share(template_count, scored),
        scored=scored,
        top_templates=templates.most_common(10),
        top_cliches=cliches.most_common(10),
        tone_by_period=[
            (key, tone_shares(tone_groups[key]), tone_groups[key]["toned"])
            for key in sorted(tone_groups)
        ],
        tone_total=tone_shares(tone_total),
        personas=sorted(personas.items(), key=lambda kv: (-kv[1], kv[0])),
        by_hour=[sum(heatmap[d][h] for d in range(8)) for h in range(24)],
        heatmap=heatmap,
        platforms=dict(platforms),
        period=period,
        replies=len(everyone),
        follow=follow_ups(everyone),
        op_follow_ups=dict(op_follow_ups),
        tone_known=tone_total["toned"],
        gratitude_known=tone_total["thanks_known"],
        op_scored=dict(op_scored),
    )


def tone_shares(counts: Counter[str]) -> dict[str, float | None]:
    """Shares of negative / neutral / positive among the comments with a known tone, and
    of thankful ones among those whose gratitude is known (None: nothing known). Each
    has its own n: a reply may arrive with one of the optional fields and not the other."""
    shares = {key: share(counts[key], counts["toned"]) for key in TONES}
    shares["thankful"] = share(counts["thankful"], counts["thanks_known"])
    return shares


def weekly_trend(
    replies: Sequence[Reply], schedule: Schedule, *, working_hours: bool = False
) -> list[tuple[date, float | None]]:
    """Median first response time per local week (Monday), for the operator-vs-team chart."""
    work = schedule if working_hours else None
    weeks: dict[date, list[float | None]] = defaultdict(list)
    for reply in replies:
        if not reply[_FIRST]:
            continue
        day = schedule.clock.parts(reply[_SENT])[0]
        weeks[day - timedelta(days=day.weekday())].append(response_time(reply, work))
    return [(week, median([v for v in weeks[week] if v is not None])) for week in sorted(weeks)]
