"""A team's two weeks through ``POST /api/v1/events`` in shuffled batches (follow-ups, the
4 November holiday, the shortened 3 November, replies before their comment's sighting),
and the overview, the operator page and the CSV against an independent computation:
plain Python over the generated events, working time minute by minute."""

from __future__ import annotations

import csv
import io
import random
import re
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from companion.dashboard.i18n import duration

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")

MSK = timedelta(hours=3)
START = datetime(2026, 11, 2, tzinfo=UTC)  # Monday
OPERATORS = ["Анна", "Борис", "Вера"]
TARGET = 20 * 60


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def workload(seed: int = 7):
    """(events, truth): truth per comment: posted time or None, and its replies
    [(uuid, operator, sent)]."""
    rng = random.Random(seed)
    events, truth = [], {}
    for n in range(120):
        posted = START + timedelta(minutes=rng.randrange(14 * 24 * 60))
        cid = f"-1_{n}_{n * 7}"
        replies = []
        sent = posted
        for k in range(rng.choice([1, 1, 1, 2, 3])):
            sent = sent + timedelta(seconds=rng.choice([90, 600, 1500, 5400, 30000, 100000]))
            uuid = f"w-{n:04d}-{k}"
            replies.append((uuid, rng.choice(OPERATORS), sent))
            event = {
                "uuid": uuid,
                "type": "reply_sent",
                "platform": "vk",
                "comment_id": cid,
                "operator": replies[-1][1],
                "text": f"Ответ {uuid}",
                "reply_sent_at": stamp(sent),
                "draft": {"score": 0.3, "level": "ok"},
            }
            if k == 0 and rng.random() < 0.5:
                # Half the first replies carry the comment's time themselves, a minute
                # late (a relative "1 минуту назад"); the sighting has the exact one.
                event["comment_posted_at"] = stamp(posted + timedelta(minutes=1))
            events.append(event)
        known = rng.random() < 0.9
        if known:
            events.append(
                {
                    "uuid": f"seen-{n:04d}",
                    "type": "comment_seen",
                    "platform": "vk",
                    "comment_id": cid,
                    "posted_at": stamp(posted),
                    "seen_at": stamp(posted + timedelta(seconds=30)),
                }
            )
        truth[cid] = (posted if known else None, replies)
    # A comment with no sighting may still have a time from its first reply.
    for event in events:
        cid = event["comment_id"]
        posted, replies = truth[cid]
        if posted is None and "comment_posted_at" in event:
            truth[cid] = (datetime.fromisoformat(event["comment_posted_at"]), replies)
    rng.shuffle(events)
    return events, truth


def hours_on(day) -> list[tuple[int, int]]:
    """The Russian calendar of those two weeks with 09-18 MSK hours, written out."""
    if day.isoformat() == "2026-11-04" or day.weekday() >= 5:
        return []
    if day.isoformat() == "2026-11-03":
        return [(9 * 60, 17 * 60)]
    return [(9 * 60, 18 * 60)]


def work_seconds(start: datetime, end: datetime) -> float:
    total = 0.0
    moment = start + MSK
    stop = end + MSK
    while moment < stop:
        step = min(stop, (moment + timedelta(minutes=1)).replace(second=0, microsecond=0))
        minute = moment.hour * 60 + moment.minute
        if any(a <= minute < b for a, b in hours_on(moment.date())):
            total += (step - moment).total_seconds()
        moment = step
    return total


def expected_rows(truth):
    rows = {}
    for posted, replies in truth.values():
        previous = None
        for i, (uuid, operator, sent) in enumerate(sorted(replies, key=lambda r: r[2])):
            wall = (sent - posted).total_seconds() if posted else None
            rows[uuid] = {
                "operator": operator,
                "first": i == 0,
                "wall": wall,
                "work": work_seconds(posted, sent) if posted else None,
                "since": (sent - previous).total_seconds() if previous else None,
            }
            previous = sent
    return rows


def q90(values):
    data = sorted(values)
    pos = (len(data) - 1) * 0.9
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def number(text: str) -> float | None:
    return float(text) if text else None


def kpi(html: str, name: str) -> str:
    match = re.search(rf'id="kpi-{name}".*?class="kpi-value">([^<]*)<', html, re.S)
    assert match, name
    return match.group(1).strip()


@pytest.fixture
def stored(api):
    events, truth = workload()
    for i in range(0, len(events), 37):
        response = api.post("/api/v1/events", json={"events": events[i : i + 37]})
        assert response.status_code == 200
    return expected_rows(truth)


ARGS = {"from": "2026-11-02", "to": "2026-11-20"}


def test_the_workload_has_what_it_is_for():
    events, truth = workload()
    rows = expected_rows(truth)
    assert sum(not r["first"] for r in rows.values()) >= 20  # follow-ups
    days = [(p + MSK).date().isoformat() for p, _ in truth.values() if p]
    on_holiday = [d for d in days if d == "2026-11-04"]
    assert on_holiday  # comments posted on Unity Day
    assert sum(p is None for p, _ in truth.values()) >= 2  # replies never timed
    # Some reply comes before its comment's sighting in the delivery order.
    order = {e["uuid"]: i for i, e in enumerate(events)}
    assert any(
        order[f"w-{n:04d}-0"] < order.get(f"seen-{n:04d}", -1) for n in range(len(truth))
    )


def test_csv_matches_the_independent_computation(client, stored):
    body = client.get("/export.csv", query_string=ARGS).get_data().decode("utf-8-sig")
    rows = {r["reply_text"].removeprefix("Ответ "): r for r in csv.DictReader(io.StringIO(body))}
    assert set(rows) == set(stored)
    for uuid, want in stored.items():
        got = rows[uuid]
        assert got["first_response"] == str(int(want["first"])), uuid
        assert number(got["response_seconds"]) == want["wall"], uuid
        assert number(got["response_work_seconds"]) == pytest.approx(want["work"]), uuid
        assert number(got["since_previous_seconds"]) == want["since"], uuid


@pytest.mark.parametrize("clock", ["wall", "work"])
def test_overview_and_operator_pages_match(client, stored, clock):
    args = {**ARGS, **({"hours": "work"} if clock == "work" else {})}
    firsts = [r for r in stored.values() if r["first"]]
    timed = [r[clock] for r in firsts if r[clock] is not None]
    html = client.get("/", query_string=args).get_data(as_text=True)
    assert kpi(html, "median") == duration(statistics.median(timed), "ru")
    assert kpi(html, "p90") == duration(q90(timed), "ru")
    assert kpi(html, "within") == f"{sum(v <= TARGET for v in timed) / len(timed) * 100:.0f} %"
    assert kpi(html, "replies") == str(len(firsts))
    assert kpi(html, "follow-ups") == str(len(stored) - len(firsts))
    for operator in OPERATORS:
        mine = [r[clock] for r in firsts if r["operator"] == operator and r[clock] is not None]
        page = client.get(f"/operators/{operator}", query_string=args).get_data(as_text=True)
        assert kpi(page, "median") == duration(statistics.median(mine), "ru"), operator
        assert kpi(page, "replies") == str(
            sum(1 for r in firsts if r["operator"] == operator)
        ), operator
        follow = sum(1 for r in stored.values() if r["operator"] == operator and not r["first"])
        assert kpi(page, "follow-ups") == str(follow), operator
