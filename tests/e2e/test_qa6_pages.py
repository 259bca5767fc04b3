"""The sixth QA pass of issue 14 in Debian's Chromium with the real companion.

tests/fixtures/qa6/ holds five pages written by a sixth hand from the public sources named
at the top of each, before reading the adapters: VK's news feed at vk.ru (VK's canonical
domain since 2025-2026) with three owners' posts and «Показать предыдущие комментарии»
putting older comments above the shown ones; a community post on m.vk.ru (legacy m.vk)
likewise; a community video on VK Video's own domain vkvideo.ru; a post in a Facebook group
the brand's Page runs (group-scoped author links, an anonymous member); Facebook's in-app
move (pushState) from one of the Page's posts to another and back. Each page writes its
time labels from the clock at load and keeps the instants in ``window.__qa6.times``, keyed
by the comment id otklik should give: the waiting time each badge shows is checked
against them. As in the earlier passes: tone badges on customers, none on the brand,
handled marks on what the brand answered (and only those), the unanswered panel, page
health «ok» where the comments are read, and comments loaded later annotated once.
"""

from __future__ import annotations

import time

import pytest

from .conftest import wait_until
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import PANEL, require_companion_api
from .test_qa5_pages import ids, shown_minutes
from .test_qa_pages import check_page_reading, read_by_id

VK_TEXT = '[data-testid="comment-text"], .wall_reply_text, .ReplyItem__body'
FB_TEXT = 'div[dir="auto"]'


TV = "-187000555_9021_"
BR = "-224466001_310_"
AN = "5503311_77_"
MV = "-224466001_312_"
VV = "video-224466001_456239101_"
GP = "22334455667900"
P1 = "11223344556677"
P2 = "11223344556678"

# The correct reading of each page as first shown, as written in the page. "either": a
# customer's comment whose handled state is otklik's policy (a person answering under her
# own post): badged, never the brand, handled or waiting.
QA6 = {
    "vk-feed": {
        "url": "https://vk.ru/feed",
        "text": VK_TEXT,
        "team": ids(TV, 3320) | ids(BR, 3321),
        "handled": ids(TV, 3318),
        "waiting": ids(BR, 3318, 3320) | ids(AN, 121),
        "either": ids(AN, 120),
    },
    "m.vk.ru": {
        "url": "https://m.vk.ru/wall-224466001_312",
        "text": VK_TEXT,
        "team": ids(MV, 4408),
        "handled": set(),
        "waiting": ids(MV, 4405, 4406, 4410),
    },
    "vkvideo.ru": {
        "url": "https://vkvideo.ru/video-224466001_456239101",
        "text": VK_TEXT,
        "team": ids(VV, 7704),
        "handled": ids(VV, 7701),
        "waiting": ids(VV, 7702, 7703),
    },
    "fb-group": {
        "url": "https://www.facebook.com/groups/1876500012345678/posts/2233445566778899/",
        "text": FB_TEXT,
        "team": ids(GP, 44),
        "handled": ids(GP, 11),
        "waiting": ids(GP, 22, 33, 55, 66),
    },
    "fb-spa": {
        "url": "https://www.facebook.com/lastochka.cheese/posts/pfbid0Qa6LastochkaFirst",
        "text": FB_TEXT,
        "team": ids(P1, "03"),
        "handled": ids(P1, "01"),
        "waiting": ids(P1, "02"),
    },
}


def customers(m: dict) -> set[str]:
    return m["handled"] | m["waiting"] | m.get("either", set())


def wait_badged(page, m: dict) -> None:
    """Every customer comment wears its badge (a badge is placed with its analysis)."""
    wait_until(
        lambda: all(
            (read_by_id(page, m["text"]).get(i) or {}).get("badges") == 1 for i in customers(m)
        ),
        timeout=10,
        message="badges on the customers",
    )


def check_waits(page, m: dict, pass_name: str = "qa6") -> None:
    """Each waiting comment's «ждёт …» against the page's own instant (an hour's word
    «час назад», «1 ч.» is read as whole hours: a few minutes' slack, and a minute more
    for the badge's whole minutes, «1 ч 00 мин» shown until 61 — at 4 the check failed
    once in CI when the clock sat just before the next minute); the instants are in
    ``window.__<pass_name>.times``."""
    times = page.evaluate(f"() => window.__{pass_name}.times")
    now_ms = page.evaluate("() => Date.now()")
    comments = read_by_id(page, m["text"])
    for cid in m["waiting"]:
        want = (now_ms - times[cid]) / 60000
        got, unit = shown_minutes(comments[cid]["wait"])
        assert abs(got - want) <= 5, (cid, comments[cid]["wait"], round(want))


def open_qa6(browser, name: str):
    page = browser.ctx.new_page()
    page.goto(QA6[name]["url"])
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, QA6[name])
    return page


def annotated_ids(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-otklik-id]')].map((e) => e.dataset.otklikId)"
    )


@pytest.mark.parametrize("name", list(QA6))
def test_qa6_page_badges_brand_handled_and_waiting_times(browser, api, artifacts, name):
    require_companion_api(api)
    page = open_qa6(browser, name)
    check_page_reading(page, QA6[name])
    check_waits(page, QA6[name])
    page.screenshot(path=str(artifacts / f"qa6-{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("name", "button", "older", "now_handled"),
    [
        ("vk-feed", "#qa6-prev-310", ids(BR, 3312, 3316), ids(BR, 3316)),
        ("m.vk.ru", "#qa6-prev", ids(MV, 4401, 4402), ids(MV, 4402)),
    ],
)
def test_qa6_older_comments_above_and_the_brand_reply_already_shown(
    browser, api, artifacts, name, button, older, now_handled
):
    require_companion_api(api)
    page = open_qa6(browser, name)
    page.click(button)
    m = dict(QA6[name])
    m["handled"] = m["handled"] | now_handled
    m["waiting"] = (m["waiting"] | older) - now_handled
    wait_until(lambda: older <= set(read_by_id(page, VK_TEXT)), timeout=10, message="older ones")
    time.sleep(0.5)
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)
    check_page_reading(page, m)
    check_waits(page, m)
    ids_ = annotated_ids(page)
    assert len(ids_) == len(set(ids_)), ids_
    page.screenshot(path=str(artifacts / f"qa6-{name}-older.png"), full_page=True)


def test_qa6_facebook_in_app_move_to_another_post_and_back(browser, api, artifacts):
    require_companion_api(api)
    page = open_qa6(browser, "fb-spa")
    check_page_reading(page, QA6["fb-spa"])
    page.click("a[data-qa6-next]")
    assert page.url.endswith("/lastochka.cheese/posts/pfbid0Qa6LastochkaSecond")
    new = {
        "text": FB_TEXT,
        "team": ids(P2, "03"),
        "handled": ids(P2, "01"),
        "waiting": ids(P2, "02"),
    }
    wait_until(
        lambda: set(read_by_id(page, FB_TEXT)) == new["team"] | new["handled"] | new["waiting"],
        timeout=10,
        message="the second post's comments, and only them",
    )
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, new)
    check_page_reading(page, new)
    check_waits(page, new)
    ids_ = annotated_ids(page)
    assert len(ids_) == len(set(ids_)) == 3, ids_
    # Nothing of the first post's overlay is left: badges on the two customers here only.
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 2
    panel = page.evaluate(PANEL)
    assert f"{P1}02" not in panel["ids"], panel["ids"]
    assert browser.status()["health"]["state"] != "miss"
    page.screenshot(path=str(artifacts / "qa6-fb-spa-next.png"), full_page=True)
    page.go_back()
    wait_until(
        lambda: set(read_by_id(page, FB_TEXT)) == ids(P1, "01", "02", "03"),
        timeout=10,
        message="the first post again",
    )
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, QA6["fb-spa"])
    check_page_reading(page, QA6["fb-spa"])
    ids_ = annotated_ids(page)
    assert len(ids_) == len(set(ids_)) == 3, ids_
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 2
