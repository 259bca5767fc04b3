"""CSV export of replies and timings: the filters in force, quoting, BOM for Excel."""

from __future__ import annotations

import csv
import io

import pytest
from dashboard_fixtures import WALL, WEEK_ARGS, WORK, seed

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")


@pytest.fixture
def ids(app) -> list[int]:
    return seed(app.config["STORE_URL"])


def export(client, **args) -> tuple[bytes, list[dict]]:
    response = client.get("/export.csv", query_string=args)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    return body, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_export_has_bom_and_every_reply_with_timings(client, ids):
    body, rows = export(client, **WEEK_ARGS)
    assert body.startswith(b"\xef\xbb\xbf")
    assert len(rows) == 8
    by_id = {int(r["id"]): r for r in rows}
    for i, reply_id in enumerate(ids):
        row = by_id[reply_id]
        expected_wall = "" if WALL[i] is None else str(WALL[i])
        expected_work = "" if WORK[i] is None else str(WORK[i])
        assert row["response_seconds"] == expected_wall
        assert row["response_work_seconds"] == expected_work
    assert [r["within_target"] for r in rows[:3]] == ["1", "1", "0"]
    # Sorted by time sent.
    assert [r["reply_sent_at"] for r in rows] == sorted(r["reply_sent_at"] for r in rows)


def test_quoting_survives_commas_quotes_newlines_and_cyrillic(client, ids):
    _, rows = export(client, **WEEK_ARGS)
    texts = {r["reply_text"] for r in rows}
    assert 'Спасибо, что написали! Проверим "роутер",\nи вернёмся' in texts
    assert all(r["comment_text"].endswith("«с кавычками»") for r in rows)
    row = next(r for r in rows if r["draft_nearest_id"] == "t1" and "Данный" in r["reply_text"])
    assert row["cliches"] == "данный; в настоящее время"
    assert row["templated"] == "1" and row["draft_score"] == "0.8"


def test_formula_cells_are_neutralised(client, ids):
    _, rows = export(client, **WEEK_ARGS)
    assert "'=SUM(A1) — не формула, а текст" in {r["reply_text"] for r in rows}


def test_export_follows_the_filters(client, ids):
    _, vk = export(client, **WEEK_ARGS, platform="vk")
    assert {r["operator"] for r in vk} == {"Анна"} and len(vk) == 4
    _, boris = export(client, **WEEK_ARGS, operator="Борис")
    assert {r["platform"] for r in boris} == {"facebook"} and len(boris) == 4
    _, day = export(client, **{"from": "2026-11-17", "to": "2026-11-17"})
    assert len(day) == 2
    # Working hours decide «within target» when that clock is chosen.
    _, work = export(client, **WEEK_ARGS, hours="work")
    slow = next(r for r in work if r["response_seconds"] == "230400")
    assert slow["within_target"] == "0" and slow["response_work_seconds"] == "3600"


def test_export_marks_stars_and_corrections(client, ids):
    import re

    html = client.get("/settings").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    client.post(f"/replies/{ids[1]}/star", data={"csrf_token": token})
    client.post(f"/replies/{ids[0]}/correct", data={"csrf_token": token, "tone": "neutral"})
    _, rows = export(client, **WEEK_ARGS)
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[ids[1]]["starred"] == "1" and by_id[ids[0]]["starred"] == "0"
    assert by_id[ids[0]]["tone"] == "negative" and by_id[ids[0]]["tone_corrected"] == "neutral"


def test_empty_export_is_a_header(client):
    body, rows = export(client)
    assert rows == [] and body.decode("utf-8-sig").startswith("id,platform,operator")


def test_large_exports_are_streamed_in_chunks_that_join_into_one_csv() -> None:
    from companion.dashboard.views import _csv_chunks

    rows = [("id", "text")] + [(i, f"ответ «{i}», с запятой\nи строкой") for i in range(2500)]
    chunks = list(_csv_chunks(iter(rows), every=1000))
    assert len(chunks) == 3
    body = b"".join(chunks)
    assert body.startswith("\ufeff".encode()) and body.count("\ufeff".encode()) == 1
    parsed = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert parsed == [[str(a), b] for a, b in rows]


def test_a_reply_without_its_own_link_exports_its_comments(api, client):
    # The extension sends the permalink with comment_seen; a reply_sent may lack it.
    from test_events import reply_event, seen_event

    link = "https://vk.com/wall-1_10?reply=100"
    reply = reply_event()
    reply.pop("permalink", None)
    body = {"events": [seen_event(permalink=link), reply]}
    assert api.post("/api/v1/events", json=body).status_code == 200
    _, rows = export(client, **{"from": "2026-11-22", "to": "2026-11-22"})
    assert [r["permalink"] for r in rows] == [link]
