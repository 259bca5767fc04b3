"""The team's dashboard settings, kept in the ``settings`` table as ``dashboard.*`` keys."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection

from ..storage import settings as store
from . import work_calendar
from .stats import TARGET_SECONDS, Schedule, parse_hours

PREFIX = "dashboard."
DEFAULT_TIMEZONE = "Europe/Moscow"
# The similarity model's "high" level (model.similarity.DEFAULT_THRESHOLDS.high).
DEFAULT_THRESHOLD = 0.75


@dataclass
class DashboardSettings:
    timezone: str = DEFAULT_TIMEZONE
    schedule_json: str | None = None
    target_minutes: float = TARGET_SECONDS / 60
    template_threshold: float = DEFAULT_THRESHOLD
    # The work calendar: the country whose holidays count ("" for none), the trainer's
    # own days off (["2026-12-30", ...]) and special hours ({"2026-12-31": [["09:00",
    # "15:00"]]}), both JSON.
    country: str = work_calendar.DEFAULT_COUNTRY
    days_off_json: str = "[]"
    special_hours_json: str = "{}"
    # The team works by a schedule: the extension counts waiting time in working hours.
    sla_working_hours: bool = False

    @property
    def target_seconds(self) -> float:
        return self.target_minutes * 60

    def schedule(self) -> Schedule:
        return _schedule(
            self.timezone,
            self.schedule_json,
            self.country,
            self.days_off_json,
            self.special_hours_json,
            date.today().year + 1,
        )


def parse_days_off(raw: str) -> list[date]:
    return sorted({date.fromisoformat(d) for d in json.loads(raw or "[]")})


def parse_special_hours(raw: str) -> dict[date, list[tuple[int, int]]]:
    return {date.fromisoformat(d): parse_hours(h) for d, h in json.loads(raw or "{}").items()}


@lru_cache(maxsize=8)
def _schedule(
    timezone: str,
    schedule_json: str | None,
    country: str,
    days_off_json: str,
    special_json: str,
    last_year: int,
) -> Schedule:
    # One Schedule per distinct settings: it caches local times and working seconds
    # per UTC hour, which later pages reuse.
    week = Schedule.from_json(timezone, schedule_json).days
    exceptions = work_calendar.exceptions(
        week,
        country=country,
        last_year=last_year,
        days_off=parse_days_off(days_off_json),
        special_hours=parse_special_hours(special_json),
    )
    return Schedule(timezone=timezone, days=week, exceptions=exceptions)


def load(db: Connection) -> DashboardSettings:
    raw = store.read(db, PREFIX)
    result = DashboardSettings()
    # A bad stored value falls back to the default rather than breaking every page.
    try:
        ZoneInfo(raw.get("timezone", DEFAULT_TIMEZONE))
        result.timezone = raw.get("timezone", DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    if raw.get("schedule"):
        try:
            Schedule.from_json(result.timezone, raw["schedule"])
            result.schedule_json = raw["schedule"]
        except (ValueError, TypeError):
            pass
    result.sla_working_hours = raw.get("sla_working_hours") == "1"
    country = raw.get("country")
    if country == "" or country in work_calendar.supported_countries():
        result.country = country
    for key, check in (("days_off", parse_days_off), ("special_hours", parse_special_hours)):
        if raw.get(key):
            try:
                check(raw[key])
                setattr(result, key + "_json", raw[key])
            except (ValueError, TypeError, AttributeError):
                pass
    for key, cast in (("target_minutes", float), ("template_threshold", float)):
        if key in raw:
            with contextlib.suppress(ValueError):
                setattr(result, key, cast(raw[key]))
    return result


def days_off_from_text(text: str) -> list[str]:
    """The settings form's days off, one ``YYYY-MM-DD`` a line; ValueError names the line."""
    out = set()
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            out.add(date.fromisoformat(line).isoformat())
        except ValueError:
            raise ValueError(f"line {n}: {line[:40]!r} is not a date YYYY-MM-DD") from None
    return sorted(out)


_SPECIAL = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.*)$")
_SPAN = re.compile(r"^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$")


def special_hours_from_text(text: str) -> dict[str, list[list[str]]]:
    """Lines ``YYYY-MM-DD HH:MM-HH:MM[, HH:MM-HH:MM]``; ValueError names the line."""
    out: dict[str, list[list[str]]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        m = _SPECIAL.match(line)
        try:
            if not m:
                raise ValueError
            day = date.fromisoformat(m.group(1)).isoformat()
            spans = []
            for part in m.group(2).split(","):
                span = _SPAN.match(part.strip())
                if not span:
                    raise ValueError
                start, end = (v.zfill(5) for v in span.groups())
                if not parse_hours([(start, end)]):
                    raise ValueError
                spans.append([start, end])
        except ValueError:
            raise ValueError(
                f"line {n}: {line[:40]!r} is not 'YYYY-MM-DD HH:MM-HH:MM'"
            ) from None
        out[day] = spans
    return out


def days_off_text(raw: str) -> str:
    return "\n".join(d.isoformat() for d in parse_days_off(raw))


def special_hours_text(raw: str) -> str:
    data = json.loads(raw or "{}")
    return "\n".join(f"{d} " + ", ".join(f"{a}-{b}" for a, b in data[d]) for d in sorted(data))


def save(db: Connection, values: dict[str, str]) -> None:
    """Store checked values (the caller validates) in one transaction."""
    store.write(db, values, PREFIX)
