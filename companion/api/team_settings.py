"""``GET /settings``: the team's settings the extension needs for its SLA view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import jsonify

from ..dashboard import settings as dashboard_settings
from ..dashboard.stats import WEEKDAYS, format_hours
from ..storage.per_request import get_db
from . import bp
from .schemas import errors, ok

# The dates around today whose hours differ from the usual week: waiting times the
# panel shows span days, not months.
WINDOW_DAYS = 45


@bp.get("/settings")
def team_settings():
    """``{timezone, target_minutes, sla_working_hours, week, days, from, to}``: ``week``
    maps mon..sun to ``[["09:00", "18:00"], ...]``; ``days`` maps the dates from ``from``
    to ``to`` (local, inclusive) whose hours differ from the week (holidays ``[]``,
    shortened days, the trainer's special hours) to theirs."""
    conf = dashboard_settings.load(get_db())
    schedule = conf.schedule()
    today = datetime.now(UTC).astimezone(schedule.tz).date()
    start, end = today - timedelta(days=WINDOW_DAYS), today + timedelta(days=WINDOW_DAYS)
    days = {
        day.isoformat(): format_hours(hours)
        for day, hours in sorted(schedule.exceptions.items())
        if start <= day <= end
    }
    return jsonify(
        {
            "timezone": conf.timezone,
            "target_minutes": conf.target_minutes,
            "sla_working_hours": conf.sla_working_hours,
            "week": {d: format_hours(schedule.days.get(d, [])) for d in WEEKDAYS},
            "days": days,
            "from": start.isoformat(),
            "to": end.isoformat(),
        }
    )


_HOURS = {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}

OPENAPI = {
    "/settings": {
        "get": {
            "summary": "The team's time zone, response target and working calendar",
            "description": "For the extension's waiting times: counted in working hours "
            "when `sla_working_hours` is true (settings in the dashboard).",
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": [
                            "timezone", "target_minutes", "sla_working_hours", "week",
                            "days", "from", "to",
                        ],  # fmt: skip
                        "properties": {
                            "timezone": {"type": "string"},
                            "target_minutes": {"type": "number"},
                            "sla_working_hours": {"type": "boolean"},
                            "week": {"type": "object", "additionalProperties": _HOURS},
                            "days": {"type": "object", "additionalProperties": _HOURS},
                            "from": {"type": "string", "format": "date"},
                            "to": {"type": "string", "format": "date"},
                        },
                    }
                ),
                **errors(401, 403),
            },
        }
    }
}
