"""The overlay in the sites' dark themes, in Debian's Chromium with the real extension and
companion: a VK new-web post and a Facebook post shown dark (tests/fixtures/dark/, their
sources at the top of each page), on a light OS. The tone chip, the wait chip at level
ok (no background of its own: read against what it sits on) and the unanswered panel must
reach a WCAG contrast of 4.5:1 against their backgrounds as drawn; switching the site's
theme live, as its menu does, must switch the overlay without a reload; the OS's scheme
must not. Screenshots: tests/artifacts/dark-*.png."""

from __future__ import annotations

import pytest

from .conftest import wait_until
from .fixture_server import DARK_FB, DARK_VK
from .test_extension import ALL_ANALYSED as ANALYSED
from .test_pages import DRAFT, TEMPLATE, require_companion_api, require_template_check

# The colours of a drawn element and of the first background under it that is painted
# (alpha ≥ .5), walking up through its shadow host into the page: what the eye sees.
DRAWN = """([hostSel, sel]) => {
    const host = [...document.querySelectorAll(hostSel)]
        .find((h) => h.shadowRoot.querySelector(sel));
    if (!host) return null;
    const el = host.shadowRoot.querySelector(sel);
    const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    let bg = null;
    for (let n = el; n && !bg; n = n.parentElement || n.getRootNode().host) {
        const c = getComputedStyle(n).backgroundColor;
        const v = parse(c);
        if (v.length >= 3 && (v.length < 4 || v[3] >= 0.5)) bg = v.slice(0, 3);
    }
    return {color: parse(getComputedStyle(el).color).slice(0, 3), background: bg || [255, 255, 255],
            text: el.textContent};
}"""

TONE = ("otklik-badge", '[data-slot="tone"][data-tone="negative"]')
WAIT_OK = ("otklik-badge", '[data-slot="wait"][data-level="ok"]')
WAIT_LATE = ("otklik-badge", '[data-slot="wait"][data-level="late"]')
PANEL_TEXT = ("otklik-panel", ".otklik-item-text")
PANEL_FOOT = ("otklik-panel", ".otklik-panel")
POP_TEXT = ("otklik-badge", ".otklik-pop:not([hidden]) p")
POP_NOTE = ("otklik-badge", ".otklik-pop:not([hidden]) small")
OPEN_PERSONA = """() => { for (const h of document.querySelectorAll('otklik-badge')) {
    const p = h.shadowRoot.querySelector('[data-slot="persona"][role="button"]');
    if (p && p.textContent) { p.click(); return true; } } return false; }"""

PAGES = {
    "vk": f"https://vk.com{DARK_VK}",
    "facebook": f"https://www.facebook.com{DARK_FB}",
}


def luminance(rgb) -> float:
    def lin(v: float) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def drawn(page, what) -> dict:
    got = page.evaluate(DRAWN, list(what))
    assert got, f"nothing drawn for {what}"
    return got


def check_readable(page, site: str, theme: str) -> dict:
    """Each checked element's contrast against its background, all ≥ 4.5; returns them."""
    ratios = {}
    for name, what in {
        "tone": TONE,
        "wait ok": WAIT_OK,
        "wait late": WAIT_LATE,
        "panel item": PANEL_TEXT,
        "panel": PANEL_FOOT,
    }.items():
        got = drawn(page, what)
        ratios[name] = contrast(got["color"], got["background"])
        assert ratios[name] >= 4.5, (
            f"{site} {theme}: {name} {got['color']} on {got['background']} "
            f"{ratios[name]:.2f} < 4.5 ({got['text']!r})"
        )
    return ratios


def check_dark_draft(page, api, artifacts) -> None:
    """A template typed in VK's composer: the draft check under it, drawn dark and readable."""
    require_template_check(api)
    page.click('[data-testid="content-editable-input"]')
    page.keyboard.type(TEMPLATE, delay=2)
    page.wait_for_function(f"() => ['warn', 'high'].includes(({DRAFT})())", timeout=5000)
    for what in (
        ("otklik-draft", ".otklik-draft-head"),
        ("otklik-draft", ".otklik-draft-nearest"),
        ("otklik-draft", "mark.otklik-cliche, mark.otklik-template, .otklik-draft-text"),
    ):
        got = drawn(page, what)
        assert luminance(got["background"]) < 0.1 or "mark" in what[1], got
        ratio = contrast(got["color"], got["background"])
        assert ratio >= 4.5, f"dark draft {what[1]}: {got} {ratio:.2f}"
    page.screenshot(path=str(artifacts / "dark-vk-draft.png"), full_page=True)


def theme_shown(page) -> str | None:
    return page.evaluate("() => document.documentElement.dataset.otklikTheme || null")


@pytest.mark.parametrize("site", ["vk", "facebook"])
def test_dark_site_overlay_readable_and_follows_live_switch(browser, api, artifacts, site):
    require_companion_api(api)
    page = browser.ctx.new_page()
    page.emulate_media(color_scheme="light")  # the OS is light: only the site is dark
    page.goto(PAGES[site])
    page.wait_for_function(ANALYSED, timeout=20000)
    page.wait_for_function("() => document.querySelector('otklik-panel')", timeout=10000)
    assert theme_shown(page) == "dark"

    # The site's own background is dark, and the overlay's chips are drawn dark on it.
    wait = drawn(page, WAIT_OK)
    assert luminance(wait["background"]) < 0.05, f"the page under the wait chip: {wait}"
    tone = drawn(page, TONE)
    assert luminance(tone["background"]) < 0.1, f"a glaring chip on a dark page: {tone}"
    dark = check_readable(page, site, "dark")
    # The persona popover (the aggressor's complaint has one): its text and small note.
    assert page.evaluate(OPEN_PERSONA), "no persona chip to open"
    for what in (POP_TEXT, POP_NOTE):
        got = drawn(page, what)
        ratio = contrast(got["color"], got["background"])
        assert ratio >= 4.5, f"{site} dark popover {what[1]}: {got} {ratio:.2f}"
    page.screenshot(path=str(artifacts / f"dark-{site}.png"), full_page=True)
    page.evaluate(OPEN_PERSONA)  # closed again
    if site == "vk":  # (the Facebook page has no composer)
        check_dark_draft(page, api, artifacts)

    # The operator switches the site to light, without a reload: the overlay follows.
    page.evaluate("() => window.__site.theme('light')")
    wait_until(lambda: theme_shown(page) == "light", timeout=5, message="the light overlay")
    tone = drawn(page, TONE)
    assert tone["background"] == [253, 232, 232], tone  # the light chip, as before
    assert drawn(page, WAIT_OK)["color"] == [74, 82, 96]
    check_readable(page, site, "light")
    page.screenshot(path=str(artifacts / f"dark-{site}-switched-light.png"), full_page=True)

    # The OS turning dark changes nothing: the site is light and marks it.
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(300)
    assert theme_shown(page) == "light"
    assert drawn(page, TONE)["background"] == [253, 232, 232]

    # And back to dark: the same colours as at load, no reload (the badges are the same nodes).
    page.evaluate("() => document.querySelector('otklik-badge').dataset.kept = '1'")
    page.evaluate("() => window.__site.theme('dark')")
    wait_until(lambda: theme_shown(page) == "dark", timeout=5, message="the dark overlay again")
    again = check_readable(page, site, "dark again")
    assert again == pytest.approx(dark)
    assert page.evaluate("() => document.querySelector('otklik-badge').dataset.kept") == "1"
    page.close()


# The body's colours and those of every element with text of its own on the page, against
# the first painted background under each.
PAGE_TEXTS = """() => {
    const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const under = (el) => {
        for (let n = el; n; n = n.parentElement) {
            const v = parse(getComputedStyle(n).backgroundColor);
            if (v.length >= 3 && (v.length < 4 || v[3] >= 0.5)) return v.slice(0, 3);
        }
        return [255, 255, 255];
    };
    return [...document.querySelectorAll('body, body *')]
        .filter((el) => el.offsetParent !== null && [...el.childNodes]
            .some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((el) => ({what: el.tagName + (el.id ? '#' + el.id : ''),
                       color: parse(getComputedStyle(el).color).slice(0, 3),
                       background: under(el)}));
}"""


@pytest.mark.parametrize("name", ["popup/popup.html", "options/options.html"])
def test_popup_and_options_follow_the_browser_scheme(browser, artifacts, name):
    page = browser.ctx.new_page()
    for scheme in ("dark", "light"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"chrome-extension://{browser.ext_id}/src/{name}")
        page.wait_for_timeout(500)
        texts = page.evaluate(PAGE_TEXTS)
        assert texts, "no text shown"
        body = page.evaluate(
            "() => (getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g) || [])"
            ".map(Number)"
        )
        ground = body[:3] if len(body) >= 3 and (len(body) < 4 or body[3] >= 0.5) else [255] * 3
        assert (luminance(ground) < 0.05) == (scheme == "dark"), f"{scheme}: body {body}"
        ratios = [(t, contrast(t["color"], t["background"])) for t in texts]
        low = [
            f"{t['what']}: {t['color']} on {t['background']} {r:.2f}" for t, r in ratios if r < 4.5
        ]
        assert not low, f"{name} {scheme}: {low}"
        stem = name.split("/")[0]
        page.screenshot(path=str(artifacts / f"dark-{stem}-{scheme}.png"), full_page=True)
    page.close()


def test_the_popup_of_an_unpaired_extension_says_connect(browser, companion):
    """The companion answers but the extension holds no valid token (never paired, or the
    token was rotated): an amber dot and «Подключить», not a green «подключён» with a
    terminal command (an operator's first hour)."""
    page = browser.ctx.new_page()
    try:
        browser.settings(token="not-the-token")
        page.goto(f"chrome-extension://{browser.ext_id}/src/popup/popup.html")
        state = page.locator("#state")
        for _ in range(50):  # the popup asks the worker, which asks the companion
            if state.get_attribute("data-state") == "unpaired":
                break
            page.wait_for_timeout(100)
        text = state.inner_text()
        assert state.get_attribute("data-state") == "unpaired", text
        assert "Компаньон работает" in text and "Подключить" in text, text
        assert "подключён" not in text and "otklik token" not in text, text
    finally:
        browser.settings(token=companion.token)
        page.close()
