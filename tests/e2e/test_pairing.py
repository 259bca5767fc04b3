"""One-click pairing in Debian's Chromium: the options page's «Подключить» opens the
companion's page, the operator types a name and confirms, and the extension holds the
token and the name without anything pasted. The page is the dashboard's, so it needs a
signed-in browser (another account on the machine could otherwise grant its own
extension the token): here the browser is not signed in when «Подключить» opens it, the
sign-in page says how without a terminal, and the browser signs in by following the
start-up link `otklik serve` printed, then comes back to the pairing page with its code.
No terminal command is run."""

from __future__ import annotations

import sqlite3

from .conftest import wait_until


def test_connect_pairs_without_pasting(browser, companion, artifacts):
    browser.settings(companionUrl=companion.url, token="", operator="")
    options = browser.ctx.new_page()
    options.goto(f"chrome-extension://{browser.ext_id}/src/options/options.html")
    wait_until(lambda: options.evaluate("() => !!document.getElementById('companionUrl').value"),
               message="the options page")
    options.fill("#companionUrl", companion.url)
    with browser.ctx.expect_page() as opened:
        options.click("#connect")
    first = opened.value
    first.wait_for_load_state()
    # Not signed in: the sign-in page, saying how without a terminal.
    assert first.url.startswith(f"{companion.url}/login?next=/pair")
    assert "без терминала" in first.text_content("#no-terminal")
    assert "otklik serve" in first.text_content("#no-terminal")
    first.screenshot(path=str(artifacts / "pairing-sign-in.png"), full_page=True)
    # The operator opens the link from the otklik serve window (a new tab).
    pair = browser.ctx.new_page()
    pair.goto(companion.startup_link)
    pair.wait_for_url(f"{companion.url}/pair?code=*", timeout=15000)
    pair.wait_for_selector("#pair-form")
    first.close()
    shown = options.evaluate("() => document.getElementById('connecting').textContent")
    assert pair.text_content("#pair-short") in shown  # the same code on both pages
    assert f"chrome-extension://{browser.ext_id}" in pair.text_content("#pair-form")
    pair.fill("#operator", "Ольга Петрова")
    pair.click("#pair-form button[type=submit]")
    pair.wait_for_selector("#pair-done")
    wait_until(lambda: options.evaluate("() => document.getElementById('token').value"),
               timeout=15, message="the token on the options page")
    settings = browser.storage("settings")
    assert settings["token"] == companion.token
    assert settings["operator"] == "Ольга Петрова"
    assert "Ольга Петрова" in options.evaluate(
        "() => document.getElementById('connecting').textContent")
    assert browser.status()["state"] == "online"


def test_a_reply_sent_before_the_name_waits_for_it(browser, companion):
    """No event is ever stored for «unknown»: a nameless reply waits in the extension
    and goes out under the name once the operator gives one."""
    browser.settings(operator="")
    browser.worker.evaluate(
        """async () => {
            const e = {type: 'reply_sent', platform: 'vk', comment_id: 'c-nameless',
                text: 'Ответ без имени', reply_sent_at: new Date().toISOString(),
                uuid: crypto.randomUUID(), operator: ''};
            await chrome.storage.local.set({nameless: [e]});
        }"""
    )
    browser.settings(operator="Ирина")
    wait_until(lambda: not browser.storage("nameless"), timeout=10, message="release")
    def stored():
        db = sqlite3.connect(companion.data_dir / "otklik.db")
        try:
            return db.execute(
                "SELECT operator FROM replies WHERE comment_id = 'c-nameless'").fetchall()
        finally:
            db.close()

    assert wait_until(stored, timeout=15, message="the reply stored") == [("Ирина",)]


def test_the_forwarding_page_signs_the_browser_in(browser, companion, tmp_path):
    """What `otklik serve` and `otklik dashboard` open: a file:// page that forwards to
    the one-time link. A navigation from a file is cross-site, so the SameSite=Strict
    cookie must still reach the dashboard after it (the sign-in page moves on itself)."""
    from companion.login import login_url
    from companion.open_browser import open_page

    page_file = open_page(tmp_path, login_url(companion.data_dir, f"127.0.0.1:{companion.port}"))
    page = browser.ctx.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_url(f"{companion.url}/", timeout=15000)
    page.wait_for_selector("#logout")  # the dashboard itself, signed in
    page.click("#logout")
    page.wait_for_url(f"{companion.url}/login", timeout=15000)
    page.goto(f"{companion.url}/")
    assert page.url.startswith(f"{companion.url}/login")
