"""The reply coach and the reply outcome in Debian's Chromium on the VK fixture, against
the real companion: a joking emoji reply to the aggressor shows the unmet checklist
items under the draft (sending is not blocked); sent, and followed by the customer's
thanks in the thread, it is stored with outcome «thanked», shown on the dashboard's
reply page. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import time

from companion.login import login_url

from .conftest import wait_until
from .fixture_server import FB_POST, VK_POST
from .test_extension import REPLY_SHOWN, open_page, require_analyze

JOKE = "ну не кипятитесь так 😂 всё скоро заработает)))"
THANKS = "Спасибо, всё заработало! Извините, что нагрубил"
COACH_SHOWN = """() => { const h = document.querySelector('otklik-draft');
    const box = h && h.shadowRoot.querySelector('.otklik-coach');
    return box && !box.hidden && box.querySelectorAll('li[data-met="false"]').length >= 3; }"""
READ_COACH = """() => [...document.querySelector('otklik-draft').shadowRoot
    .querySelectorAll('.otklik-coach li')].map((li) => ({item: li.dataset.item,
        met: li.dataset.met === 'true', text: li.textContent}))"""
# The customer answers in the thread, the way the site renders a comment (vk-site.js).
CUSTOMER_WRITES = """(text) => {
    const list = document.querySelector('#replies_wrap_deep-12345_910 .replies_list_deep');
    const el = document.createElement('div');
    el.id = 'post-12345_3000';
    el.className = 'reply reply_dived clear _post reply_deep';
    el.dataset.postId = '-12345_3000';
    el.innerHTML = `<a class="reply_image" href="/id111"></a><div class="reply_content">
      <div class="reply_author"><a class="author" href="/id111" data-from-id="111"
        data-post-id="-12345_3000">Иван Петров</a></div>
      <div class="reply_text"><div id="wpt-12345_3000"><div class="wall_reply_text">
        </div></div></div>
      <div class="reply_footer"><div class="reply_date"><a class="wd_lnk"
        href="/wall-12345_678?reply=3000&amp;thread=910"><span class="rel_date">только что</span>
      </a></div>
      <a class="reply_link" role="button" tabindex="0">Ответить</a></div></div>`;
    el.querySelector('.wall_reply_text').textContent = text;
    list.appendChild(el);
}"""


def test_joke_to_aggressor_shows_unmet_items_and_thanks_is_recorded(browser, api, artifacts):
    require_analyze(api)
    page = open_page(browser, f"https://vk.com{VK_POST}")
    page.locator(".reply_link").first.click()  # «ВЫ ТАМ ВСЕ УСНУЛИ?!…»: the aggressor
    editor = page.locator(".submit_post_field")
    editor.press("End")
    page.keyboard.type(JOKE)
    page.wait_for_function(COACH_SHOWN, timeout=15000)
    items = {i["item"]: i for i in page.evaluate(READ_COACH)}
    unmet = {k for k, i in items.items() if not i["met"]}
    assert {"apologises", "next_step", "persona_fit", "tone_fit"} <= unmet, items
    assert "эмодзи" in items["persona_fit"]["text"]
    assert items["addresses"]["met"]  # VK prefilled «Иван, »
    page.screenshot(path=str(artifacts / "vk-coach-joke.png"), full_page=True)

    # Never blocks sending.
    text = editor.inner_text().strip()
    editor.press("Enter")
    page.wait_for_function(REPLY_SHOWN, arg=text)
    reply = wait_until(
        lambda: api.rows("SELECT id FROM replies WHERE comment_id = ?", "-12345_678_910"),
        timeout=15, message="the reply in the companion's database",
    )[0]
    coach = wait_until(
        lambda: api.rows("SELECT score, unmet FROM reply_coach WHERE reply_id = ?", reply["id"]),
        timeout=15, message="the coach's verdict stored with the reply",
    )[0]
    assert "persona_fit.aggressor" in coach["unmet"] and coach["score"] < 0.5

    page.evaluate(CUSTOMER_WRITES, THANKS)
    outcome = wait_until(
        lambda: api.rows("SELECT outcome FROM reply_outcomes WHERE reply_id = ?", reply["id"]),
        timeout=20, message="the follow-up linked and the outcome labelled",
    )[0]
    assert outcome["outcome"] == "thanked"
    followup = api.rows("SELECT comment_id, answered_comment_id FROM followups")
    assert [tuple(f) for f in followup] == [("-12345_678_3000", "-12345_678_910")]

    # The dashboard's reply page (signed in as `otklik dashboard` does it) shows the
    # checklist and the outcome.
    dash = browser.ctx.new_page()
    dash.goto(login_url(api.server.data_dir, f"127.0.0.1:{api.server.port}"))
    dash.wait_for_url(f"{api.server.url}/", timeout=15000)
    dash.goto(f"{api.server.url}/replies/{reply['id']}")
    html = dash.content()
    assert 'id="outcome">после ответа поблагодарили<' in html
    assert THANKS in html
    assert 'data-met="false"' in html
    dash.screenshot(path=str(artifacts / "dashboard-reply-outcome.png"), full_page=True)


# On Facebook the customer answers in the reply list under their comment.
FB_CUSTOMER_WRITES = """(text) => {
    const item = document.querySelector('div[aria-label^="Комментарий от Иван"]').closest('li');
    const ul = item.querySelector(':scope > .replies > ul');
    const li = document.createElement('li');
    const base = 'https://www.facebook.com/';
    const ids = 'comment_id=Y29tbWVudDoxMTEx&reply_comment_id=Y29tbWVudDo5OTk5';
    li.innerHTML = `<div role="article" aria-label="Ответ от Иван Петров только что" tabindex="-1">
      <div><a href="${base}profile.php?id=100001&${ids}" role="link" tabindex="-1">
        <svg width="24" height="24"></svg></a></div>
      <div><div class="x1n2onr6"><span><a href="${base}profile.php?id=100001&${ids}"
        role="link"><span dir="auto">Иван Петров</span></a></span>
        <div dir="auto" style="text-align: start;"></div></div>
        <ul class="x78zum5"><li><a href="${base}berezka.market/posts/pfbid02aXyZ?${ids}"
          role="link">1 мин.</a></li>
        <li><div role="button" tabindex="0">Ответить</div></li></ul>
      </div></div>`;
    li.querySelector('div[dir="auto"][style]').textContent = text;
    ul.appendChild(li);
}"""


def test_facebook_joke_to_aggressor_and_thanks_after(browser, api, artifacts):
    require_analyze(api)
    page = open_page(browser, f"https://www.facebook.com{FB_POST}")
    ivan = page.locator('div[role="article"][aria-label^="Комментарий от Иван"]')
    ivan.get_by_role("button", name="Ответить").click()
    box = page.locator('li [role="textbox"][contenteditable="true"]').first
    box.press("End")
    page.keyboard.type("Иван, " + JOKE)
    page.wait_for_function(COACH_SHOWN, timeout=15000)
    items = {i["item"]: i for i in page.evaluate(READ_COACH)}
    unmet = {k for k, i in items.items() if not i["met"]}
    assert {"apologises", "next_step", "persona_fit", "tone_fit"} <= unmet, items
    page.screenshot(path=str(artifacts / "facebook-coach-joke.png"), full_page=True)
    box.press("Enter")
    reply = wait_until(
        lambda: api.rows("SELECT id FROM replies WHERE comment_id = ?", "Y29tbWVudDoxMTEx"),
        timeout=15, message="the Facebook reply in the companion's database",
    )[0]
    page.wait_for_function(
        "() => document.querySelectorAll('div[aria-label^=\"Комментарий от Иван\"]')[0]"
        ".closest('li').querySelectorAll(':scope > .replies li').length >= 1"
    )
    time.sleep(0.5)  # the page's reply is on screen before the customer answers it
    page.evaluate(FB_CUSTOMER_WRITES, THANKS)
    outcome = wait_until(
        lambda: api.rows("SELECT outcome FROM reply_outcomes WHERE reply_id = ?", reply["id"]),
        timeout=20, message="the Facebook follow-up linked and the outcome labelled",
    )[0]
    assert outcome["outcome"] == "thanked"
