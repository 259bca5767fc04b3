"""Team mode in Debian's Chromium: the extension's companion is Анна's on a team
PostgreSQL store; Борис (a colleague, writing to the same store as his own role) starts
answering a comment and then answers another: without a reload, Анна's page shows
«отвечает Борис» on the first and moves it down the unanswered panel, and marks the
second handled, each within 15 s. Анна typing a reply claims the comment for her in the
store, under her member name."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.team_store import as_role, make_team

from .conftest import wait_until
from .fixture_server import VK_POST
from .test_extension import ALL_ANALYSED

ANGRY = "-12345_678_910"  # «ВЫ ТАМ ВСЕ УСНУЛИ…», first in the panel (negative)
OTHER = "-12345_678_911"
NINA = "-12345_678_913"  # «подскажите пожалуйста…»
SHOWN_WITHIN_S = 15


@pytest.fixture
def team_urls(pg_url):
    return make_team(pg_url, [("operator", "Анна"), ("operator", "Борис")])


@pytest.fixture
def companion(data_dir, team_urls):
    """Анна's companion on the team store (overrides the SQLite one of conftest)."""
    from conftest import LiveServer

    server = LiveServer(data_dir=data_dir, env={"OTKLIK_STORE": team_urls["Анна"]}).start(60)
    yield server
    server.stop()


CHIPS = """(id) => {
    const el = document.querySelector(`[data-otklik-id="${id}"]`);
    const badge = [...document.querySelectorAll('otklik-badge')]
        .find((h) => h.closest('[data-otklik-seen]') === el);
    const slot = (n) => badge?.shadowRoot.querySelector(`[data-slot="${n}"]`)?.textContent ?? '';
    return {claim: slot('claim'), handled: slot('handled')};
}"""
PANEL = """() => [...document.querySelector('otklik-panel').shadowRoot.querySelectorAll('li')]
    .map((li) => li.dataset.commentId)"""


def test_a_colleagues_claim_and_reply_show_without_a_reload(browser, companion, team_urls,
                                                           artifacts):
    page = browser.ctx.new_page()
    page.goto(f"https://vk.com{VK_POST}")
    page.wait_for_function(ALL_ANALYSED, timeout=20000)
    wait_until(lambda: page.evaluate(PANEL), timeout=10, message="the unanswered panel")
    assert page.evaluate(PANEL)[0] == ANGRY
    now = datetime.now(UTC)
    iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    with as_role(team_urls["Борис"]) as db:
        db.execute(text(
            "INSERT INTO claims (platform, comment_id, role, operator, since, expires_at) "
            "VALUES ('vk', :c, current_user, 'Борис', :s, :e)"),
            {"c": ANGRY, "s": iso(now), "e": iso(now + timedelta(seconds=120))})
        db.execute(text(
            "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, "
            "reply_sent_at, created_at, first_response) VALUES (:u, 'vk', :c, 'Борис', "
            "'Добрый день! Разбираемся.', :t, :t, 1)"),
            {"u": f"e2e-{time.time_ns()}", "c": OTHER, "t": iso(now)})
        db.commit()
    t0 = time.monotonic()
    wait_until(lambda: page.evaluate(CHIPS, ANGRY)["claim"] == "✎ отвечает Борис",
               timeout=SHOWN_WITHIN_S, message="«отвечает Борис» on the comment")
    wait_until(lambda: "Борис" in page.evaluate(CHIPS, OTHER)["handled"],
               timeout=SHOWN_WITHIN_S - (time.monotonic() - t0),
               message="the colleague's reply as handled")
    shown_after = time.monotonic() - t0
    wait_until(lambda: page.evaluate(PANEL)[-1] == ANGRY, timeout=3,
               message="the claimed comment last in the panel")
    assert OTHER not in page.evaluate(PANEL)
    page.screenshot(path=str(artifacts / "vk-team-claim.png"), full_page=True)
    print(f"colleague's claim and reply shown after {shown_after:.1f} s")

    # Анна starts a reply to Нина's question: the store has her claim, under her name.
    page.locator(f'[data-otklik-id="{NINA}"] .reply_link').first.click()
    page.locator(".submit_post_field").press("End")
    page.keyboard.type("Здравствуйте! Сейчас проверю.")
    with as_role(team_urls["Борис"]) as db:
        rows = wait_until(lambda: db.execute(text(
            "SELECT comment_id, operator FROM claims WHERE role <> current_user")).all(),
            timeout=10, message="Анна's claim in the store")
    assert [tuple(r) for r in rows] == [(NINA, "Анна")]


POPUP_STORE = """() => { const p = document.getElementById('store');
    return p.hidden ? '' : p.textContent; }"""


def _popup(browser):
    page = browser.ctx.new_page()
    page.goto(f"chrome-extension://{browser.ext_id}/src/popup/popup.html")
    wait_until(lambda: page.evaluate(
        "() => document.getElementById('waiting').dataset.count !== undefined"),
        timeout=20, message="the popup's status")
    out = {"store": page.evaluate(POPUP_STORE),
           "state": page.evaluate("() => document.getElementById('state').dataset.state")}
    page.close()
    return out


def test_the_popup_and_icon_say_when_the_team_store_is_down(browser, companion, pg_cluster):
    assert _popup(browser)["store"] == ""
    pg_cluster.stop()
    try:
        # /health looks at the store afresh every 2 s (storage/health.py's cache).
        down = wait_until(lambda: (lambda p: p if p["store"] else None)(_popup(browser)),
                          timeout=20, message="the popup saying the store is down")
        title = browser.worker.evaluate(
            "async () => (await chrome.action.getTitle({}))")
    finally:
        pg_cluster.start()
    assert down["state"] == "online"  # the companion answers; its store does not
    assert down["store"].startswith("Хранилище команды (PostgreSQL) недоступно"), down
    assert "хранилище команды недоступно" in title, title
    wait_until(lambda: _popup(browser)["store"] == "", timeout=20,
               message="the popup after the server is back")
