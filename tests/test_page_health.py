"""Page health: the extension's reports of pages it could not read, counted per day,
site, page kind and reason (no texts); shown by ``otklik status`` and on the dashboard."""

from __future__ import annotations

import json

import pytest

from companion.cli import cli

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")


def test_misses_are_counted_per_site_kind_and_reason(api) -> None:
    for body in (
        {"platform": "vk", "page_kind": "post", "reason": "comments"},
        {"platform": "vk", "page_kind": "post", "reason": "comments"},
        {"platform": "facebook", "page_kind": "dialog", "reason": "editor"},
    ):
        res = api.post("/api/v1/page-health", json=body)
        assert res.status_code == 200, res.get_json()
    assert res.get_json() == {"stored": True, "count_today": 1}
    misses = api.get("/api/v1/page-health").get_json()["misses"]
    counts = {(m["platform"], m["page_kind"], m["reason"]): m["count"] for m in misses}
    assert counts == {("vk", "post", "comments"): 2, ("facebook", "dialog", "editor"): 1}


def test_bad_reports_get_a_clear_error_and_store_nothing(api) -> None:
    cases = [
        ({"platform": "ok", "page_kind": "post", "reason": "comments"}, "platform"),
        ({"platform": "vk", "page_kind": "Post page!", "reason": "comments"}, "page_kind"),
        ({"platform": "vk", "page_kind": "x" * 41, "reason": "comments"}, "page_kind"),
        ({"platform": "vk", "page_kind": "post", "reason": "text"}, "reason"),
        ({"platform": "vk", "reason": "comments"}, "page_kind"),
    ]
    for body, field in cases:
        res = api.post("/api/v1/page-health", json=body)
        assert res.status_code == 400, body
        assert field in json.dumps(res.get_json()), res.get_json()
    assert api.get("/api/v1/page-health").get_json()["misses"] == []


def test_the_token_is_required(client) -> None:
    res = client.post(
        "/api/v1/page-health", json={"platform": "vk", "page_kind": "post", "reason": "comments"}
    )
    assert res.status_code == 401


def test_status_and_dashboard_show_the_misses(api, client, runner, data_dir) -> None:
    out = runner.invoke(cli, ["--data-dir", str(data_dir), "status"]).output
    assert "page health: no unreadable pages" in out
    api.post(
        "/api/v1/page-health", json={"platform": "vk", "page_kind": "post", "reason": "comments"}
    )
    out = runner.invoke(cli, ["--data-dir", str(data_dir), "status"]).output
    assert "pages the extension could not read" in out
    assert "vk post (comments): 1" in out
    as_json = json.loads(
        runner.invoke(cli, ["--data-dir", str(data_dir), "status", "--json"]).output
    )
    assert as_json["page_health_misses"][0]["count"] == 1
    page = client.get("/").get_data(as_text=True)
    assert 'id="page-health"' in page
    assert "Страницы, которые otklik не смог прочитать" in page
