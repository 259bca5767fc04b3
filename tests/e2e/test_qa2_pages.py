"""The second QA pass of issue 14 in Debian's Chromium with the real companion.

tests/fixtures/qa2/ holds four pages written by a second hand from the public sources named
at the top of each (a VK new-web post page, a VK post opened as a layer over the
community's feed, a Facebook Page post in a dialog sorted «Самые актуальные», and an
English Facebook post page whose comments come with «View more comments»). They run the
way tests/e2e/test_qa_pages.py runs the first pass: tone badges on customers, none on the
brand, handled marks on what the brand answered, waiting times and the unanswered panel.
"""

from __future__ import annotations

import pytest

from .conftest import wait_until
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import require_companion_api
from .test_qa_pages import (
    check_page_reading,
    check_template_warning,
    read_by_id,
    require_template_check,
)

VK_TEXT = '[data-testid="comment-text"]'
FB_TEXT = 'div[dir="auto"]'


def vk(post: int, *replies: int) -> set[str]:
    return {f"-48213907_{post}_{r}" for r in replies}


def fb(prefix: str, *tails: int) -> set[str]:
    return {f"{prefix}{t}" for t in tails}


# The correct reading of each page, as written in the page. "maybe": comments the adapter
# may read or leave (the feed's top-comment preview behind VK's layer), never mislabel.
QA2 = {
    "vk-newweb": {
        "url": "https://vk.com/wall-48213907_1204",
        "text": VK_TEXT,
        "team": vk(1204, 3105, 3120),
        "handled": vk(1204, 3101, 3118),
        "waiting": vk(1204, 3107, 3110, 3112, 3115, 3123),
        "maybe": set(),
    },
    "vk-layer": {
        "url": "https://vk.com/club48213907?w=wall-48213907_1190",
        "text": VK_TEXT,
        "team": vk(1190, 2203),
        "handled": vk(1190, 2201),
        "waiting": vk(1190, 2206, 2209),
        "maybe": vk(1185, 877),
    },
    "fb-dialog": {
        "url": "https://www.facebook.com/zernocoffee/posts/pfbid02Zr7mNq4xYkL1",
        "text": FB_TEXT,
        "team": fb("1550000000000", 805, 818),
        "handled": fb("1550000000000", 801, 816),
        "waiting": fb("1550000000000", 809, 812),
        "maybe": set(),
    },
    "fb-view-more": {
        "url": "https://www.facebook.com/zernocoffee/posts/pfbid0Tk9sL2WqHn8",
        "text": FB_TEXT,
        "team": fb("2660000000000", 903),
        "handled": fb("2660000000000", 901),
        "waiting": fb("2660000000000", 905),
        "maybe": set(),
    },
}


def open_qa2(browser, name: str):
    page = browser.ctx.new_page()
    page.goto(QA2[name]["url"])
    page.wait_for_function(ANALYSED, timeout=20000)
    return page


def by_id(page, m: dict) -> dict[str, dict]:
    return read_by_id(page, m["text"])


@pytest.mark.parametrize("name", list(QA2))
def test_qa2_page_badges_brand_replies_handled_and_waits(browser, api, artifacts, name):
    require_companion_api(api)
    page = open_qa2(browser, name)
    check_page_reading(page, QA2[name])
    page.screenshot(path=str(artifacts / f"qa2-{name}.png"), full_page=True)


def test_qa2_view_more_comments_are_read_and_mark_their_target(browser, api):
    require_companion_api(api)
    page = open_qa2(browser, "fb-view-more")
    page.click("#view-more")
    m = QA2["fb-view-more"]
    more = {
        **m,
        "team": m["team"] | fb("2660000000000", 911),
        "handled": m["handled"] | fb("2660000000000", 909),
        "waiting": m["waiting"] | fb("2660000000000", 907),
    }
    wait_until(lambda: len(by_id(page, m)) == 6, timeout=10, message="three more comments")
    page.wait_for_function(ANALYSED, timeout=20000)
    check_page_reading(page, more)
    # The comment the feed and the dialog both show is one annotated node per id.
    page = open_qa2(browser, "fb-dialog")
    ids = page.evaluate(
        "() => [...document.querySelectorAll('[data-otklik-id]')].map((e) => e.dataset.otklikId)"
    )
    assert len(ids) == len(set(ids)), ids


# The composer each page offers: VK's in the post (and in the layer, inside its dialog),
# Facebook's Lexical box (in the dialog, not the feed behind it).
COMPOSERS = {
    "vk-newweb": '[data-testid="content-editable-input"]',
    "vk-layer": '[role="dialog"] [data-testid="content-editable-input"]',
    "fb-dialog": '[role="dialog"] [data-lexical-editor]',
    "fb-view-more": "[data-lexical-editor]",
}


@pytest.mark.parametrize("name", list(COMPOSERS))
def test_qa2_template_warning_in_the_composer(browser, api, name):
    require_template_check(api)
    check_template_warning(open_qa2(browser, name), COMPOSERS[name], f"qa2 {name}")
