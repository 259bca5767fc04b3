"""The work calendar against the known Russian production calendars of 2024-2026, and
working-hours durations across holidays, moved days off and shortened days (09-18 MSK)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from companion.dashboard import work_calendar
from companion.dashboard.stats import WEEKDAYS, Schedule

NINE_TO_SIX = {d: [(9 * 60, 18 * 60)] for d in WEEKDAYS[:5]}


def calendar(**kw) -> dict:
    return work_calendar.exceptions(NINE_TO_SIX, last_year=2026, **kw)


def schedule(**kw) -> Schedule:
    return Schedule(timezone="Europe/Moscow", days=NINE_TO_SIX, exceptions=calendar(**kw))


def test_shortened_pre_holiday_days_match_the_production_calendar():
    # Consultant's production calendars: 2024 seven, 2025 four, 2026 four shortened days.
    short = {day for day, hours in calendar().items() if hours == [(540, 1020)]}
    assert sorted(d for d in short if d.year == 2024) == [
        date(2024, 2, 22), date(2024, 3, 7), date(2024, 4, 27), date(2024, 5, 8),
        date(2024, 6, 11), date(2024, 11, 2), date(2024, 12, 28),
    ]  # fmt: skip
    assert sorted(d for d in short if d.year == 2025) == [
        date(2025, 3, 7), date(2025, 4, 30), date(2025, 6, 11), date(2025, 11, 1),
    ]  # fmt: skip
    assert sorted(d for d in short if d.year == 2026) == [
        date(2026, 4, 30), date(2026, 5, 8), date(2026, 6, 11), date(2026, 11, 3),
    ]  # fmt: skip


def test_working_days_of_2025_and_2026_are_247():
    cal = calendar()
    for year in (2025, 2026):
        days = [date.fromordinal(o) for o in range(date(year, 1, 1).toordinal(),
                                                   date(year + 1, 1, 1).toordinal())]  # fmt: skip
        working = [d for d in days if cal.get(d, NINE_TO_SIX.get(WEEKDAYS[d.weekday()], []))]
        assert len(working) == 247, year
        # The norm for a 40-hour week: 247 × 8 h − 4 shortened hours = 1972 h (9-18 with
        # an hour's lunch is 8 h of work; here 9 h a day, so 247 × 9 − 4).
        seconds = sum(
            sum(b - a for a, b in cal.get(d, NINE_TO_SIX.get(WEEKDAYS[d.weekday()], [])))
            for d in working
        )
        assert seconds == (247 * 9 - 4) * 60


def test_new_year_break_moved_days_off_and_the_working_saturday():
    cal = calendar()
    for day in (1, 2, 3, 4, 5, 6, 7, 8, 9):  # 9 January 2026: moved from Saturday 3rd
        assert cal[date(2026, 1, day)] == []
    assert cal[date(2025, 12, 31)] == [] and cal[date(2026, 12, 31)] == []
    assert cal[date(2025, 11, 3)] == [] and cal[date(2025, 11, 4)] == []
    assert cal[date(2025, 11, 1)] == [(540, 1020)]  # a working, shortened Saturday
    assert date(2025, 5, 7) not in cal  # before a moved day off: a full day


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # The case: 4 November 2026 (Unity Day) 11:00 → 5 November 09:10 = 10 min.
        ("2026-11-04T08:00:00.000Z", "2026-11-05T06:10:00.000Z", 600),
        # Shortened 30 April 2026 16:30 (ends 17:00) → Monday 4 May 09:15: 30 + 15 min.
        ("2026-04-30T13:30:00.000Z", "2026-05-04T06:15:00.000Z", 2700),
        # New Year: 30 December 2025 17:00 → Monday 12 January 2026 09:30: 1 h + 30 min.
        ("2025-12-30T14:00:00.000Z", "2026-01-12T06:30:00.000Z", 5400),
        # The working Saturday 1 November 2025, 10:00 → 16:30 (shortened to 17:00): 6.5 h.
        ("2025-11-01T07:00:00.000Z", "2025-11-01T13:30:00.000Z", 23400),
        # Friday 31 October 17:30 → Saturday 1 November 09:30: 30 + 30 min.
        ("2025-10-31T14:30:00.000Z", "2025-11-01T06:30:00.000Z", 3600),
    ],
)
def test_working_seconds_across_the_calendar(start, end, expected):
    assert schedule().work_seconds(start, end) == expected


def test_the_trainers_days_off_and_special_hours():
    s = schedule(
        days_off=[date(2026, 11, 6)],
        special_hours={date(2026, 11, 10): [(10 * 60, 12 * 60)]},
    )
    # Thursday 5 Nov 17:30 → Monday 9 Nov 09:30 with Friday off: 30 + 30 min.
    assert s.work_seconds("2026-11-05T14:30:00.000Z", "2026-11-09T06:30:00.000Z") == 3600
    # Tuesday 10 Nov works 10-12 only: 09:00 → 13:00 is 2 h.
    assert s.work_seconds("2026-11-10T06:00:00.000Z", "2026-11-10T10:00:00.000Z") == 7200
    # Later dates are unaffected: Wednesday 11 Nov 09:00 → 10:00 is an hour.
    assert s.work_seconds("2026-11-11T06:00:00.000Z", "2026-11-11T07:00:00.000Z") == 3600
    # A week spanning both: 9-13 Nov = 9 + 2 + 9 + 9 + 9 h.
    assert s.work_seconds("2026-11-08T21:00:00.000Z", "2026-11-13T21:00:00.000Z") == 38 * 3600


def test_no_country_means_only_the_week():
    s = Schedule(
        timezone="Europe/Moscow",
        days=NINE_TO_SIX,
        exceptions=work_calendar.exceptions(NINE_TO_SIX, country="", last_year=2026),
    )
    assert s.work_seconds("2026-11-04T08:00:00.000Z", "2026-11-05T06:10:00.000Z") == 7 * 3600 + 600


def csrf(client) -> str:
    html = client.get("/settings").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def settings_form(client, **fields) -> dict:
    """The settings form: Mondays 09-18, Russia's calendar, and ``fields``."""
    return {
        "csrf_token": csrf(client),
        "timezone": "Europe/Moscow",
        "target_minutes": "20",
        "template_threshold": "0.75",
        "mon_start": "09:00",
        "mon_end": "18:00",
        "country": "RU",
        **fields,
    }


def test_settings_page_stores_the_calendar_and_names_a_bad_line(client):
    form = settings_form(
        client,
        days_off="2026-12-30\n",
        special_hours="2026-12-29 09:00-15:00\n2026-12-28 10:00-12:00, 13:00-18:00",
    )
    response = client.post("/settings", data=form)
    assert response.status_code == 302
    html = client.get("/settings").get_data(as_text=True)
    assert "2026-12-30</textarea>" in html
    assert "2026-12-28 10:00-12:00, 13:00-18:00\n2026-12-29 09:00-15:00" in html
    bad = client.post("/settings", data={**form, "csrf_token": csrf(client),
                                         "days_off": "2026-12-30\n30.12.2026"})  # fmt: skip
    text = bad.get_data(as_text=True)
    assert "line 2" in text and "30.12.2026" in text
    bad = client.post("/settings", data={**form, "csrf_token": csrf(client),
                                         "special_hours": "2026-12-29 15:00-09:00"})  # fmt: skip
    assert "line 1" in bad.get_data(as_text=True)


def test_the_extension_gets_the_teams_calendar(api, client):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Moscow")).date()
    off, special = today + timedelta(days=2), today + timedelta(days=3)
    form = settings_form(
        client,
        target_minutes="15",
        days_off=off.isoformat(),
        special_hours=f"{special.isoformat()} 10:00-12:00",
        sla_working_hours="1",
    )
    assert client.post("/settings", data=form).status_code == 302
    data = api.get("/api/v1/settings").json
    assert data["timezone"] == "Europe/Moscow" and data["target_minutes"] == 15
    assert data["sla_working_hours"] is True
    assert data["week"]["mon"] == [["09:00", "18:00"]] and data["week"]["tue"] == []
    assert data["days"][off.isoformat()] == []
    assert data["days"][special.isoformat()] == [["10:00", "12:00"]]
    assert data["from"] <= off.isoformat() <= data["to"]
    assert client.get("/api/v1/settings").status_code == 401  # the pairing token is needed
