"""The QA pages of issue 14 in Debian's Chromium with the real companion.

tests/fixtures/qa/ holds each markup written again, from the public sources named at the
top of every page, by a hand other than the adapters' author (VK's redesigned web in two
renderings, VK classic, legacy m.vk.com, a Facebook post page and a post dialog, and a
markup nobody knows). They run the way tests/e2e/test_pages.py runs the project's own
fixtures: badges with the companion's tone on every customer comment, none on the brand's
replies, handled marks on the comments the brand answered (and only those), waiting
times on the rest and in the unanswered panel, later-loaded comments, and the page-health
notice where nothing can be read.
"""

from __future__ import annotations

import time

import pytest

from .conftest import wait_until
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import (
    PANEL,
    READ,
    expect_health_notice,
    expect_template_warning,
    require_companion_api,
    require_template_check,
)


def vk(post: int, *replies: int) -> set[str]:
    return {f"-218000111_{post}_{r}" for r in replies}


VK_TEXT = '[data-testid="comment-text"], .wall_reply_text, .ReplyItem__body'
FB_TEXT = 'div[dir="auto"]'

# The correct reading of each page, as written in the page itself.
QA = {
    "vk-new-a": {
        "url": "https://vk.com/wall-218000111_4512",
        "text": VK_TEXT,
        "team": vk(4512, 4523, 4527),
        "handled": vk(4512, 4520, 4521),
        "waiting": vk(4512, 4524, 4526),
    },
    "vk-new-b": {
        "url": "https://vk.com/wall-218000111_4600",
        "text": VK_TEXT,
        "team": vk(4600, 4603),
        "handled": vk(4600, 4601),
        "waiting": vk(4600, 4602, 4604, 4605),
    },
    "vk-classic": {
        "url": "https://vk.com/wall-218000111_4700",
        "text": VK_TEXT,
        "team": vk(4700, 4703, 4706),
        "handled": vk(4700, 4701, 4702),
        "waiting": vk(4700, 4704, 4705),
    },
    "m.vk": {
        "url": "https://m.vk.com/wall-218000111_4800",
        "text": VK_TEXT,
        "team": vk(4800, 4803),
        "handled": vk(4800, 4801),
        "waiting": vk(4800, 4802, 4804),
    },
    "m.vk-new": {
        "url": "https://m.vk.com/wall-218000111_5000",
        "text": VK_TEXT,
        "team": vk(5000, 5004),
        "handled": vk(5000, 5003),
        "waiting": vk(5000, 5001, 5002, 5005),
    },
    "fb-post": {
        "url": "https://www.facebook.com/zernocoffee/posts/pfbid02ZernoQa1",
        "text": FB_TEXT,
        "team": {"1198877665500123"},
        "handled": {"1043318867701234"},
        "waiting": {"1198877665500456", "1043318867705678", "1043318867709012"},
    },
    "fb-dialog": {
        "url": "https://www.facebook.com/",
        "text": FB_TEXT,
        "team": {"2201000000000099"},
        "handled": {"2201000000000011"},
        "waiting": {"2201000000000022", "2201000000000033"},
    },
}


def open_qa(browser, name: str):
    page = browser.ctx.new_page()
    page.goto(QA[name]["url"])
    page.wait_for_function(ANALYSED, timeout=20000)
    return page


def by_id(page, name: str) -> dict[str, dict]:
    return read_by_id(page, QA[name]["text"])


def read_by_id(page, text_sel: str) -> dict[str, dict]:
    return {c["id"]: c for c in page.evaluate(READ, text_sel)}


def check_reading(page, name: str, m: dict) -> None:
    check_page_reading(page, m)


def check_page_reading(page, m: dict) -> None:
    """The page as `m` reads it: team, handled, waiting ids (and "maybe": comments the
    adapter may read or leave, never mislabel: customers waiting when read; "either": a
    customer's comment whose handled state is otklik's policy: read, badged, handled or
    waiting)."""
    maybe = m.get("maybe", set())
    either = m.get("either", set())
    wait_until(
        lambda: all(
            (read_by_id(page, m["text"]).get(i) or {}).get("handled") for i in m["handled"]
        ),
        timeout=10,
        message="handled marks",
    )
    comments = read_by_id(page, m["text"])
    expected = m["team"] | m["handled"] | m["waiting"] | either
    assert expected <= set(comments) <= expected | maybe, sorted(comments)
    waiting = m["waiting"] | (maybe & set(comments))
    for cid in m["team"]:
        assert comments[cid]["badges"] == 0, f"the brand's reply {cid} wears a badge"
    for cid in m["handled"] | waiting | either:
        c = comments[cid]
        assert c["badges"] == 1, c
        # A sticker alone has no text to analyse: said so, never «анализ…» for good.
        tones = ("negative", "neutral", "positive") if c["text"] else ("unavailable",)
        assert c["tone"] in tones, c
    for cid in m["handled"]:
        assert comments[cid]["handled"] == "✓ отвечено", comments[cid]
        assert comments[cid]["wait"] == "", comments[cid]
    for cid in waiting:
        assert comments[cid]["handled"] == "", comments[cid]
        assert comments[cid]["wait"].startswith("ждёт "), comments[cid]
    panel = wait_until(
        lambda: (p := page.evaluate(PANEL)) and p["health"] != "unknown" and p,
        timeout=10,
        message="the unanswered panel, judged",
    )
    assert waiting <= set(panel["ids"]) <= waiting | either, panel["ids"]
    assert panel["health"] == "ok"


@pytest.mark.parametrize("name", list(QA))
def test_qa_page_badges_brand_replies_handled_and_waits(browser, api, artifacts, name):
    require_companion_api(api)
    page = open_qa(browser, name)
    check_reading(page, name, QA[name])
    page.screenshot(path=str(artifacts / f"qa-{name}.png"), full_page=True)


def test_qa_later_comments_are_read_and_mark_their_targets(browser, api):
    require_companion_api(api)
    # VK: «Показать ещё комментарии» appends a customer's comment and the brand's reply.
    page = open_qa(browser, "vk-new-b")
    page.click('[data-testid="show_next_comments"]')
    more = {
        **QA["vk-new-b"],
        "team": QA["vk-new-b"]["team"] | vk(4600, 4609),
        "handled": QA["vk-new-b"]["handled"] | vk(4600, 4608),
    }
    wait_until(lambda: len(by_id(page, "vk-new-b")) == 7, timeout=10, message="two more comments")
    page.wait_for_function(ANALYSED, timeout=20000)
    check_reading(page, "vk-new-b", more)
    # m.vk.com's redesign: «Показать ответы» opens a thread holding the brand's reply.
    page = open_qa(browser, "m.vk-new")
    page.click(".qa-show-replies")
    more = {
        **QA["m.vk-new"],
        "team": QA["m.vk-new"]["team"] | vk(5000, 5006),
        "handled": QA["m.vk-new"]["handled"] | vk(5000, 5005),
        "waiting": QA["m.vk-new"]["waiting"] - vk(5000, 5005),
    }
    check_reading(page, "m.vk-new", more)
    # Facebook: «View 1 reply» renders the Page's reply inside the customer's comment.
    page = open_qa(browser, "fb-dialog")
    page.click(".qa-view-more")
    more = {
        **QA["fb-dialog"],
        "team": QA["fb-dialog"]["team"] | {"2201000000000044"},
        "handled": QA["fb-dialog"]["handled"] | {"2201000000000022"},
        "waiting": QA["fb-dialog"]["waiting"] - {"2201000000000022"},
    }
    check_reading(page, "fb-dialog", more)
    # The thread rendered twice: one annotated node per id, on the visible rendering.
    ids = page.evaluate(
        "() => [...document.querySelectorAll('[data-otklik-id]')].map((e) => e.dataset.otklikId)"
    )
    assert len(ids) == len(set(ids)) == 5, ids
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('[data-otklik-id]')]"
        ".filter((e) => e.closest('[style*=\"display: none\"]')).length"
    )
    assert hidden == 0


def test_qa_unknown_markup_says_it_cannot_read(browser, api):
    page = browser.ctx.new_page()
    page.goto("https://vk.com/wall-218000111_4900")
    misses = expect_health_notice(browser, api, page)
    assert [(m["platform"], m["page_kind"], m["reason"]) for m in misses] == [
        ("vk", "post", "comments")
    ]


# The composer each page offers: the post's own box (the pages' stand-ins do not open
# per-comment boxes).
COMPOSERS = {
    "vk-new-a": '[data-testid="content-editable-input"]',
    "vk-new-b": '[data-testid="content-editable-input"]',
    "vk-classic": ".submit_post_field",
    "m.vk": "textarea#reply_field",
    "m.vk-new": '[data-testid="content-editable-input"]',
    "fb-post": "[data-lexical-editor]",
    "fb-dialog": '[role="dialog"] [data-lexical-editor]',
}


@pytest.mark.parametrize("name", list(COMPOSERS))
def test_qa_template_warning_in_the_composer(browser, api, name):
    require_template_check(api)
    check_template_warning(open_qa(browser, name), COMPOSERS[name], name)


def check_template_warning(page, selector: str, name: str) -> None:
    """TEMPLATE typed in the composer warns within 2 s; a personal reply is ok; no markup
    of ours is left inside the editor."""
    editor = page.locator(selector).first
    editor.click()
    expect_template_warning(page, editor, selector, f"QA {name}")


def test_qa_a_sent_reply_is_stored_with_the_right_comment_id(browser, api):
    require_companion_api(api)
    page = open_qa(browser, "vk-new-a")
    cid = "-218000111_4512_4526"  # Денис, a root comment nobody answered yet
    page.click(f'[data-otklik-id="{cid}"] [data-testid="comment-reply"]')
    editor = page.locator('[data-testid="content-editable-input"]')
    editor.press("End")
    text = "спасибо! Ждём вас к 7:30, первый кофе за наш счёт."
    page.keyboard.type(text)
    time.sleep(0.4)
    editor.press("Enter")
    rows = wait_until(
        lambda: api.rows("SELECT * FROM replies WHERE comment_id = ?", cid),
        timeout=15,
        message="the reply in the companion's database",
    )
    assert len(rows) == 1, [dict(r) for r in rows]
    assert rows[0]["platform"] == "vk"
    assert rows[0]["text"].replace("\xa0", " ").endswith(text)
    assert rows[0]["response_seconds"] > 0
    wait_until(
        lambda: (by_id(page, "vk-new-a").get(cid) or {}).get("handled", "").startswith("✓"),
        timeout=10,
        message="the answered comment marked handled",
    )
    panel = page.evaluate(PANEL)
    assert cid not in panel["ids"]
