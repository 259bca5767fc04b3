"""A companion logged in as a team member: the member's name is the operator's, on
events and in pairing, whatever the extension's free-text field says."""

from __future__ import annotations

import pytest

from tests.team_store import make_team
from tests.test_pairing import EXT, _claim, _confirm


@pytest.fixture
def as_anna(pg_url, monkeypatch):
    """The app of this test logs in as Анна, an operator of a team store."""
    monkeypatch.setenv("OTKLIK_STORE", make_team(pg_url, [("operator", "Анна")])["Анна"])


def test_pairing_gives_the_extension_the_members_name(as_anna, client):
    assert _confirm(client, name="анна с ресепшена").status_code == 200
    got = _claim(client, origin=EXT)
    assert got.status_code == 200 and got.json["operator"] == "Анна"


def test_events_carry_the_members_name(as_anna, api):
    event = {"uuid": "5b1f9c1e-0d7e-4f3a-9d55-2a0f6c9b7e01", "type": "reply_sent",
             "platform": "vk", "comment_id": "c1", "operator": "анна ", "text": "Готово!",
             "reply_sent_at": "2026-11-30T10:00:00Z"}
    assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200
    handled = api.post("/api/v1/comments/handled",
                       json={"platform": "vk", "comment_ids": ["c1"]}).json
    assert handled["handled"]["c1"]["operator"] == "Анна"
    claimed = api.post("/api/v1/comments/claim",
                       json={"platform": "vk", "comment_id": "c2", "operator": "кто-то"}).json
    assert claimed["operator"] == "Анна"
