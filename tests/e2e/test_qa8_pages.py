"""The eighth QA pass of issue 14 in Debian's Chromium with the real companion.

tests/fixtures/qa8/ holds four pages written by an eighth hand from the public sources
named at the top of each, before reading the adapters: a VK new-web post that opens with
its latest comments and puts the older ones ABOVE them on «Показать предыдущие
комментарии» (with the community's answer to one of them), a deleted comment keeping its
thread, a deleted account («DELETED») and customers writing twice in a row before the
community answers the second; a Facebook post in English whose «All comments» choice
rebuilds the list and whose «View 2 previous comments» puts the oldest comments first (a
sticker alone, «Top fan»); a Facebook reel whose comments live in a side panel that opens,
grows, closes and opens again; Facebook Watch sorted «Newest», where a new comment arrives
at the top and the Page's reply inside a thread while the operator watches. Each page
writes its time labels from the clock at load and keeps the instants in
``window.__qa8.times``. Checked as in the sixth and seventh passes (tone badges on
customers, none on the brand, handled marks, the unanswered panel, «ждёт …» against the
instants), plus: after every re-render, prepend or live arrival each comment is annotated
once and no badge is left on a removed node.
"""

from __future__ import annotations

import time

import pytest

from .conftest import wait_until
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import PANEL, require_companion_api
from .test_qa5_pages import ids
from .test_qa6_pages import FB_TEXT, VK_TEXT, annotated_ids, check_waits, wait_badged
from .test_qa7_pages import badges_on_removed_nodes
from .test_qa_pages import check_page_reading, read_by_id

V = "-229900001_640_"
B = "13088000000001"
R = "1290000000004"
W = "1290000000007"

# The correct reading of each page as first shown, as written in the page. "either": a
# customer's comment whose handled state is otklik's policy (the same person's comment just
# before the one the brand answered): badged, never the brand, handled or waiting.
QA8 = {
    "vk-prev": {
        "url": "https://vk.com/wall-229900001_640",
        "text": VK_TEXT,
        "team": ids(V, 6408, 6414),
        "handled": ids(V, 6407, 6413),
        "waiting": ids(V, 6406, 6409),
        "either": ids(V, 6412),
    },
    "fb-all": {
        "url": "https://www.facebook.com/brightbrew.roasters/posts/pfbid0Qa8BrightBrewBeans",
        "text": FB_TEXT,
        "team": ids(B, 104),
        "handled": ids(B, 103),
        "waiting": ids(B, 105, 106, 108),
    },
    "fb-watch": {
        "url": "https://www.facebook.com/watch/?v=1290000000007777",
        "text": FB_TEXT,
        "team": ids(W, 702),
        "handled": ids(W, 701),
        "waiting": ids(W, 703, 704),
    },
}


def open_qa8(browser, name: str):
    page = browser.ctx.new_page()
    page.goto(QA8[name]["url"])
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, QA8[name])
    return page


def settled(page, m: dict, what: str) -> None:
    """After the page's own script changed the list: every comment of `m` annotated (and
    nothing else), analysed, badged; then the reading, the waits, one annotation per id and
    no badge on a removed node."""
    every = m["team"] | m["handled"] | m["waiting"] | m.get("either", set())
    wait_until(
        lambda: set(read_by_id(page, m["text"])) == every,
        timeout=10,
        message=f"{what}: every comment annotated",
    )
    time.sleep(0.5)
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)
    check_page_reading(page, m)
    check_waits(page, m, "qa8")
    ids_ = annotated_ids(page)
    assert len(ids_) == len(set(ids_)), (what, ids_)
    assert badges_on_removed_nodes(page) == 0, what


@pytest.mark.parametrize("name", list(QA8))
def test_qa8_page_badges_brand_handled_and_waiting_times(browser, api, artifacts, name):
    require_companion_api(api)
    page = open_qa8(browser, name)
    check_page_reading(page, QA8[name])
    check_waits(page, QA8[name], "qa8")
    page.screenshot(path=str(artifacts / f"qa8-{name}.png"), full_page=True)


def test_qa8_vk_older_comments_put_above_the_deleted_one_left_alone(browser, api, artifacts):
    require_companion_api(api)
    page = open_qa8(browser, "vk-prev")
    page.get_by_text("Показать предыдущие комментарии").click()
    m = dict(QA8["vk-prev"])
    m["team"] = ids(V, 6405, 6408, 6411, 6414)
    m["handled"] = ids(V, 6404, 6407, 6413)
    m["waiting"] = ids(V, 6401, 6406, 6409)
    m["either"] = ids(V, 6403, 6412)
    settled(page, m, "older comments")
    # The deleted comment's block is no comment: not annotated, no badge inside it.
    assert page.evaluate(
        """() => [...document.querySelectorAll('.vkitCommentDeleted')].every((d) =>
            !d.matches('[data-otklik-id]') && !d.querySelector(':scope > otklik-badge'))"""
    )
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 8
    page.screenshot(path=str(artifacts / "qa8-vk-prev-older.png"), full_page=True)


def test_qa8_vk_comment_deleted_in_place_leaves_the_panel_and_comes_back(browser, api, artifacts):
    require_companion_api(api)
    page = open_qa8(browser, "vk-prev")
    check_page_reading(page, QA8["vk-prev"])
    assert page.evaluate("() => window.__qa8.deleteComment(6409)")
    m = dict(QA8["vk-prev"])
    m["waiting"] = ids(V, 6406)
    # The deleted block names nobody: not annotated, no badge in it, not in the panel.
    wait_until(
        lambda: f"{V}6409" not in read_by_id(page, VK_TEXT),
        timeout=5,
        message="the deleted comment no longer annotated",
    )
    wait_until(
        lambda: (p := page.evaluate(PANEL)) and f"{V}6409" not in p["ids"],
        timeout=5,
        message="the deleted comment gone from the unanswered panel",
    )
    check_page_reading(page, m)
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 4
    assert badges_on_removed_nodes(page) == 0
    page.screenshot(path=str(artifacts / "qa8-vk-deleted-in-place.png"), full_page=True)
    page.get_by_text("Восстановить").click()
    m["waiting"] = ids(V, 6406, 6409)
    settled(page, m, "restored")
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 5


def test_qa8_fb_all_comments_then_previous_comments_above(browser, api, artifacts):
    require_companion_api(api)
    page = open_qa8(browser, "fb-all")
    page.click("#sort-button")
    page.click('[role="menuitem"][data-sort="all"]')
    m = dict(QA8["fb-all"])
    m["team"] = ids(B, 104, 107)
    m["handled"] = ids(B, 103, 105)
    m["waiting"] = ids(B, 106, 108, 109)
    settled(page, m, "All comments")
    page.get_by_text("View 2 previous comments").click()
    m["waiting"] = ids(B, 101, 102, 106, 108, 109)
    settled(page, m, "previous comments")
    first = page.evaluate(
        "() => document.querySelector('#comments [data-otklik-id]').dataset.otklikId"
    )
    assert first == f"{B}101", first
    page.screenshot(path=str(artifacts / "qa8-fb-all-previous.png"), full_page=True)


def check_reel(page, m: dict, emoji_only: str) -> None:
    """The reel's panel as `m` reads it; the emoji-only comment apart: its one `img` has
    no text for the reading helper to find, so its tone is checked on its own."""
    wait_until(
        lambda: emoji_only in read_by_id(page, FB_TEXT)
        and read_by_id(page, FB_TEXT)[emoji_only]["tone"] not in (None, "pending"),
        timeout=20,
        message="the emoji-only comment analysed",
    )
    c = read_by_id(page, FB_TEXT)[emoji_only]
    assert c["badges"] == 1 and c["handled"] == "" and c["wait"].startswith("ждёт "), c
    assert c["tone"] in ("negative", "neutral", "positive", "unavailable"), c
    rest = {**m, "maybe": set()}
    rest_ids = m["team"] | m["handled"] | m["waiting"]
    comments = read_by_id(page, FB_TEXT)
    assert set(comments) == rest_ids | {emoji_only}, sorted(comments)
    for cid in m["team"]:
        assert comments[cid]["badges"] == 0, cid
    for cid in m["handled"]:
        assert comments[cid]["handled"] == "✓ отвечено" and comments[cid]["badges"] == 1, cid
    for cid in m["waiting"]:
        assert comments[cid]["handled"] == "" and comments[cid]["badges"] == 1, cid
        assert comments[cid]["wait"].startswith("ждёт "), comments[cid]
    # The page was judged «empty» before the panel opened; otklik judges it again 1.5 s
    # after the comments come (as the seventh pass found for a first comment).
    panel = wait_until(
        lambda: (p := page.evaluate(PANEL)) and p["health"] == "ok" and p,
        timeout=10,
        message="the unanswered panel, judged again",
    )
    assert set(panel["ids"]) == m["waiting"] | {emoji_only}, panel["ids"]
    check_waits(page, rest, "qa8")
    ids_ = annotated_ids(page)
    assert len(ids_) == len(set(ids_)), ids_
    assert badges_on_removed_nodes(page) == 0


def test_qa8_fb_reel_panel_opens_grows_closes_and_opens_again(browser, api, artifacts):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto("https://www.facebook.com/reel/1290000000004321")
    page.wait_for_function("() => window.__qa8 !== undefined", timeout=10000)
    time.sleep(2)
    assert annotated_ids(page) == []
    page.click('[role="button"][aria-label="Comment"]')
    m = {
        "text": FB_TEXT,
        "team": ids(R, 402),
        "handled": ids(R, 401),
        "waiting": ids(R, 403, 406),
    }
    wait_until(lambda: len(annotated_ids(page)) == 5, timeout=10, message="the panel read")
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)
    check_reel(page, m, f"{R}404")
    page.get_by_text("View more comments").click()
    m["waiting"] = ids(R, 403, 405, 406)
    wait_until(lambda: len(annotated_ids(page)) == 6, timeout=10, message="the older one")
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)
    check_reel(page, m, f"{R}404")
    page.click('[role="button"][aria-label="Close"]')
    wait_until(lambda: annotated_ids(page) == [], timeout=5, message="the panel gone")
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 0
    # The unanswered panel lists only comments on the page: none while the panel is shut.
    wait_until(
        lambda: (p := page.evaluate(PANEL)) is None or p["ids"] == [],
        timeout=5,
        message="the unanswered panel emptied when the comments went",
    )
    page.click('[role="button"][aria-label="Comment"]')
    wait_until(lambda: len(annotated_ids(page)) == 6, timeout=10, message="the panel again")
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)
    check_reel(page, m, f"{R}404")
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 5
    page.screenshot(path=str(artifacts / "qa8-fb-reel.png"), full_page=True)


def test_qa8_fb_watch_newest_then_live_arrivals(browser, api, artifacts):
    require_companion_api(api)
    page = open_qa8(browser, "fb-watch")
    page.click("#sort-button")
    page.click('[role="menuitem"][data-sort="newest"]')
    m = dict(QA8["fb-watch"])
    m["waiting"] = ids(W, 703, 704, 705)
    settled(page, m, "Newest")
    page.evaluate("() => window.__qa8.deliver()")
    m["team"] = ids(W, 702, 707)
    m["handled"] = ids(W, 701, 705)
    m["waiting"] = ids(W, 703, 704, 706)
    settled(page, m, "live arrivals")
    first = page.evaluate(
        "() => document.querySelector('#comments [data-otklik-id]').dataset.otklikId"
    )
    assert first == f"{W}706", first
    page.screenshot(path=str(artifacts / "qa8-fb-watch-live.png"), full_page=True)
