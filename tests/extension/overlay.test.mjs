// The core and the page features on the VK fixture in jsdom. The worker's side is a
// small stand-in that answers like the companion (docs/api.md shapes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from './helpers.mjs';
import { Page, SEEN_ATTR } from '../../extension/src/core/page.js';
import { createAdapter } from '../../extension/src/sites/vk.js';
import { createAdapter as createFacebookAdapter } from '../../extension/src/sites/facebook.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';

const NOW = new Date('2026-11-22T10:00:00');

function analysisFor(c) {
  const angry = /!!!|УСНУЛИ/.test(c.text);
  return {
    id: c.id,
    tone: { label: angry ? 'negative' : /Спасибо/.test(c.text) ? 'positive' : 'neutral', scores: { negative: angry ? 0.9 : 0.05, neutral: 0.05, positive: angry ? 0.05 : 0.9 } },
    gratitude: /Спасибо/.test(c.text),
    persona: angry
      ? { label: 'aggressor', confidence: 0.9, signals: ['!!!'], behaviour: 'Выслушайте, извинитесь', phrasings: ['мы вас услышали', 'понимаем вас'] }
      : { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
  };
}

function setup({ handled = {}, fixture = 'vk/wall_post.html', url = 'https://vk.com/wall-12345_678', adapter = createAdapter() } = {}) {
  const doc = loadFixture(fixture, url);
  const calls = [];
  const send = async (type, payload) => {
    calls.push({ type, payload });
    if (type === MessageCStoBG.ANALYZE) {
      return { results: Object.fromEntries(payload.comments.map((c) => [c.id, analysisFor(c)])) };
    }
    if (type === MessageCStoBG.HANDLED) return { handled };
    if (type === MessageCStoBG.CHECK_DRAFT) {
      return { result: { score: 0.93, level: 'high', nearest: { id: 't1', text: 'Приносим извинения за доставленные неудобства', source: 'template' }, spans: [], cliches: [{ phrase: 'в настоящее время', start: 0, end: 17, alternative: 'сейчас' }] } };
    }
    return { queued: true };
  };
  const page = new Page({ doc, adapter, settings: mergeSettings({ operator: 'Анна' }), send, now: () => NOW });
  for (const f of FEATURES) page.use(f);
  return { doc, page, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 80));
const chips = (page, id, slot) => page.overlay.slot(page.records.get(id).el, slot);

test('one scan marks each comment once and asks for all analyses in one batch', async () => {
  const { doc, page, calls } = setup();
  page.scan();
  page.scan();
  await tick();
  assert.equal(doc.querySelectorAll(`[${SEEN_ATTR}]`).length, 7);
  const analyze = calls.filter((c) => c.type === MessageCStoBG.ANALYZE);
  assert.equal(analyze.length, 1);
  // The community's own reply is not analysed.
  assert.deepEqual(analyze[0].payload.comments.map((c) => c.id), ['-12345_678_910', '-12345_678_911', '-12345_678_912', '-12345_678_913', '-12345_678_914']);
  assert.equal(analyze[0].payload.comments[0].author, '111');
});

test('badges show tone, gratitude, persona and waiting time in a shadow root', async () => {
  const { doc, page } = setup();
  page.scan();
  await tick();
  const angry = chips(page, '-12345_678_910', 'tone');
  assert.equal(angry.dataset.tone, 'negative');
  assert.equal(angry.textContent, 'негатив');
  assert.equal(chips(page, '-12345_678_911', 'gratitude').textContent, '♥ благодарит');
  assert.equal(chips(page, '-12345_678_910', 'persona').textContent, 'Агрессор ▾');
  assert.equal(chips(page, '-12345_678_911', 'persona').textContent, '');
  const wait = chips(page, '-12345_678_910', 'wait');
  assert.equal(wait.textContent, 'ждёт 34 мин');
  assert.equal(wait.dataset.level, 'late');
  assert.equal(chips(page, '-12345_678_913', 'wait').dataset.level, 'ok');
  // The badge lives next to the comment text, never inside the editor.
  const host = doc.querySelector('otklik-badge');
  assert.ok(host.shadowRoot);
  assert.equal(doc.querySelector('.submit_post_field').children.length, 0);
});

test('a comment with a team reply in its thread shows as handled; the panel leaves it out', async () => {
  const { page } = setup({ handled: { '-12345_678_913': { operator: 'Борис', reply_sent_at: '2026-11-22T09:59:00Z' } } });
  page.scan();
  await tick();
  assert.equal(chips(page, '-12345_678_912', 'handled').textContent, '✓ отвечено');
  assert.equal(chips(page, '-12345_678_913', 'handled').textContent, '✓ ответил(а) Борис');
  assert.equal(chips(page, '-12345_678_912', 'wait').textContent, '');
  const panel = page.doc.querySelector('otklik-panel').shadowRoot;
  const ids = [...panel.querySelectorAll('li')].map((li) => li.dataset.commentId);
  // Negative first, then the longest waiting; handled ones gone.
  assert.deepEqual(ids, ['-12345_678_910', '-12345_678_911']);
  assert.match(panel.querySelector('.otklik-panel-head').textContent, /Без ответа: 2.*цель 20 мин/);
});

test('comments added later are picked up by the observer in one batch', async () => {
  const { doc, page, calls } = setup();
  page.start();
  await tick();
  const list = doc.getElementById('replies-12345_678');
  for (const n of [3001, 3002]) {
    const div = doc.createElement('div');
    div.className = 'reply';
    div.setAttribute('data-post-id', `-12345_${n}`);
    div.innerHTML = `<a class="author" data-from-id="9${n}" href="/id9">X</a><div class="wall_reply_text">Новый комментарий ${n}</div><a href="/wall-12345_678?reply=${n}"><span class="rel_date">только что</span></a>`;
    list.appendChild(div);
  }
  await tick();
  page.stop();
  const batches = calls.filter((c) => c.type === MessageCStoBG.ANALYZE);
  assert.equal(batches.length, 2);
  assert.deepEqual(batches[1].payload.comments.map((c) => c.id), ['-12345_678_3001', '-12345_678_3002']);
  assert.equal(chips(page, '-12345_678_3002', 'tone').textContent, 'нейтрально');
});

test('classic: the brand reply that begins with a link marks the comment it answers, and only that one', async () => {
  const { page } = setup();
  page.scan();
  await tick();
  assert.equal(chips(page, '-12345_678_914', 'handled').textContent, '✓ отвечено');
  assert.equal(page.records.get('-12345_678_916').team, true);
  // The customer's comment wears its own badge; the brand's reply wears none.
  const brandEl = page.records.get('-12345_678_916').el;
  assert.equal([...brandEl.querySelectorAll('otklik-badge')].filter((h) => h.closest('.reply') === brandEl).length, 0);
  assert.equal(chips(page, '-12345_678_913', 'handled').textContent, '');
});

test('new web: a reply to a reply marks that reply handled, not the thread root', async () => {
  const { page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  page.scan();
  await tick();
  const handled = [...page.records.values()].filter((r) => r.handled).map((r) => r.id).sort();
  assert.deepEqual(handled, ['-12345_700_711', '-12345_700_714']);
  const panel = page.doc.querySelector('otklik-panel').shadowRoot;
  assert.equal([...panel.querySelectorAll('li')].length, 4);
});

/** new_post.html with a second comment of Ирина Ким (719) in Олег's thread 713 right after
 * her 714, the community's «ответ Ирине» 715 below them, then her third comment 718. */
function twiceInThread(doc) {
  const level = doc.getElementById('-12345_714').closest('[style*="--comment-layout-level"]');
  const copy = (id, text) => {
    const node = level.cloneNode(true);
    const c = node.querySelector('[data-testid="wall_comments_comment_in_thread"]');
    c.id = `-12345_${id}`;
    c.querySelector('[data-testid="comment-reply-to"]').remove();
    c.querySelector('[data-testid="wall_comment_date"]').setAttribute('href', `/wall-12345_700?reply=${id}&thread=713`);
    c.querySelector('[data-testid="showmoretext-in"]').textContent = text;
    return node;
  };
  level.after(copy(719, 'Алло, ответьте кто-нибудь!'));
  doc.getElementById('-12345_715').closest('[style*="--comment-layout-level"]')
    .after(copy(718, 'Обновила, теперь пишет «ошибка 502»'));
  twiceInThread.copy = copy;
  return level;
}

const handledIds = (page) => [...page.records.values()].filter((r) => r.handled).map((r) => r.id).sort();

test('a team reply answers its customer\'s earlier comments in the thread too, not her later one nor others\'', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  twiceInThread(doc);
  page.scan();
  await tick();
  assert.equal(page.records.get('-12345_700_715').replyTo, '-12345_700_719');
  // 711: answered in its own thread; 713 (Олег's) and 718 (after the answer) wait.
  assert.deepEqual(handledIds(page), ['-12345_700_711', '-12345_700_714', '-12345_700_719']);
  assert.equal(chips(page, '-12345_700_714', 'handled').textContent, '✓ отвечено');
  const panel = page.doc.querySelector('otklik-panel').shadowRoot;
  assert.equal([...panel.querySelectorAll('li')].length, 5); // 710, 713, 716, 717, 718
});

test('an earlier comment of the answered customer loaded after the answer is handled when it comes', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  const level = twiceInThread(doc);
  // «Показать предыдущие ответы»: her first reply is put above the rest later.
  const next = level.nextSibling;
  const holder = level.parentElement;
  level.remove();
  page.scan();
  await tick();
  assert.deepEqual(handledIds(page), ['-12345_700_711', '-12345_700_719']);
  holder.insertBefore(level, next);
  page.scan(level);
  await tick();
  assert.deepEqual(handledIds(page), ['-12345_700_711', '-12345_700_714', '-12345_700_719']);
  assert.equal(page.records.get('-12345_700_718').handled, null);
});

test('a comment rendered anew keeps one record and one badge; the old node keeps none', async () => {
  const { doc, page, calls } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  page.start();
  await tick();
  const rec = page.records.get('-12345_700_710');
  const old = rec.el;
  // Facebook and VK re-render whole threads: a copy appears before the old one goes.
  const copy = old.cloneNode(true);
  for (const h of copy.querySelectorAll('[data-otklik-host]')) h.remove();
  copy.removeAttribute(SEEN_ATTR);
  old.parentElement.appendChild(copy);
  await tick();
  assert.equal(page.records.get('-12345_700_710').el, copy);
  assert.equal(old.querySelectorAll('otklik-badge').length, 0);
  assert.equal(copy.querySelectorAll('otklik-badge').length, 1);
  assert.equal(chips(page, '-12345_700_710', 'tone').dataset.tone, 'negative');
  assert.equal(chips(page, '-12345_700_710', 'persona').textContent, 'Агрессор ▾');
  old.remove();
  // The site re-renders a comment's insides and drops our badge: it comes back once.
  const text = copy.querySelector('[data-testid="comment-text"]');
  text.replaceWith(text.cloneNode(true));
  copy.querySelector('otklik-badge')?.remove();
  await tick();
  assert.equal(copy.querySelectorAll('otklik-badge').length, 1);
  assert.equal(chips(page, '-12345_700_710', 'tone').dataset.tone, 'negative');
  page.stop();
  const analysed = calls.filter((c) => c.type === MessageCStoBG.ANALYZE).flatMap((c) => c.payload.comments.map((x) => x.id));
  assert.equal(analysed.filter((id) => id === '-12345_700_710').length, 1);
});

test('a comment not readable at first is read once it grows its date link', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  page.start();
  await tick();
  const block = page.records.get('-12345_700_717').el.parentElement.cloneNode(true);
  const c = block.querySelector('[data-testid="wall_comments_comment_root"]');
  c.removeAttribute(SEEN_ATTR);
  for (const h of c.querySelectorAll('[data-otklik-host]')) h.remove();
  const date = c.querySelector('[data-testid="wall_comment_date"]');
  date.setAttribute('href', '/wall-12345_700?reply=718');
  date.remove();
  doc.querySelector('[data-testid="wall_comments_layout_root"]').appendChild(block);
  await tick();
  assert.equal(page.records.has('-12345_700_718'), false);
  c.querySelector('[data-testid="comment-reply"]').before(date);
  await tick();
  page.stop();
  assert.equal(page.records.has('-12345_700_718'), true);
  assert.equal(c.querySelectorAll('otklik-badge').length, 1);
});

test('page health: comments the adapter cannot read give the notice, never «all answered»', async () => {
  const { doc, page, calls } = setup({ fixture: 'vk/unknown_markup.html', url: 'https://vk.com/wall-12345_800' });
  page.scan();
  assert.equal(page.records.size, 0);
  assert.equal(page.checkHealth().state, 'miss');
  await tick();
  const panel = doc.querySelector('otklik-panel').shadowRoot;
  assert.match(panel.querySelector('.otklik-health').textContent, /otklik не смог прочитать комментарии на этой странице/);
  assert.equal(panel.querySelector('.otklik-panel-empty'), null);
  const told = calls.filter((c) => c.type === MessageCStoBG.PAGE_HEALTH);
  assert.deepEqual(told.map((c) => [c.payload.platform, c.payload.page_kind, c.payload.state, c.payload.reason, c.payload.count]),
    [['vk', 'post', 'miss', 'comments', true]]);
  // An override that names the new hook fixes the page.
  const fixed = setup({ fixture: 'vk/unknown_markup.html', url: 'https://vk.com/wall-12345_800', adapter: createAdapter({ comment: '[data-testid="wall_comments_comment_v3"]' }) });
  fixed.page.scan();
  assert.ok(fixed.page.records.size >= 3);
  assert.equal(fixed.page.checkHealth().state, 'ok');
});

test('page health: a post without comments is calm; typing in an unknown comment box is a miss', async () => {
  const { doc, page, calls } = setup();
  for (const el of doc.querySelectorAll('.replies_list > *')) el.remove();
  page.start();
  try {
    assert.equal(page.checkHealth().state, 'empty');
  } finally {
    page.stop();
  }
  const box = doc.createElement('div');
  box.setAttribute('contenteditable', 'true');
  box.setAttribute('aria-label', 'Написать комментарий');
  doc.body.appendChild(box);
  box.dispatchEvent(new doc.defaultView.InputEvent('input', { bubbles: true }));
  page.stop();
  assert.deepEqual(page.health, { state: 'miss', reason: 'editor' });
  assert.ok(calls.some((c) => c.type === MessageCStoBG.PAGE_HEALTH && c.payload.reason === 'editor'));
});

test('in-app navigation to another post: the panel lists only the comments shown now', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  page.start();
  await tick();
  const post = doc.querySelector('[data-testid="post"]');
  const next = post.cloneNode(true);
  next.setAttribute('data-post-id', '-12345_701');
  for (const h of next.querySelectorAll('[data-otklik-host]')) h.remove();
  for (const n of next.querySelectorAll(`[${SEEN_ATTR}]`)) n.removeAttribute(SEEN_ATTR);
  const root = next.querySelector('[data-testid="wall_comments_layout_root"]');
  const [first] = root.children;
  root.replaceChildren(first);
  const date = first.querySelector('[data-testid="wall_comment_date"]');
  date.setAttribute('href', '/wall-12345_701?reply=10');
  doc.defaultView.history.pushState({}, '', '/wall-12345_701');
  post.replaceWith(next);
  await tick();
  await new Promise((r) => setTimeout(r, 120));
  page.stop();
  const panel = doc.querySelector('otklik-panel').shadowRoot;
  assert.deepEqual([...panel.querySelectorAll('li')].map((li) => li.dataset.commentId), ['-12345_701_10']);
  assert.equal(page.records.get('-12345_700_710').el.isConnected, false);
  assert.equal(doc.querySelectorAll('otklik-badge').length, 1);
});

test('the panel sits in the corner the site leaves free: left on Facebook (its chats dock right)', async () => {
  const vk = setup();
  vk.page.scan();
  await tick();
  assert.equal(vk.doc.querySelector('otklik-panel').dataset.side, 'right');
  const fb = setup({
    fixture: 'facebook/page_post.html', url: 'https://www.facebook.com/brand/posts/1', adapter: createFacebookAdapter(),
  });
  fb.page.scan();
  await tick();
  assert.equal(fb.doc.querySelector('otklik-panel').dataset.side, 'left');
});

test('a browser that refuses adopted sheets gets <style> at once for every later root', async () => {
  // Firefox content scripts cannot adopt constructed sheets: the first refusal is
  // remembered, so no badge parses the CSS into a sheet only to have it refused.
  const { adoptStyles } = await import('../../extension/src/compat.js');
  const { domFrom } = await import('./helpers.mjs');
  const doc = domFrom('<body></body>');
  const real = globalThis.CSSStyleSheet;
  let made = 0;
  globalThis.CSSStyleSheet = class { constructor() { made += 1; } replaceSync() {} };
  try {
    const cache = {};
    for (let i = 0; i < 5; i += 1) {
      const host = doc.createElement('div');
      const root = host.attachShadow({ mode: 'open' });
      Object.defineProperty(root, 'adoptedStyleSheets', { set() { throw new TypeError('refused'); } });
      adoptStyles(root, ':host { color: red }', cache);
      assert.equal(root.querySelector('style')?.textContent, ':host { color: red }');
    }
    assert.equal(made, 1);
    assert.equal(cache.sheet, null);
  } finally {
    globalThis.CSSStyleSheet = real;
  }
});

test('the unanswered panel steps off the reply box being typed in, to the other corner or away, and comes back', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  page.scan();
  await tick();
  const host = doc.querySelector('otklik-panel');
  const editor = doc.querySelector('[data-testid="content-editable-input"]');
  // jsdom lays nothing out: the rectangles of a 1024×600 window, the panel 280×284 in a corner.
  const rect = (left, top, width, height) => ({ left, top, width, height, right: left + width, bottom: top + height });
  host.getBoundingClientRect = () => (host.dataset.side === 'left' ? rect(16, 300, 280, 284) : rect(728, 300, 280, 284));
  let box = rect(400, 520, 560, 40); // the composer ends under the panel's right corner
  editor.getBoundingClientRect = () => box;
  const focus = (type, relatedTarget = null) => editor.dispatchEvent(new doc.defaultView.FocusEvent(type, { bubbles: true, relatedTarget }));
  focus('focusin');
  assert.equal(host.dataset.side, 'left');
  assert.equal(host.hasAttribute('data-away'), false);
  focus('focusout');
  await tick();
  assert.equal(host.dataset.side, 'right');
  box = rect(8, 520, 1000, 40); // a phone-wide composer: both corners cover it
  focus('focusin');
  assert.equal(host.dataset.away, 'true');
  focus('focusout');
  await tick();
  assert.equal(host.hasAttribute('data-away'), false);
  box = rect(100, 100, 300, 40); // far from the panel: it stays home
  focus('focusin');
  assert.deepEqual([host.dataset.side, host.hasAttribute('data-away')], ['right', false]);
  // The box removed after sending (no focusout in Firefox): back once the page changes.
  box = rect(8, 520, 1000, 40);
  focus('focusin');
  assert.equal(host.dataset.away, 'true');
  editor.remove();
  page.emit('mutations', []);
  assert.equal(host.hasAttribute('data-away'), false);
});

test('a comment chosen in the unanswered panel is scrolled to and its badge lights up for a moment', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  page.scan();
  await tick();
  await new Promise((r) => setTimeout(r, 1100)); // the badges placed
  const panel = doc.querySelector('otklik-panel').shadowRoot;
  const li = panel.querySelector('li[data-comment-id="-12345_700_713"]');
  const el = page.records.get('-12345_700_713').el;
  let scrolled = null;
  el.scrollIntoView = (opts) => { scrolled = opts; };
  li.querySelector('button').click();
  assert.deepEqual(scrolled, { block: 'center', behavior: 'smooth' });
  assert.equal(page.overlay.badge(el).box.dataset.flash, 'true');
  const other = page.records.get('-12345_700_710').el;
  assert.equal(page.overlay.badge(other).box.dataset.flash, undefined);
});

test('the person-in-a-thread rule: not another person of the same name, not a comment between the answered one and the answer', async () => {
  const { doc, page } = setup({ fixture: 'vk/new_post.html', url: 'https://vk.com/wall-12345_700' });
  twiceInThread(doc);
  // 714 is by another Ирина Ким (another id); the community's 715 links her 719 by name…
  for (const a of doc.getElementById('-12345_714').querySelectorAll('a[href="/id555"]')) a.setAttribute('href', '/id556');
  // …and 720, Ирина's request between 719 and the answer, is not what 715 answers: its
  // reply-target line links 719.
  doc.getElementById('-12345_715').querySelector('[data-testid="comment-reply-to"]').innerHTML =
    'ответ <a href="/wall-12345_700?reply=719">Ирине</a>';
  const between = twiceInThread.copy(720, 'И ещё: можно перенести подключение на субботу?');
  for (const a of between.querySelectorAll('a[href="/id556"]')) a.setAttribute('href', '/id555');
  doc.getElementById('-12345_719').closest('[style*="--comment-layout-level"]').after(between);
  page.scan();
  await tick();
  assert.equal(page.records.get('-12345_700_715').replyTo, '-12345_700_719');
  assert.deepEqual(handledIds(page), ['-12345_700_711', '-12345_700_719']);
});
