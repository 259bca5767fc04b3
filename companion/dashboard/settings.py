"""The team's dashboard settings, kept in the ``settings`` table as ``dashboard.*`` keys."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .stats import TARGET_SECONDS, Schedule

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

    @property
    def target_seconds(self) -> float:
        return self.target_minutes * 60

    def schedule(self) -> Schedule:
        return Schedule.from_json(self.timezone, self.schedule_json)


def load(db: sqlite3.Connection) -> DashboardSettings:
    rows = db.execute(
        "SELECT key, value FROM settings WHERE key LIKE ?", (PREFIX + "%",)
    ).fetchall()
    raw = {row[0][len(PREFIX) :]: row[1] for row in rows}
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
    for key, cast in (("target_minutes", float), ("template_threshold", float)):
        if key in raw:
            with contextlib.suppress(ValueError):
                setattr(result, key, cast(raw[key]))
    return result


def save(db: sqlite3.Connection, values: dict[str, str]) -> None:
    """Store checked values (the caller validates) in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for key, value in values.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (PREFIX + key, value),
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
