"""The eleventh QA pass of issue 14 in Debian's Chromium with the real companion.

tests/fixtures/qa11/ holds three pages written by an eleventh hand from the public sources
named at the top of each, before reading the adapters:

- a Facebook Page's post opened FROM A NOTIFICATION (``?comment_id=<base64>&reply_comment_id=…
  &notif_id=…``): the focused thread first (105 with the Page's answer 106 and the focused
  reply 107, highlighted), the rest behind «Показать другие комментарии», which inserts 101-104
  above the focused thread and 108 below it, taking the highlight off the same nodes;
- a VK new-web post opened at ``?reply=8806&thread=8803``: 8806 highlighted, its thread loaded
  only in part, «Показать предыдущие ответы» and «Показать ещё 2 ответа» / «Показать ещё 1
  ответ» loading the rest in pages (the brand's answers among them), the highlight fading
  after 3 s;
- VK new-web comments rendered IN STAGES (VKUI skeletons, two filled in place — one's text
  later than its author and date — then the list replaced by the real one), and the same page
  at ``/wall-231110001_891`` where the comments never arrive.

Each page writes its time labels from the clock at load and keeps the instants in
``window.__qa11.times``. Checked as the sixth to tenth passes do (tone badges on customers,
none on the brand, handled marks, the unanswered panel, «ждёт …» against the instants), plus:
each comment annotated once through every load, no badge left on a removed node, no badge on
a skeleton, no false «не смог прочитать» while the comments load, the notice when they never
come.
"""

from __future__ import annotations

import time

from .conftest import wait_until
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import PANEL, expect_health_notice, require_companion_api
from .test_qa5_pages import ids
from .test_qa6_pages import FB_TEXT, VK_TEXT, annotated_ids, check_waits, wait_badged
from .test_qa7_pages import NOTICE, badges_on_removed_nodes
from .test_qa_pages import check_page_reading, read_by_id

F = "1411000000000"
V = "-231110001_880_"
S = "-231110001_890_"

FB_URL = (
    "https://www.facebook.com/gorodok.pekarnya/posts/pfbid0Qa11GorodokNotif"
    "?comment_id=Y29tbWVudDoxMjM0NTY3ODkwMTIzNDU2XzE0MTEwMDAwMDAwMDAxMDU%3D"
    "&reply_comment_id=1411000000000107&notif_id=1764671000000001&notif_t=comment_mention&ref=notif"
)
VK_URL = "https://vk.com/wall-231110001_880?reply=8806&thread=8803"
SK_URL = "https://vk.com/wall-231110001_890"
NEVER_URL = "https://vk.com/wall-231110001_891"

# The correct readings, stage by stage, as written at the top of each page.
FB_LOAD = {"text": FB_TEXT, "team": ids(F, 106), "handled": ids(F, 105), "waiting": ids(F, 107)}
FB_ALL = {
    "text": FB_TEXT,
    "team": ids(F, 102, 106),
    "handled": ids(F, 101, 105),
    "waiting": ids(F, 103, 104, 107, 108),
}
VK_STAGES = [
    (
        "load",
        None,
        {"team": ids(V, 8802), "handled": ids(V, 8801), "waiting": ids(V, 8803, 8806, 8810)},
    ),
    (
        "previous",
        "showPrevious",
        {
            "team": ids(V, 8802, 8804),
            "handled": ids(V, 8801, 8803),
            "waiting": ids(V, 8805, 8806, 8810),
        },
    ),
    (
        "next 1",
        "showNext",
        {
            "team": ids(V, 8802, 8804, 8807),
            "handled": ids(V, 8801, 8803, 8805),
            "waiting": ids(V, 8806, 8808, 8810),
        },
    ),
    (
        "next 2",
        "showNext",
        {
            "team": ids(V, 8802, 8804, 8807, 8809),
            "handled": ids(V, 8801, 8803, 8805, 8806),
            "waiting": ids(V, 8808, 8810),
        },
    ),
]
SK_FINAL = {
    "text": VK_TEXT,
    "team": ids(S, 8902),
    "handled": ids(S, 8901),
    "waiting": ids(S, 8903, 8904, 8905),
}


def once(page) -> None:
    got = annotated_ids(page)
    assert len(got) == len(set(got)), sorted(got)
    assert badges_on_removed_nodes(page) == 0


def settled(page, m: dict, n: int) -> None:
    """`n` comments annotated, every customer badged and analysed."""
    wait_until(lambda: len(annotated_ids(page)) >= n, timeout=10, message=f"{n} annotated")
    page.wait_for_function(ANALYSED, timeout=20000)
    wait_badged(page, m)


def test_qa11_facebook_opened_from_a_notification(browser, api, artifacts):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto(FB_URL)
    settled(page, FB_LOAD, 3)
    check_page_reading(page, FB_LOAD)
    check_waits(page, FB_LOAD, "qa11")
    once(page)
    page.screenshot(path=str(artifacts / "qa11-fb-focus.png"), full_page=True)
    page.click("#qa11-others")
    settled(page, FB_ALL, 8)
    check_page_reading(page, FB_ALL)
    check_waits(page, FB_ALL, "qa11")
    once(page)
    assert len(annotated_ids(page)) == 8
    # The focused comments, their highlight gone, keep one badge each.
    comments = read_by_id(page, FB_TEXT)
    for cid in ids(F, 105, 107):
        assert comments[cid]["badges"] == 1, comments[cid]
    page.screenshot(path=str(artifacts / "qa11-fb-all.png"), full_page=True)


def test_qa11_vk_opened_at_a_reply_thread_loaded_in_pages(browser, api, artifacts):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto(VK_URL)
    count = 0
    for stage, action, m in VK_STAGES:
        m = {"text": VK_TEXT, **m}
        if action:
            page.evaluate(f"() => window.__qa11.{action}()")
        count = len(m["team"] | m["handled"] | m["waiting"])
        settled(page, m, count)
        try:
            check_page_reading(page, m)
            check_waits(page, m, "qa11")
            once(page)
            assert len(annotated_ids(page)) == count, (stage, sorted(annotated_ids(page)))
        finally:
            page.screenshot(path=str(artifacts / f"qa11-vk-focus-{stage}.png"), full_page=True)
    # The highlight fades 3 s after load (a class change on 8806): nothing changes.
    page.wait_for_function(
        "() => !document.querySelector('.vkitComment__rootHighlighted--qa')", timeout=10000
    )
    time.sleep(1)
    check_page_reading(page, {"text": VK_TEXT, **VK_STAGES[-1][2]})
    once(page)
    assert len(annotated_ids(page)) == count


LOADING_PROBE = """() => {
    const h = document.querySelector('otklik-panel');
    const r = h && h.shadowRoot;
    const panel = r && r.querySelector('.otklik-panel');
    const busyBadges = [...document.querySelectorAll('[aria-busy="true"]')]
        .filter((b) => b.querySelector('otklik-badge')).length;
    return {stage: window.__qa11 && window.__qa11.stage(),
            health: panel ? panel.dataset.health : null,
            notice: r ? r.textContent.includes('otklik не смог прочитать') : false,
            calm: r ? r.textContent.includes('отвечены') : false,
            busyBadges};
}"""


def probe_loading(page, until_s: float) -> list[dict]:
    seen = []
    end = time.monotonic() + until_s
    while time.monotonic() < end:
        seen.append(page.evaluate(LOADING_PROBE))
        time.sleep(0.05)
    return seen


def test_qa11_vk_comments_in_stages_no_false_notice_and_each_annotated_once(
    browser, api, artifacts
):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto(SK_URL)
    seen = probe_loading(page, 2.0)
    stages = [s["stage"] for s in seen]
    assert "final" in stages, stages
    loading = [s for s in seen if s["stage"] != "final"]
    assert loading, "the page was never seen loading"
    assert not [s for s in loading if s["health"] == "miss" or s["notice"]], loading
    # (A badge on the half-filled 8903 while its text is a skeleton: the xfail test below.)
    assert not [s for s in seen if s["stage"] == "skeleton" and s["busyBadges"]], (
        "a skeleton badged"
    )
    settled(page, SK_FINAL, 5)
    check_page_reading(page, SK_FINAL)
    check_waits(page, SK_FINAL, "qa11")
    once(page)
    assert len(annotated_ids(page)) == 5
    # Judged after the load: never a miss, neither in the popup nor in the companion's count.
    time.sleep(2.5)
    panel = page.evaluate(PANEL)
    assert panel["health"] == "ok", panel
    assert NOTICE not in panel["text"]
    assert browser.status()["health"]["state"] != "miss"
    assert api.call("GET", "/page-health")[1]["misses"] == []
    page.screenshot(path=str(artifacts / "qa11-vk-stages.png"), full_page=True)


def test_qa11_vk_a_comment_whose_text_is_a_skeleton_is_not_annotated(browser, api, artifacts):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto(SK_URL)
    page.wait_for_function("() => window.__qa11.stage() === 'partial'", timeout=10000)
    seen = []
    while page.evaluate("() => window.__qa11.stage()") == "partial":
        seen.append(
            page.evaluate(
                """() => {
                    const el = document.querySelector('[data-otklik-id="-231110001_890_8903"]');
                    return el ? {badges: el.querySelectorAll('otklik-badge').length,
                                 text: el.querySelector('[data-testid="comment-text"]').textContent}
                              : null; }"""
            )
        )
        time.sleep(0.05)
    annotated = [s for s in seen if s]
    assert annotated == [], annotated[:3]


def test_qa11_vk_comments_that_never_arrive_get_the_notice(browser, api, artifacts):
    page = browser.ctx.new_page()
    page.goto(NEVER_URL)
    page.wait_for_function("() => window.__qa11 && window.__qa11.never", timeout=10000)
    misses = expect_health_notice(browser, api, page)
    assert [(m["platform"], m["page_kind"], m["reason"]) for m in misses] == [
        ("vk", "post", "comments")
    ]
    assert page.evaluate("() => document.querySelectorAll('otklik-badge').length") == 0
    assert annotated_ids(page) == []
    page.screenshot(path=str(artifacts / "qa11-vk-never.png"), full_page=True)


LATE_URL = "https://vk.com/wall-231110001_892"
L = "-231110001_892_"
LATE_FINAL = {
    "text": VK_TEXT,
    "team": ids(L, 8902),
    "handled": ids(L, 8901),
    "waiting": ids(L, 8903, 8904, 8905),
}


def test_qa11_vk_comments_that_arrive_late_are_read_and_clear_the_notice(browser, api, artifacts):
    """A slow connection: only skeletons for 6 s, then the comments. Once they come: every
    customer annotated once, the panel judged «ok» again with the waiting ones, no notice in
    the panel or the popup (otklik judges a page 1.5 s after it quiets down)."""
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto(LATE_URL)
    page.wait_for_function("() => window.__qa11.stage() === 'final'", timeout=15000)
    settled(page, LATE_FINAL, 5)
    panel = wait_until(
        lambda: (p := page.evaluate(PANEL)) and p["health"] == "ok" and p,
        timeout=10,
        message="the panel judged again once the comments came",
    )
    assert NOTICE not in panel["text"]
    check_page_reading(page, LATE_FINAL)
    check_waits(page, LATE_FINAL, "qa11")
    once(page)
    wait_until(
        lambda: browser.status()["health"]["state"] != "miss",
        timeout=10,
        message="the popup's notice gone",
    )
    page.screenshot(path=str(artifacts / "qa11-vk-late.png"), full_page=True)


def test_qa11_vk_no_notice_and_no_miss_while_only_skeletons_are_shown(browser, api, artifacts):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.goto(LATE_URL)
    early = probe_loading(page, 5.0)
    assert {s["stage"] for s in early} == {"skeleton"}, {s["stage"] for s in early}
    page.screenshot(path=str(artifacts / "qa11-vk-late-loading.png"), full_page=True)
    assert not [s for s in early if s["health"] == "miss" or s["notice"]], early[-1]
    assert api.call("GET", "/page-health")[1]["misses"] == []
