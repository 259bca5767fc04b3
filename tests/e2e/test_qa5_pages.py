"""The fifth QA pass of issue 14 in Debian's Chromium with the real companion.

tests/fixtures/qa5/ holds five pages written by a fifth hand from the public sources named at
the top of each, before reading the adapters: a VK new-web post whose comments carry emoji
images, line breaks, links, a photo, a sticker and a deleted comment; comments under a VK
video and under a VK photo (the photo viewer over the community page); a Facebook post in
English with «Top fan», «Edited», a GIF and «View 3 more replies»; a Facebook photo page
with its comments beside the photo. Each page writes its time labels from the clock at
load (as the sites' servers do) and keeps the instants in ``window.__qa5.times``: the
waiting time each badge shows is checked against them. As in the earlier passes: tone
badges on customers, none on the brand, handled marks on what the brand answered (and only
those), the unanswered panel, and page health «ok» where the comments are read.
"""

from __future__ import annotations

import re
import time

import pytest

from .conftest import wait_until
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import require_companion_api
from .test_qa_pages import check_page_reading, read_by_id

VK_TEXT = '[data-testid="comment-text"], .wall_reply_text'
FB_TEXT = 'div[dir="auto"]'


def ids(prefix: str, *tails: int | str) -> set[str]:
    return {f"{prefix}{t}" for t in tails}


VK1 = "-220555001_812_"
VK2 = "video-220555001_456239017_"
VK3 = "photo-220555001_457240100_"
FB4 = "1180000000000"
FB5 = "118000000000"

# The correct reading of each page as first shown, as written in the page. "maybe": a
# sticker or a GIF alone, which otklik may read (with no text) or leave.
QA5 = {
    "vk-rich": {
        "url": "https://vk.com/wall-220555001_812",
        "text": VK_TEXT,
        "team": ids(VK1, 8127),
        "handled": ids(VK1, 8125),
        "waiting": ids(VK1, 8121, 8133, 8140),
        "maybe": ids(VK1, 8136),
    },
    "vk-video": {
        "url": "https://vk.com/video-220555001_456239017",
        "text": VK_TEXT,
        "team": ids(VK2, 7006),
        "handled": ids(VK2, 7004),
        "waiting": ids(VK2, 7001, 7009),
    },
    "vk-photo": {
        "url": "https://vk.com/kolosok_bakery?z=photo-220555001_457240100%2Falbum-220555001_00%2Frev",
        "text": VK_TEXT,
        "team": ids(VK3, 9104),
        "handled": ids(VK3, 9101),
        "waiting": ids(VK3, 9110, 9112),
    },
    "fb-en": {
        "url": "https://www.facebook.com/zernoshop/posts/pfbid0Qa5ZernoShopCoffee",
        "text": FB_TEXT,
        "team": set(),
        "handled": set(),
        "waiting": ids(FB4, 101, 102, 110, 130),
        "maybe": ids(FB4, 120),
    },
    "fb-photo": {
        "url": "https://www.facebook.com/photo/?fbid=1180000000009001&set=a.1180000000000900",
        "text": FB_TEXT,
        "team": ids(FB5, 9012, 9018),
        "handled": ids(FB5, 9011),
        "waiting": ids(FB5, 9015, 9020),
    },
}

WAIT = re.compile(r"ждёт\s+(?:(<1) мин|(\d+) мин|(\d+) ч (\d+) мин|(\d+) дн)")


def shown_minutes(label: str) -> tuple[int, str]:
    """The minutes a badge's «ждёт …» says, and its unit (otklik's formatWait)."""
    m = WAIT.search(label)
    assert m, label
    if m[1]:
        return 0, "min"
    if m[2]:
        return int(m[2]), "min"
    if m[3]:
        return int(m[3]) * 60 + int(m[4]), "h"
    return int(m[5]) * 1440, "d"


def check_waits(page, m: dict) -> None:
    """Each waiting comment's badge says how long it has waited since the page's instant."""
    times = page.evaluate("() => window.__qa5.times")
    now_ms = page.evaluate("() => Date.now()")
    comments = read_by_id(page, m["text"])
    for cid in m["waiting"]:
        want = (now_ms - times[cid.split("_")[-1]]) / 60000
        got, unit = shown_minutes(comments[cid]["wait"])
        if unit == "d":
            assert got // 1440 == int(want // 1440), (cid, comments[cid]["wait"], want)
        else:
            assert abs(got - want) <= 3, (cid, comments[cid]["wait"], round(want))


def wait_badged(page, m: dict) -> None:
    """Every customer comment wears its badge: a badge is placed with its analysis, after
    the record (ANALYSED alone does not count the badges not placed yet)."""
    wait_until(
        lambda: all(
            (read_by_id(page, m["text"]).get(i) or {}).get("badges") == 1
            for i in m["handled"] | m["waiting"]
        ),
        timeout=10,
        message="badges on the customers",
    )


def open_qa5(browser, name: str):
    page = browser.ctx.new_page()
    page.goto(QA5[name]["url"])
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, QA5[name])
    return page


@pytest.mark.parametrize("name", list(QA5))
def test_qa5_page_badges_brand_handled_and_waiting_times(browser, api, artifacts, name):
    require_companion_api(api)
    page = open_qa5(browser, name)
    check_page_reading(page, QA5[name])
    check_waits(page, QA5[name])
    page.screenshot(path=str(artifacts / f"qa5-{name}.png"), full_page=True)


def test_qa5_facebook_view_more_replies_brings_the_pages_answer(browser, api):
    require_companion_api(api)
    page = open_qa5(browser, "fb-en")
    page.click("#qa5-more-101 [role=button]")
    m = {
        **QA5["fb-en"],
        "team": ids(FB4, 105),
        "handled": ids(FB4, 101),
        "waiting": ids(FB4, 102, 104, 106, 110, 130),
    }
    wait_until(
        lambda: ids(FB4, 105) <= set(read_by_id(page, FB_TEXT)), timeout=10, message="replies"
    )
    time.sleep(0.5)
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)
    check_page_reading(page, m)
    check_waits(page, m)
    annotated = page.evaluate(
        "() => [...document.querySelectorAll('[data-otklik-id]')].map((e) => e.dataset.otklikId)"
    )
    assert len(annotated) == len(set(annotated)), annotated
