// QA pass 4 (issue 14, the operator's flow): the pages of tests/fixtures/qa4/ with their own
// scripts running (jsdom, runScripts), the real Page and every feature over a stand-in
// worker. «Ответить», typing and sending as each site does them; what otklik reads and
// queues. The browser runs of the same pages: tests/e2e/test_qa4_pages.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FIXTURES, addContentEditable } from './helpers.mjs';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';
import { readAll } from './qa_page.mjs';

const require = createRequire(new URL('../../extension/package.json', import.meta.url));
const { JSDOM } = require('jsdom');

const NOW = new Date('2026-12-02T12:30:00');

function live(file, url) {
  const dom = new JSDOM(readFileSync(path.join(FIXTURES, 'qa4', file), 'utf8'), { url, runScripts: 'dangerously' });
  addContentEditable(dom.window);
  // jsdom has no layout, hence no innerText: the pages' scripts and editorText read it.
  Object.defineProperty(dom.window.HTMLElement.prototype, 'innerText', {
    configurable: true,
    get() { return this.textContent; },
  });
  return dom;
}
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** The real Page with every feature; the stand-in worker calls everything neutral. */
function start(site, dom) {
  const sent = [];
  const send = async (type, payload) => {
    sent.push({ type, payload });
    if (type === MessageCStoBG.ANALYZE) {
      return { results: Object.fromEntries(payload.comments.map((c) => [c.id, { id: c.id, tone: { label: 'neutral', scores: {} } }])) };
    }
    if (type === MessageCStoBG.HANDLED) return { handled: {} };
    return { queued: true };
  };
  const page = new Page({ doc: dom.window.document, adapter: site.createAdapter(), settings: mergeSettings({ operator: 'Анна' }), send, now: () => NOW });
  for (const f of FEATURES) page.use(f);
  page.start();
  const replies = () => sent.filter((m) => m.type === MessageCStoBG.EVENT && m.payload.event?.type === 'reply_sent').map((m) => m.payload.event);
  return { page, sent, replies };
}

const ids = (reads, pred) => reads.filter(pred).map((r) => r.id).sort();

test('qa4 VK classic: the brand reply opening with a link to 802 keeps its own id; 802 is its target', () => {
  const { reads } = readAll(vkSite, live('vk_classic_flow.html', 'https://vk.com/wall-210042_701').window.document, NOW);
  const byId = Object.fromEntries(reads.map((r) => [r.id, r]));
  assert.deepEqual(ids(reads, (r) => r.team), ['-210042_701_803']);
  assert.equal(byId['-210042_701_803'].replyTo, '-210042_701_802');
  assert.deepEqual(ids(reads, (r) => !r.team), ['-210042_701_801', '-210042_701_802', '-210042_701_804']);
});

test('qa4 VK classic: «Ответить», the prefilled «Ирина, », the send button: one reply_sent for 801', async () => {
  const dom = live('vk_classic_flow.html', 'https://vk.com/wall-210042_701');
  const doc = dom.window.document;
  const { page, replies } = start(vkSite, dom);
  await wait(50);
  doc.querySelector('#post-210042_801 .reply_link').click();
  const field = doc.querySelector('.submit_post_field');
  assert.equal(page.replyTarget(field)?.id, '-210042_701_801');
  field.append('извините, что так вышло! Уже разбираемся.');
  field.dispatchEvent(new dom.window.InputEvent('input', { bubbles: true }));
  doc.querySelector('#reply_button-210042_701').click();
  await wait(100);
  // The site shows it as «<a>Ирине</a>, извините…»: the same reply.
  assert.deepEqual(replies().map((e) => [e.comment_id, e.text]),
    [['-210042_701_801', 'Ирина, извините, что так вышло! Уже разбираемся.']]);
  page.stop?.();
});

test('qa4 VK new web: a reply control with an unknown data-testid is still the comment\'s «Ответить»', async () => {
  const dom = live('vk_new_flow.html', 'https://vk.com/wall-210041_501');
  const doc = dom.window.document;
  const { page, replies } = start(vkSite, dom);
  await wait(250); // the page renders its comments after a moment
  const comment = doc.querySelector('[data-comment-id="601"]').closest('[data-testid="wall_comments_comment_root"]');
  assert.equal(page.adapter.replyButton(comment)?.textContent, 'Ответить');
  comment.querySelector('[data-testid="comment-reply-button"]').click();
  assert.equal(page.lastReplyClicked, comment);
  const input = doc.querySelector('[data-testid="content-editable-input"]');
  input.append(' спасибо, что написали, проверим трек сегодня.');
  input.dispatchEvent(new dom.window.InputEvent('input', { bubbles: true }));
  input.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  await wait(100);
  assert.deepEqual(replies().map((e) => e.comment_id), ['-210041_501_601']);
  page.stop?.();
});

test('qa4 m.vk: the textarea form\'s hidden reply_to names 1004; the reply shows with thread=1004', async () => {
  const dom = live('mvk_flow.html', 'https://m.vk.com/wall-210043_901');
  const doc = dom.window.document;
  const { page, replies } = start(vkSite, dom);
  await wait(50);
  doc.querySelector('#wall_reply-210043_1004 .ReplyItem__action').click();
  const ta = doc.querySelector('textarea[name="message"]');
  assert.equal(ta.value, 'Вера, ');
  ta.value += 'сожмите фото до 5 МБ или пришлите ссылку на диск.';
  ta.dispatchEvent(new dom.window.InputEvent('input', { bubbles: true }));
  doc.querySelector('#reply_form').requestSubmit();
  await wait(100);
  assert.deepEqual(replies().map((e) => e.comment_id), ['-210043_901_1004']);
  const reply = page.adapter.read(doc.querySelector('#wall_reply-210043_1005'), NOW);
  assert.equal(reply.team, true);
  assert.equal(reply.replyTo, '-210043_901_1004');
  page.stop?.();
});

test('qa4 Facebook (uk): a paste Lexical handles itself (no input event) still reaches the draft check', async () => {
  const dom = live('fb_lexical_flow.html', 'https://www.facebook.com/lavkapryanik/posts/pfbid0Qa4LavkaPryanik');
  const doc = dom.window.document;
  const { page, sent } = start(fbSite, dom);
  await wait(50);
  const art = doc.querySelector('[data-thread="1122334455667701"]');
  [...art.querySelectorAll('[role="button"]')].find((b) => b.textContent === 'Відповісти').click();
  const editor = art.querySelector('.reply-composer [data-lexical-editor]');
  let inputs = 0;
  editor.addEventListener('input', () => inputs++);
  const paste = new dom.window.Event('paste', { bubbles: true, cancelable: true });
  paste.clipboardData = { getData: () => 'Приносим извинения за доставленные неудобства, обращение передано специалистам.' };
  editor.dispatchEvent(paste);
  await wait(1200); // the draft check's debounce
  assert.equal(inputs, 0);
  const checks = sent.filter((m) => m.type === MessageCStoBG.CHECK_DRAFT);
  assert.equal(checks.length, 1);
  assert.match(checks[0].payload.text, /Приносим извинения/);
  assert.equal(checks[0].payload.comment_id, '1122334455667701');
  page.stop?.();
});
