"""The overview's «Без ответа в otklik» card: the comments that came in during the range
with no reply stored by anyone, and those of them waiting past the target now.

The first-response figures (median, «В пределах цели») cannot see a comment nobody
answered, so a team that skips its hardest comments looked better; Zendesk counts such
a ticket as an active breach of its first reply time. Hand-computed below.

Team time Europe/Moscow (UTC+3), schedule Mon–Fri 09:00–18:00, target 20 min; range
Mon 16 – Sun 22 November 2026; now: Fri 20 November 06:10 UTC (09:10 MSK).

  comment  came (MSK)              reply                     wall wait   working wait
  a1       Mon 16 10:00            one reply, no follow-up   answered
  a2       Tue 17 11:00            a reply and a follow-up   answered
  a3       Wed 18 10:00 (seen)     Борис's reply             answered
  n1       (no time)               its reply Wed 18 12:00    answered: came with it
  u1       Fri 20 09:00            —                         10 min      10 min   within
  u2       Thu 19 11:00            —                         22 h 10     7 h 10   late
  u3       Thu 19 17:55            —                         15 h 15     15 min   late on
                                                                                  the wall
                                                                                  clock only
  u4       Mon 16 00:00 (boundary) —                         late        late
  cf1      Wed 18 14:00, the customer's follow-up to a2 —    late        late
  f1       Wed 18 13:00, Facebook  —                         late        late
  o1       Sun 15 23:59:59.999     —                         outside the range
  o2       Thu 12                  —                         outside the range

All platforms: 10 came, 6 without a reply, 5 past the target on the wall clock, 4 in
working hours. VK only (f1 out): 9, 5, 4.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from dashboard_fixtures import SCHEDULE_JSON, WEEK_ARGS
from store_db import connect

from companion.dashboard import stats, views
from companion.storage import settings as settings_store

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")

NOW = datetime(2026, 11, 20, 6, 10, tzinfo=UTC)
RANGE = {"from": "2026-11-16", "to": "2026-11-22"}


def _event(kind: str, comment_id: str, platform: str = "vk", **fields) -> dict:
    return {"uuid": str(uuid.uuid4()), "type": kind, "platform": platform,
            "comment_id": comment_id, **fields}


def seen(comment_id: str, posted: str, platform: str = "vk") -> dict:
    return _event("comment_seen", comment_id, platform, posted_at=posted, seen_at=posted,
                  text=f"Комментарий {comment_id}", author_name="Клиент")


def reply(comment_id: str, sent: str, posted: str | None = None,
          operator: str = "Анна") -> dict:
    event = _event("reply_sent", comment_id, operator=operator, text=f"Ответ на {comment_id}",
                   reply_sent_at=sent)
    return {**event, "comment_posted_at": posted} if posted else event


EVENTS = [
    reply("a1", "2026-11-16T07:05:00Z", posted="2026-11-16T07:00:00Z"),
    reply("a2", "2026-11-17T08:30:00Z", posted="2026-11-17T08:00:00Z"),
    reply("a2", "2026-11-17T12:00:00Z", posted="2026-11-17T08:00:00Z"),  # its follow-up
    seen("a3", "2026-11-18T07:00:00Z"),
    reply("a3", "2026-11-18T09:00:00Z", operator="Борис"),
    reply("n1", "2026-11-18T09:00:00Z"),  # neither a comment time nor a sighting
    seen("u1", "2026-11-20T06:00:00Z"),
    seen("u2", "2026-11-19T08:00:00Z"),
    seen("u3", "2026-11-19T14:55:00Z"),
    seen("u4", "2026-11-15T21:00:00.000Z"),  # Monday 00:00 MSK: the range's first moment
    _event("customer_followup", "cf1", answered_comment_id="a2", author_id="7",
           text="А когда?", posted_at="2026-11-18T11:00:00Z", seen_at="2026-11-18T11:00:00Z"),
    seen("f1", "2026-11-18T10:00:00Z", platform="facebook"),
    seen("o1", "2026-11-15T20:59:59.999Z"),  # Sunday 23:59:59.999 MSK: the week before
    seen("o2", "2026-11-12T10:00:00Z"),
]


@pytest.fixture
def seeded(app, api, monkeypatch):
    stored = api.post("/api/v1/events", json={"events": EVENTS})
    assert stored.status_code == 200, stored.json
    assert all(r["status"] == "stored" for r in stored.json["results"]), stored.json
    configure(app)
    monkeypatch.setattr(views, "_now", lambda: NOW)


def configure(app, **extra: str) -> None:
    db = connect(app.config["STORE_URL"])
    try:
        settings_store.write(db, {"timezone": "Europe/Moscow", "schedule": SCHEDULE_JSON,
                                  "target_minutes": "20", **extra}, "dashboard.")
    finally:
        db.close()


def card(html: str) -> tuple[int, int, int]:
    """(without a reply, came in, past the target) as the card shows them."""
    block = html.split('id="kpi-unanswered"')[1].split('class="kpi-note"')[0]
    value = re.search(r'class="kpi-value">(\d+)<', block)
    numbers = re.search(r'class="kpi-hint">\D*?(\d+)\D+?(\d+)', block)
    assert value and numbers, block
    waiting, (came, late) = int(value.group(1)), map(int, numbers.groups())
    return waiting, came, late


def test_card_counts_the_comments_nobody_answered(client, seeded):
    html = client.get("/", query_string=RANGE).get_data(as_text=True)
    assert "Без ответа в otklik" in html
    assert card(html) == (6, 10, 5)
    assert "Ответы, написанные не через otklik, здесь не видны." in html
    english = client.get("/", query_string={**RANGE, "lang": "en"}).get_data(as_text=True)
    assert "No reply in otklik" in english and "outside otklik are not seen" in english
    assert card(english) == (6, 10, 5)


def test_first_response_figures_stay_over_first_responses(client, seeded):
    """Issue 19: the share and the median are over first responses (a1 5 min, a2 30 min,
    a3 2 h, n1 untimed): the unanswered comments change neither."""
    html = client.get("/", query_string=RANGE).get_data(as_text=True)
    within = html.split('id="kpi-within"')[1].split("</div>\n</div>")[0]
    assert ">34 %<" in within and "1 из 3 первых ответов" in within
    assert re.search(r'id="kpi-median".*?kpi-value">30 мин<', html, re.S)


def test_platform_filter_and_the_whole_team(client, seeded):
    assert card(client.get("/", query_string={**RANGE, "platform": "vk"})
                .get_data(as_text=True)) == (5, 9, 4)
    # An operator picked: the card stays the team's (nobody's comments), and says so.
    html = client.get("/", query_string={**RANGE, "operator": "Анна"}).get_data(as_text=True)
    assert card(html) == (6, 10, 5)
    assert "По всей команде" in html
    assert "По всей команде" not in client.get("/", query_string=RANGE).get_data(as_text=True)


def test_other_ranges_count_their_own_comments(client, seeded):
    # The week before: o1 and o2, both unanswered and long past the target.
    before = client.get("/", query_string={"from": "2026-11-09", "to": "2026-11-15"})
    assert card(before.get_data(as_text=True)) == (2, 2, 2)
    # Only Friday 20th: u1, 10 minutes old, within the target.
    friday = client.get("/", query_string={"from": "2026-11-20", "to": "2026-11-20"})
    assert card(friday.get_data(as_text=True)) == (1, 1, 0)


def test_working_hours_clock_when_the_team_works_by_a_schedule(app, client, seeded):
    # u3 came Thursday 17:55: 15 h on the wall clock, 15 working minutes by Friday 09:10.
    assert card(client.get("/", query_string={**RANGE, "hours": "work"})
                .get_data(as_text=True)) == (6, 10, 4)
    configure(app, sla_working_hours="1")
    html = client.get("/", query_string=RANGE).get_data(as_text=True)
    assert card(html) == (6, 10, 4)
    assert "в рабочих часах" in html.split('id="kpi-unanswered"')[1].split("</div>\n</div>")[0]


def test_card_shows_when_nothing_was_answered(api, client, monkeypatch, app):
    """Comments came and none was answered: the card is the figure that matters then."""
    batch = [seen("u1", "2026-11-20T06:00:00Z"), seen("u2", "2026-11-19T08:00:00Z")]
    assert api.post("/api/v1/events", json={"events": batch}).status_code == 200
    configure(app)
    monkeypatch.setattr(views, "_now", lambda: NOW)
    html = client.get("/", query_string=RANGE).get_data(as_text=True)
    assert card(html) == (2, 2, 1)
    # And none when nothing came in.
    empty = client.get("/", query_string=WEEK_ARGS | {"from": "2026-10-01", "to": "2026-10-07"})
    assert 'id="kpi-unanswered"' not in empty.get_data(as_text=True)


def test_overdue_cutoff_on_both_clocks():
    earliest = "2000-01-01T00:00:00.000Z"
    # Wall clock: waited more than 20 minutes means came before now − 20 min.
    assert stats.overdue_before(NOW, 1200, None, earliest) == "2026-11-20T05:50:00.000Z"
    # Working hours: Friday 09:00–09:10 MSK is 10 minutes, so the other 10 are Thursday's
    # last (17:50–18:00 MSK): a comment at 17:50:00.000 has waited exactly 20 minutes
    # (within the target), one a millisecond earlier has not made it.
    schedule = stats.Schedule.from_json("Europe/Moscow", SCHEDULE_JSON)
    cutoff = stats.overdue_before(NOW, 1200, schedule, earliest)
    assert cutoff == "2026-11-19T14:50:00.000Z"
    now = "2026-11-20T06:10:00.000Z"
    assert schedule.work_seconds(cutoff, now) == 1200
    assert schedule.work_seconds("2026-11-19T14:49:59.999Z", now) > 1200
    # No working hours at all: nothing ever waits past the target.
    idle = stats.Schedule(timezone="Europe/Moscow", days={})
    assert stats.overdue_before(NOW, 1200, idle, earliest) == earliest


def test_an_answered_comment_moves_with_its_time(api, client, seeded):
    """The card counts the answered comments from their first responses' copy of the
    comment's time (``replies_came``): a reply stored first, sighted on Monday 9th, then
    the comment's own time (Tuesday 17th) in a later batch moves both into this week."""
    first = reply("a4", "2026-11-17T09:00:00Z")
    first["first_seen_at"] = "2026-11-09T10:00:00Z"
    assert api.post("/api/v1/events", json={"events": [first]}).status_code == 200
    before = {"from": "2026-11-09", "to": "2026-11-15"}
    assert card(client.get("/", query_string=before).get_data(as_text=True)) == (2, 3, 2)
    assert card(client.get("/", query_string=RANGE).get_data(as_text=True)) == (6, 10, 5)
    later = seen("a4", "2026-11-17T08:00:00Z")
    assert api.post("/api/v1/events", json={"events": [later]}).status_code == 200
    assert card(client.get("/", query_string=before).get_data(as_text=True)) == (2, 2, 2)
    assert card(client.get("/", query_string=RANGE).get_data(as_text=True)) == (6, 11, 5)
