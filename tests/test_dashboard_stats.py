"""The dashboard's figures against values computed by hand (see dashboard_fixtures)."""

from __future__ import annotations

import math

import pytest
from dashboard_fixtures import SCHEDULE_JSON, SEED, WALL, WORK

from companion.dashboard import stats
from companion.dashboard.stats import Reply, Schedule

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")


def seeded_replies() -> list[Reply]:
    out = []
    for i, (op, platform, posted, sent, draft, tone, persona, grat, _text) in enumerate(SEED):
        draft = draft or {}
        out.append(
            Reply(
                operator=op,
                platform=platform,
                reply_sent_at=sent.replace("Z", ".000Z"),
                comment_posted_at=posted.replace("Z", ".000Z") if posted else None,
                response_seconds=WALL[i],
                draft_score=draft.get("score"),
                draft_nearest_id=draft.get("nearest_id"),
                draft_cliches=draft.get("cliches", []),
                tone=tone,
                persona=persona,
                gratitude=None if grat is None else int(grat),
            )
        )
    return out


def schedule() -> Schedule:
    return Schedule.from_json("Europe/Moscow", SCHEDULE_JSON)


def test_median_and_p90_by_hand():
    assert stats.median([5, 1, 3]) == 3
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.quantile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert stats.quantile([7], 0.9) == 7
    assert stats.median([]) is None and stats.mean([]) is None


def test_summary_of_seeded_wall_clock_times():
    timing = stats.summarize(WALL)
    assert timing.replies == 8 and timing.timed == 7
    assert timing.median == 2700
    assert timing.p90 == pytest.approx(102960)
    assert timing.mean == pytest.approx(37200)
    assert timing.within_target == pytest.approx(3 / 7)
    assert timing.buckets == {"le20m": 3, "20to60m": 1, "1to4h": 1, "4to24h": 1, "over1d": 1}


def test_target_and_bucket_edges_are_inclusive():
    assert stats.bucket_of(1200) == "le20m"
    assert stats.bucket_of(1200.001) == "20to60m"
    assert stats.bucket_of(3600) == "20to60m"
    assert stats.bucket_of(86400) == "4to24h"
    assert stats.bucket_of(86401) == "over1d"
    assert stats.summarize([1200, 1201]).within_target == 0.5
    assert stats.summarize([600, 1000], target=600).within_target == 0.5


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Friday 17:30 MSK → Monday 09:30 MSK: half an hour each side of the weekend.
        ("2026-11-20T14:30:00.000Z", "2026-11-23T06:30:00.000Z", 3600),
        # Before opening: 08:00 → 08:50 MSK counts nothing.
        ("2026-11-16T05:00:00.000Z", "2026-11-16T05:50:00.000Z", 0),
        # 08:30 → 09:15 MSK: only the quarter hour after opening.
        ("2026-11-16T05:30:00.000Z", "2026-11-16T06:15:00.000Z", 900),
        # Monday 10:00 → Tuesday 10:00 MSK: one full 9-hour day.
        ("2026-11-16T07:00:00.000Z", "2026-11-17T07:00:00.000Z", 9 * 3600),
        # A whole week: five 9-hour days.
        ("2026-11-16T07:00:00.000Z", "2026-11-23T07:00:00.000Z", 45 * 3600),
        # Seconds inside a working minute count.
        ("2026-11-16T07:00:10.500Z", "2026-11-16T07:00:40.000Z", 29.5),
    ],
)
def test_working_seconds(start, end, expected):
    assert schedule().work_seconds(start, end) == pytest.approx(expected)


def test_working_hours_follow_the_team_time_zone():
    # 09:00–18:00 in Novosibirsk (UTC+7) is 02:00–11:00 UTC.
    nsk = Schedule.from_json("Asia/Novosibirsk", SCHEDULE_JSON)
    assert nsk.work_seconds("2026-11-16T01:00:00.000Z", "2026-11-16T03:00:00.000Z") == 3600
    assert schedule().work_seconds("2026-11-16T01:00:00.000Z", "2026-11-16T03:00:00.000Z") == 0


def test_schedule_round_trips_and_rejects_bad_times():
    s = schedule()
    assert Schedule.from_json("Europe/Moscow", s.to_json()).days == s.days
    assert s.week_seconds == 45 * 3600
    with pytest.raises(ValueError):
        Schedule.from_json("Europe/Moscow", '{"mon": [["25:00", "26:00"]]}')


def test_overview_figures():
    ov = stats.overview(seeded_replies(), schedule(), threshold=0.75)
    assert ov.total.median == 2700 and ov.total.timed == 7
    assert ov.template_share == pytest.approx(3 / 5) and ov.scored == 5
    assert ov.top_templates == [("t1", 2), ("t2", 1)]
    assert ov.top_cliches == [("в настоящее время", 2), ("данный", 1)]
    ops = {name: (tm, tshare) for name, tm, tshare in ov.by_operator}
    assert ops["Анна"][0].median == pytest.approx(1950)  # 300 1200 2700 7200
    assert ops["Анна"][0].within_target == 0.5
    assert ops["Анна"][1] == pytest.approx(2 / 3)
    assert ops["Борис"][0].median == 18000  # 600 18000 230400
    assert ops["Борис"][1] == pytest.approx(1 / 2)
    # Operators sorted fastest median first.
    assert [name for name, _, _ in ov.by_operator] == ["Анна", "Борис"]
    # Tone among the 7 toned replies; thankful among the 7 whose gratitude is known (the
    # eighth came without either).
    assert ov.tone_total["negative"] == pytest.approx(3 / 7)
    assert ov.tone_total["positive"] == pytest.approx(2 / 7)
    assert ov.tone_total["thankful"] == pytest.approx(1 / 7)
    assert (ov.tone_known, ov.gratitude_known) == (7, 7)
    assert ov.op_scored == {"Анна": 3, "Борис": 2}
    assert dict(ov.personas)["aggressor"] == 2 and dict(ov.personas)["unknown"] == 1
    # Comments came (MSK): Mon 10, Mon 11, Tue 12, Tue 13, Wed 15, Fri 17, Thu 09;
    # the eighth has no comment time, so its reply time counts (Thu 13).
    assert ov.heatmap[0][10] == 1 and ov.heatmap[4][17] == 1 and ov.heatmap[3][13] == 1
    assert sum(ov.by_hour) == 8 and ov.by_hour[13] == 2
    assert [d.isoformat() for d, _ in ov.by_day] == [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-23",
    ]


def test_overview_in_working_hours():
    ov = stats.overview(seeded_replies(), schedule(), working_hours=True)
    t = ov.total
    assert sorted(v for v in WORK if v is not None)[3] == t.median == 2700
    assert t.p90 == pytest.approx(11520)
    assert t.mean == pytest.approx(4800)
    assert t.buckets["over1d"] == 0 and t.buckets["20to60m"] == 2


def test_each_share_is_over_the_comments_whose_value_is_known():
    """Tone and gratitude are optional in the events, each on its own: a share counts only
    the comments that carry its value, and is None (shown «—») when none does, never 0 %
    over comments nobody classified."""
    base = seeded_replies()[0]
    plain = [
        base._replace(tone=None, persona=None, gratitude=None, draft_score=None)
        for _ in range(8)
    ]
    ov = stats.overview(plain, schedule())
    assert ov.tone_total == {"negative": None, "neutral": None, "positive": None,
                             "thankful": None}
    assert (ov.tone_known, ov.gratitude_known, ov.scored) == (0, 0, 0)
    assert ov.template_share is None
    # Two carry tone and gratitude (one thanks), a third gratitude only: tone over 2,
    # thanks over 3, neither over all 11.
    known = [
        base._replace(tone="negative", gratitude=0),
        base._replace(tone="positive", gratitude=1),
        base._replace(tone=None, gratitude=0),
    ]
    ov = stats.overview(plain + known, schedule())
    assert ov.tone_total["negative"] == ov.tone_total["positive"] == 0.5
    assert ov.tone_total["thankful"] == pytest.approx(1 / 3)
    assert (ov.tone_known, ov.gratitude_known, ov.total.replies) == (2, 3, 11)
    assert [n for _, _, n in ov.tone_by_period] == [2]


def test_empty_overview_has_no_figures():
    ov = stats.overview([], schedule())
    assert ov.total.replies == 0 and ov.total.median is None
    assert ov.template_share is None and ov.by_day == []


def test_unknown_times_are_counted_but_not_timed():
    t = stats.summarize([None, None])
    assert t.replies == 2 and t.timed == 0 and t.within_target is None
    assert not any(math.isnan(v) for v in t.buckets.values())


def test_weekly_trend():
    trend = dict(stats.weekly_trend(seeded_replies(), schedule()))
    weeks = sorted(trend)
    assert [w.isoformat() for w in weeks] == ["2026-11-16", "2026-11-23"]
    # Week of the 16th: 300 1200 2700 7200 600 18000 → median (1200 + 2700) / 2.
    assert trend[weeks[0]] == pytest.approx(1950)
    assert trend[weeks[1]] == 230400
