"""The team's work calendar: which dates differ from the usual week, and how.

From the ``holidays`` package (Open World Holidays Framework) for the team's country
(Russia by default):

- public holidays, the New Year break and days off moved by a government decree
  (``Выходной (перенесено с …)``) are days off;
- weekend days made working days by such a decree (``weekend_workdays``, e.g. Saturday
  1 November 2025) get the hours of the team's usual working day;
- in Russia a working day directly before a public holiday is an hour shorter (Labour
  Code art. 95); so is a working Saturday whose run of days off after it reaches one
  (1 November 2025, 27 April 2024). A day before a *moved* day off is not shortened
  (7 May 2025). That gives the production calendar's four shortened days of 2025
  (7 Mar, 30 Apr, 11 Jun, 1 Nov) and of 2026 (30 Apr, 8 May, 11 Jun, 3 Nov).

Then the trainer's own days off and special hours (settings) override all of it.
The result is ``{date: [(start_minute, end_minute), ...]}`` for ``stats.Schedule``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

Hours = list[tuple[int, int]]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_COUNTRY = "RU"
# Countries whose labour law shortens the working day before a public holiday.
SHORTENED_BEFORE_HOLIDAY = {"RU"}
FIRST_YEAR = 2020


@lru_cache(maxsize=8)
def national(country: str, last_year: int) -> tuple[frozenset, frozenset, frozenset]:
    """(days off, of which moved days off, weekend working days) of ``country`` for
    2020..``last_year``; empty for no country. Cached: building 2020-2027 for Russia
    takes about 0.2 s."""
    if not country:
        return frozenset(), frozenset(), frozenset()
    import holidays

    cal = holidays.country_holidays(country, years=range(FIRST_YEAR, last_year + 1))
    moved = set()
    # Days off moved by decree are the package's "special" entries of four or five
    # numbers (to month, to day, from month, from day[, from year]).
    for year, entries in getattr(cal, "special_public_holidays", {}).items():
        items = (entries,) if entries and isinstance(entries[0], int) else entries
        for item in items:
            if len(item) >= 4 and isinstance(item[0], int) and isinstance(item[1], int):
                moved.add(date(year, item[0], item[1]))
    return frozenset(cal), frozenset(moved & set(cal)), frozenset(cal.weekend_workdays)


@lru_cache(maxsize=1)
def supported_countries() -> tuple[str, ...]:
    """ISO codes of the countries the holidays package knows (RU, BY, KZ, ...)."""
    import holidays

    return tuple(sorted(holidays.list_supported_countries()))


def exceptions(
    days: Mapping[str, Hours],
    *,
    country: str = DEFAULT_COUNTRY,
    last_year: int,
    days_off: Iterable[date] = (),
    special_hours: Mapping[date, Hours] | None = None,
) -> dict[date, Hours]:
    """The dates whose hours differ from ``days`` (the usual week), with their hours."""
    off, moved, workdays = national(country.upper(), last_year)
    usual = next((days[d] for d in WEEKDAYS[:5] if days.get(d)), [])
    out: dict[date, Hours] = {}
    for day in off:
        out[day] = []
    for day in workdays:
        if day not in off and not days.get(WEEKDAYS[day.weekday()]):
            out[day] = list(usual)

    def hours(day: date) -> Hours:
        return out[day] if day in out else list(days.get(WEEKDAYS[day.weekday()], []))

    if country.upper() in SHORTENED_BEFORE_HOLIDAY:
        holidays_proper = off - moved
        for day in sorted({d - timedelta(days=1) for d in holidays_proper} | set(workdays)):
            todays = hours(day)
            if not todays or day in off:
                continue
            if day in workdays:
                # Walk the days off after a working Saturday: does a holiday come first?
                after = day + timedelta(days=1)
                for _ in range(31):
                    if after in holidays_proper or hours(after):
                        break
                    after += timedelta(days=1)
                shorten = after in holidays_proper
            else:
                shorten = day + timedelta(days=1) in holidays_proper
            if shorten:
                out[day] = shortened(todays)
    for day in days_off:
        out[day] = []
    for day, special in (special_hours or {}).items():
        out[day] = list(special)
    return out


def shortened(hours: Hours, minutes: int = 60) -> Hours:
    """The day's hours with the last ``minutes`` cut off (the last interval first)."""
    result = sorted(hours)
    while minutes > 0 and result:
        start, end = result[-1]
        cut = min(minutes, end - start)
        minutes -= cut
        result[-1] = (start, end - cut)
        if result[-1][0] == result[-1][1]:
            result.pop()
    return result
