"""One-click pairing in Debian's Chromium: the options page's «Подключить» opens the
companion's page, the operator types a name and confirms, and the extension holds the
token and the name without anything pasted. The page is the dashboard's, so the browser
is signed in first, as `otklik dashboard` leaves it (another account on the machine
could otherwise grant its own extension the token)."""

from __future__ import annotations

import sqlite3

from companion.login import login_url

from .conftest import wait_until


def test_connect_pairs_without_pasting(browser, companion):
    signin = browser.ctx.new_page()
    signin.goto(login_url(companion.data_dir, f"127.0.0.1:{companion.port}"))
    assert signin.url == f"{companion.url}/"
    signin.close()
    browser.settings(companionUrl=companion.url, token="", operator="")
    options = browser.ctx.new_page()
    options.goto(f"chrome-extension://{browser.ext_id}/src/options/options.html")
    wait_until(lambda: options.evaluate("() => !!document.getElementById('companionUrl').value"),
               message="the options page")
    options.fill("#companionUrl", companion.url)
    with browser.ctx.expect_page() as opened:
        options.click("#connect")
    pair = opened.value
    pair.wait_for_load_state()
    assert pair.url.startswith(f"{companion.url}/pair?code=")
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
