"""Figures that add up and mean what they say: whole percents summing to 100, the weekly
review's sections and empty states, template counts agreeing between pages, the median
line over the p90 line, and CSV numbers and formula guards."""

from __future__ import annotations

import csv
import io
import re

import pytest
from dashboard_fixtures import WEEK_ARGS, seed

from companion.dashboard import stats
from companion.dashboard.views import _csv_safe, plain_number

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),  # 33.33 each: the first remainder wins the tie
        ([2, 1], [67, 33]),
        ([1] * 7, [15, 15, 14, 14, 14, 14, 14]),  # 14.29 × 7 = 98 + 2 points
        ([None, 0.5, 0.5], [0, 50, 50]),
        ([0.125, 0.375, 0.5], [13, 37, 50]),  # 12.5 / 37.5: the earlier .5 gets the point
        ([0, 0], [0, 0]),
        ([3, 0, 0], [100, 0, 0]),
    ],
)
def test_whole_percents_by_largest_remainder(values, expected):
    assert stats.whole_percents(values) == expected
    assert sum(expected) in (0, 100)


@pytest.fixture
def ids(app) -> list[int]:
    return seed(app.config["STORE_URL"])


def section(html: str, key: str) -> str:
    return html.split(f'id="section-{key}"')[1].split("</section>")[0]


def test_overview_percent_labels_sum_to_100(client, ids):
    html = client.get("/", query_string=WEEK_ARGS).get_data(as_text=True)
    legend = html.split('class="bucket-legend"')[1].split("</ul>")[0]
    # 7 timed first responses: 3, 1, 1, 1, 1 → 42.86, 14.29 × 4: 43 + 14 × 4 = 99 → +1.
    assert [int(p) for p in re.findall(r"\((\d+) %\)", legend)] == [43, 15, 14, 14, 14]
    chips = html.split('class="chips"')[1].split("</p>")[0]
    tone = [int(p) for p in re.findall(r'tone-\w+">[^<]*?(\d+) %', chips)]
    assert len(tone) == 3 and sum(tone) == 100
    # The persona bars' value labels (each also repeats in its bar's hover title).
    personas = [int(p) for p in re.findall(r'class="value"[^>]*>\d+ · (\d+)%</text>', html)]
    assert len(personas) >= 3 and sum(personas) == 100


def test_median_is_drawn_over_p90(client, ids):
    html = client.get("/", query_string=WEEK_ARGS).get_data(as_text=True)
    assert html.index('class="series s-p90"') < html.index('class="series s-median"')


def test_review_lists_only_slow_first_responses_and_warned_drafts(client, ids):
    html = client.get("/review", query_string={"week": "2026-11-18"}).get_data(as_text=True)
    slowest = section(html, "slowest")
    # Beyond the 20-minute target in the week: 45 min, 2 h, 5 h; not 5, 10 or 20 min.
    assert "5 ч 00 мин" in slowest and "2 ч 00 мин" in slowest and "45 мин" in slowest
    assert "Ваш позитив" not in slowest  # exactly 20 min meets the target
    assert "Здорово, что вы это заметили" not in slowest  # 10 min
    templated = section(html, "most_templated")
    # Levels high: 0.9, 0.8, 0.75; the 0.2 (ok) draft is not listed.
    assert "В настоящее время проблема решается" in templated
    assert "Здорово, что вы это заметили" in templated
    assert "Ваш позитив" not in templated


def test_review_shows_empty_states(client, ids):
    html = client.get("/review", query_string={"week": "2026-11-02"}).get_data(as_text=True)
    assert "Все первые ответы недели уложились в цель 20 мин." in section(html, "slowest")
    assert "не был похож на шаблон" in section(html, "most_templated")


def test_templates_page_counts_like_the_overview(api, client, ids):
    # A draft whose nearest template is t1 but scored under the threshold (0.5 < 0.75):
    # not a template reply, so neither page counts it.
    event = {
        "uuid": "below-threshold-1",
        "type": "reply_sent",
        "platform": "vk",
        "comment_id": "c-extra",
        "operator": "Анна",
        "text": "Свой ответ",
        "reply_sent_at": "2026-11-18T09:00:00Z",
        "draft": {"score": 0.5, "level": "ok", "nearest_id": "t1"},
    }
    assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200
    overview = client.get("/", query_string=WEEK_ARGS).get_data(as_text=True)
    top = overview.split("Данный вопрос в настоящее время решается")[0]
    assert top.rstrip().endswith('<span class="count">2</span> <span>')
    templates = client.get("/templates", query_string=WEEK_ARGS).get_data(as_text=True)
    row = templates.split('<td class="muted">t1</td>')[1].split("</tr>")[0]
    assert "ответов: 2" in row
    # Another range counts only its own replies.
    other = client.get("/templates", query_string={"from": "2026-11-17", "to": "2026-11-23"})
    assert "ответов: 1" in other.get_data(as_text=True).split('<td class="muted">t1</td>')[1]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (1200.0, "1200"),
        (230400, "230400"),
        (1209600.123, "1209600.123"),  # %g would say 1.2096e+06
        (1e-05, "0.00001"),
        (0.1 + 0.2, "0.30000000000000004"),  # full precision: the float as stored
        (0.75, "0.75"),
    ],
)
def test_plain_numbers(value, text):
    assert plain_number(value) == text


def test_formula_guard_only_on_free_text():
    assert _csv_safe("-12345_678_910", "comment_id") == "-12345_678_910"
    assert _csv_safe("-1_10_100", "comment_id") == "-1_10_100"
    assert _csv_safe("=1+2", "comment_id") == "'=1+2"  # not id-shaped: guarded
    assert _csv_safe("=HYPERLINK(\"x\")", "operator") == "'=HYPERLINK(\"x\")"
    assert _csv_safe("-5 минут, и всё", "reply_text") == "'-5 минут, и всё"
    assert _csv_safe("@everyone", "comment_text") == "'@everyone"
    assert _csv_safe("2026-11-16T10:00:00.000Z", "reply_sent_at") == "2026-11-16T10:00:00.000Z"


def test_csv_numbers_and_ids_through_the_export(api, client):
    event = {
        "uuid": "precise-0001",
        "type": "reply_sent",
        "platform": "vk",
        "comment_id": "-12345_678_910",
        "operator": "=cmd",
        "text": "+7 999 — наш номер",
        "comment_posted_at": "2026-11-16T10:00:00.000Z",
        "reply_sent_at": "2026-11-30T10:00:00.123Z",
        "draft": {"score": 0.123456789, "level": "ok"},
    }
    assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200
    body = client.get("/export.csv", query_string={"from": "2026-11-16", "to": "2026-11-30"})
    (row,) = csv.DictReader(io.StringIO(body.get_data().decode("utf-8-sig"), newline=""))
    assert row["comment_id"] == "-12345_678_910"
    assert row["response_seconds"] == "1209600.123"
    assert row["draft_score"] == "0.123456789"
    assert row["first_response"] == "1"
    assert row["operator"] == "'=cmd" and row["reply_text"] == "'+7 999 — наш номер"


def _five_of_eight_within_target() -> list[tuple]:
    """8 first responses, one operator: 5 in 5 minutes, 3 in 2 hours (Mon 16 November)."""
    rows = []
    for i in range(8):
        posted = f"2026-11-16T{7 + i:02d}:00:00Z"
        sent = f"2026-11-16T{7 + i:02d}:05:00Z" if i < 5 else f"2026-11-16T{9 + i:02d}:00:00Z"
        rows.append(("Анна", "vk", posted, sent, None, None, None, None, f"Ответ {i}"))
    return rows


def test_within_target_is_one_number_on_every_page(api, client):
    """5 of 8 is 62.5 %: the card, the ≤ 20 min bucket, the operators' table and the
    operator's page all say 63 % (the card said 62, the legend 63)."""
    from dashboard_fixtures import events

    stored = api.post("/api/v1/events", json=events(_five_of_eight_within_target()))
    assert stored.status_code == 200, stored.json
    for lang in ("ru", "en"):
        html = client.get("/", query_string={**WEEK_ARGS, "lang": lang}).get_data(as_text=True)
        card = html.split('id="kpi-within"')[1].split('class="kpi-hint"')[0]
        legend = html.split('class="bucket-legend"')[1].split("</ul>")[0]
        assert re.findall(r"\((\d+) %\)", legend) == ["63", "0", "37", "0", "0"]
        assert ">63 %<" in card
        assert 'aria-valuenow="63"' in html and "</span></span> 63 %</td>" in html
    page = client.get("/operators/Анна", query_string=WEEK_ARGS).get_data(as_text=True)
    card = page.split('id="kpi-within"')[1].split("</div>\n</div>")[0]
    assert card.count("63 %") == 2, card  # the operator's and, beside it, the team's


@pytest.mark.parametrize(
    ("minutes", "target_min", "expected"),
    [
        ([5] * 5 + [120] * 3, 20, 63),  # the legend's ≤ 20 min share
        ([5, 30, 30, 90, 90, 90, 90], 60, 43),  # 3/7 = 42.86: not one bucket, half up
        ([5] * 5 + [30] * 3, 60, 100),
        ([5, 30, 300], 20, 34),  # 1/3 → the legend's 34, not 33
        ([5] * 5 + [120] * 3, 30, 63),  # no bucket bound: rounded half up
        # 9,949 of 10,000 made it: 99, not the 100 that rounding (either way) gives; and
        # 1 of 1,000 is 1, not 0.
        ([5] * 9949 + [30, 90, 300, 2000] * 12 + [30, 90, 300], 20, 99),
        ([5] * 9949 + [30, 90, 300, 2000] * 12 + [30, 90, 300], 30, 99),
        ([5] + [120] * 999, 20, 1),
        ([], 20, None),
    ],
)
def test_within_target_percent(minutes, target_min, expected):
    timing = stats.summarize([m * 60 for m in minutes], target=target_min * 60)
    assert stats.within_target_percent(timing, target_min * 60) == expected


def _by_hour(html: str) -> dict[int, int]:
    """The by-hour chart's non-zero bars: {hour: comments}."""
    heading = "<h3>По часам суток</h3>" if "<h3>По часам суток</h3>" in html \
        else "<h3>By hour of day</h3>"
    chart = html.split(heading)[1].split("</section>")[0]
    bars = re.findall(r"<title>(\d\d): (\d+)</title>", chart)
    assert len(bars) == 24, chart
    return {int(h): int(n) for h, n in bars if int(n)}


def test_heatmap_counts_every_comment_that_came_in(api, client):
    """The «when comments come in» charts are what a lead staffs by: every comment that
    arrived in the range, answered or not (the report: 10 seen, 8 shown). First-response
    figures still count the answered ones."""
    def seen(n, posted):
        return {"uuid": f"seen-{n:04d}-0000", "type": "comment_seen", "platform": "vk",
                "comment_id": f"h{n}", "posted_at": posted, "seen_at": posted}

    def reply(n, operator, sent, posted=None):
        event = {"uuid": f"sent-{n:04d}-0000", "type": "reply_sent", "platform": "vk",
                 "comment_id": f"h{n}", "operator": operator, "text": f"Ответ {n}",
                 "reply_sent_at": sent}
        return {**event, "comment_posted_at": posted} if posted else event

    batch = [
        seen(1, "2026-11-16T07:45:00Z"),  # Mon 10:45 MSK, never answered
        seen(2, "2026-11-16T09:45:00Z"),  # Mon 12:45 MSK, never answered
        seen(3, "2026-11-16T07:10:00Z"), reply(3, "Анна", "2026-11-16T07:20:00Z"),
        reply(4, "Борис", "2026-11-16T11:00:00Z"),  # no comment time: its reply's, 14:00
        # Came on Sunday 15th, before the range; answered in it: not this range's arrival.
        reply(5, "Анна", "2026-11-16T06:00:00Z", posted="2026-11-15T20:00:00Z"),
    ]
    assert api.post("/api/v1/events", json={"events": batch}).status_code == 200
    for lang in ("ru", "en"):
        html = client.get("/", query_string={**WEEK_ARGS, "lang": lang}).get_data(as_text=True)
        assert _by_hour(html) == {10: 2, 12: 1, 14: 1}
        cells = re.findall(r"<title>[^<]* 1[024]:00–1[024]:59: (\d+) [^<]*</title>", html)
        assert sorted(int(n) for n in cells if int(n)) == [1, 1, 2]
        assert re.search(r'id="kpi-replies".*?kpi-value">3<', html, re.S)  # answered only
    mine = client.get("/", query_string={**WEEK_ARGS, "operator": "Анна"})
    assert _by_hour(mine.get_data(as_text=True)) == {10: 1}  # what she answered first


def test_comments_that_came_in_unanswered_still_show_when(api, client):
    """A range where comments came in and none was answered: the overview has no response
    figures, but when the comments came is what the lead needs then (the review's case)."""
    batch = [{"uuid": f"lone-{n:04d}-0000", "type": "comment_seen", "platform": "vk",
              "comment_id": f"u{n}", "posted_at": posted, "seen_at": posted}
             for n, posted in ((1, "2026-11-16T07:45:00Z"), (2, "2026-11-16T09:45:00Z"))]
    assert api.post("/api/v1/events", json={"events": batch}).status_code == 200
    for lang, words in (("ru", "ни на один ещё нет ответа"), ("en", "none has been answered")):
        html = client.get("/", query_string={**WEEK_ARGS, "lang": lang}).get_data(as_text=True)
        assert 'id="arrivals-unanswered"' in html and words in html
        assert _by_hour(html) == {10: 1, 12: 1}
        assert 'id="kpi-median"' not in html  # no response figures without a reply
