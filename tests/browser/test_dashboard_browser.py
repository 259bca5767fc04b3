"""The dashboard in Debian's Chromium (headless) against a real `otklik serve`.

Every page renders with seeded data, filters change the figures, starring and feedback
persist across reloads. Screenshots land in tests/artifacts/dashboard-*.png.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import CHROMIUM as CHROMIUM_PATH  # noqa: E402
from conftest import CHROMIUM_ARGS  # noqa: E402
from dashboard_fixtures import seed  # noqa: E402

from companion import config  # noqa: E402
from companion.login import login_url  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = str(CHROMIUM_PATH)
ARGS = CHROMIUM_ARGS
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
WEEK = "from=2026-11-16&to=2026-11-23"


@pytest.fixture
def page(live_server):
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="ru-RU")
        pg = context.new_page()
        # Signed in as `otklik dashboard` does it: a one-time link.
        pg.goto(login_url(live_server.data_dir, f"127.0.0.1:{live_server.port}"))
        pg.wait_for_url(f"{live_server.url}/")  # the sign-in page moves on by itself
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield pg
        browser.close()
        assert errors == [], errors


@pytest.fixture
def ids(live_server) -> list[int]:
    return seed(str(config.db_path(live_server.data_dir)))


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def kpi(page, name: str) -> str:
    return page.locator(f"#kpi-{name} .kpi-value").inner_text().strip()


def test_overview_and_filters(page, live_server, ids):
    page.goto(f"{live_server.url}/?{WEEK}")
    assert kpi(page, "median") == "45 мин"
    assert kpi(page, "within") == "43 %"
    assert page.locator("svg.chart").count() >= 6
    assert page.locator("#operators-table tbody tr").count() == 2
    shot(page, "overview")

    page.select_option("select[name=platform]", "vk")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**platform=vk**")
    assert kpi(page, "median") == "32 мин"
    assert kpi(page, "replies") == "4"
    shot(page, "overview-vk")

    page.select_option("select[name=platform]", "")
    page.check("input[name=hours]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**hours=work**")
    assert kpi(page, "p90") == "3 ч 12 мин"
    shot(page, "overview-working-hours")

    # The CSV link carries the filters in force.
    href = page.locator("a.export").get_attribute("href")
    assert "hours=work" in href and "from=2026-11-16" in href

    page.goto(f"{live_server.url}/?{WEEK}&lang=en")
    assert page.locator("#kpi-median .kpi-label").inner_text() == "Median first response"
    shot(page, "overview-en")
    page.goto(f"{live_server.url}/review?week=2026-11-16")
    assert "Weekly review" in page.locator("nav").inner_text()


def test_star_and_feedback_persist(page, live_server, ids):
    reply = ids[1]
    page.goto(f"{live_server.url}/replies/{reply}")
    page.click("[data-test=star]")
    page.wait_for_load_state()
    page.reload()
    assert page.locator(".badge.fame").count() == 1

    page.fill("#feedback-form input[name=author]", "Ольга")
    page.fill("#feedback-form textarea[name=text]", "Тёплый ответ, так и держать!")
    page.click("#feedback-form button[type=submit]")
    page.wait_for_load_state()
    page.reload()
    assert "Тёплый ответ, так и держать!" in page.locator("#feedback").inner_text()
    page.select_option("#correct-form select[name=persona]", "talker")
    page.click("#correct-form button[type=submit]")
    page.wait_for_load_state()
    assert "исправлено: Собеседник" in page.locator("#correct-form").inner_text()
    shot(page, "reply")

    page.goto(f"{live_server.url}/fame")
    entry = page.locator(".fame-entry")
    assert entry.count() == 1 and "Анна" in entry.inner_text()
    shot(page, "fame")

    page.goto(f"{live_server.url}/operators/Анна?{WEEK}")
    assert "Тёплый ответ" in page.locator("#feedback-list").inner_text()
    assert page.locator("#replies-table tbody tr").count() == 4
    shot(page, "operator")

    page.goto(f"{live_server.url}/review?week=2026-11-16")
    assert "Ваш позитив" in page.locator("#fame-week").inner_text()
    # Unstar from the review page itself.
    page.locator("#fame-week [data-test=unstar]").first.click()
    page.wait_for_load_state()
    assert page.locator("#fame-week .reply-card").count() == 0
    shot(page, "review")


def test_other_pages_render(page, live_server, ids):
    page.goto(f"{live_server.url}/templates?{WEEK}")
    assert page.locator("h1").inner_text() == "Шаблоны де-факто"
    shot(page, "templates")
    page.goto(f"{live_server.url}/settings")
    page.fill("input[name=target_minutes]", "30")
    page.click("#settings-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == "Сохранено."
    shot(page, "settings")
    page.goto(f"{live_server.url}/?{WEEK}")
    assert page.locator(".target-pill").inner_text() == "цель 30 мин"
    assert "не позже 30 мин" in page.locator("#kpi-within").inner_text()


def test_the_token_form_signs_in(live_server):
    """A browser not signed in types the pairing token into /login (README, Security):
    the form's own post must carry the companion's origin, not "null" (a no-referrer
    page makes Chromium send `Origin: null`, which the Origin check refuses: a newcomer
    was locked out, curl never was)."""
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            pg = browser.new_context(locale="ru-RU").new_page()
            pg.goto(f"{live_server.url}/review")
            pg.wait_for_url("**/login?next=**")
            pg.fill("input[name=token]", "не тот токен")
            with pg.expect_response("**/login**") as wrong:
                pg.locator("form button[type=submit]").first.click()
            assert wrong.value.status == 401  # refused for the token, not for the origin
            pg.fill("input[name=token]", live_server.token)
            pg.locator("form button[type=submit]").first.click()
            pg.wait_for_url(f"{live_server.url}/review")
            assert pg.locator("form.logout").count() == 1
            # A dashboard form posts from there too (the same origin rule).
            pg.locator("form.logout button").click()
            pg.wait_for_url("**/login")
        finally:
            browser.close()
