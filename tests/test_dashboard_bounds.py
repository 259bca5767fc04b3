"""Query parameters and ids a trainer (or a mistyped bookmark) can put in a dashboard URL:
years 1 and 9999, a page past the end, an id past SQLite's integer. Each answers a page
(or a 404), never the «Internal error» of a date or integer overflow."""

from __future__ import annotations

import pytest
from dashboard_fixtures import seed

EXTREME_DATES = [
    {"to": "0001-01-05"},
    {"from": "0001-01-01", "to": "0001-01-02"},
    {"to": "9999-12-31"},
    {"from": "9999-12-30", "to": "9999-12-31"},
    {"from": "0001-01-01", "to": "9999-12-31"},
]


@pytest.fixture
def seeded(app) -> list[int]:
    return seed(app.config["STORE_URL"])


@pytest.mark.parametrize("page", ["/", "/templates", "/export.csv", "/operators/Анна"])
@pytest.mark.parametrize("args", EXTREME_DATES)
def test_dates_at_the_ends_of_the_calendar_answer_a_page(client, seeded, page, args):
    for hours in ({}, {"hours": "work"}):
        response = client.get(page, query_string={**args, **hours})
        assert response.status_code == 200, (page, args, hours)
        response.get_data()  # the CSV is streamed: its rows are computed here


@pytest.mark.parametrize("week", ["0001-01-01", "0001-01-03", "9999-12-31"])
def test_a_weekly_review_of_year_1_or_9999_answers(client, seeded, week):
    assert client.get("/review", query_string={"week": week}).status_code == 200


@pytest.mark.parametrize("page", ["99999999999999999999", "461168601842738790"])
def test_a_page_past_the_end_is_an_empty_page(client, seeded, page):
    response = client.get("/operators/Анна", query_string={"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize("reply_id", ["9223372036854775808", "99999999999999999999999"])
def test_a_reply_id_past_the_database_integer_is_not_found(client, seeded, reply_id):
    assert client.get(f"/replies/{reply_id}").status_code == 404
    html = client.get(f"/replies/{seeded[0]}").get_data(as_text=True)
    token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    for action in ("star", "unstar", "feedback", "correct"):
        response = client.post(f"/replies/{reply_id}/{action}",
                               data={"csrf_token": token, "text": "x"})
        assert response.status_code == 404, action
