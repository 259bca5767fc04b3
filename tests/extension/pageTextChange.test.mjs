// A known comment whose text the site changes in place (c2d684b), through the real Page and
// its own MutationObserver on a small VK new-web page: what must NOT be read or analysed
// again (a clock rewriting «5 минут назад» everywhere, a reply box opened inside a comment,
// a text cut back by «Свернуть»), what must (a deletion in place), and which answer wins
// when the text changes while its analysis is on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domFrom } from './helpers.mjs';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { livePage, pageOn } from './qa_page.mjs';

const URL = 'https://vk.com/wall-1_7';
const cid = (n) => `-1_7_${n}`;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** A VK new-web comment block: a customer /id5<n>, or the community (/club1). */
function block(n, text, { min = 5, brand = false } = {}) {
  const who = brand ? '/club1' : `/id5${n}`;
  const name = brand ? 'Бренд' : `Покупатель ${n}`;
  return `<div data-testid="wall_comments_comment_root" id="5_${n}" style="--comment-layout-level: 0">` +
    `<a data-testid="comment-avatar" href="${who}"></a><div class="content">` +
    `<div class="title"><a data-testid="comment-owner" href="${who}">${name}</a></div>` +
    `<div data-testid="comment-text"><div data-testid="showmoretext"><span data-testid="showmoretext-in">${text}</span></div></div>` +
    `<div class="footer"><a data-testid="wall_comment_date" href="${URL}?reply=${n}">${min} минут назад</a>` +
    '<span role="button" data-testid="comment-reply">Ответить</span></div></div></div>';
}

const tone = (label) => ({
  tone: { label, scores: { negative: label === 'negative' ? 0.8 : 0.1, neutral: 0.1, positive: label === 'positive' ? 0.8 : 0.1 } },
  gratitude: false,
  persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
});

/**
 * The page with `blocks`, the real Page with every feature over a stand-in worker. `auto`:
 * every analysis answered at once (negative when the text says «вернуть», else neutral);
 * otherwise each request waits in `pending` for the test to answer it.
 */
function setup(blocks, { auto = true } = {}) {
  const doc = domFrom(`<div data-testid="post" data-post-id="-1_7"><a data-testid="post-header-title" href="/club1">Бренд</a>` +
    `<div id="comments">${blocks.join('')}</div></div>`, URL);
  const asked = []; // [id, text, posted_at]
  const pending = [];
  const send = (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) {
      for (const c of payload.comments) asked.push([c.id, c.text, c.posted_at]);
      const results = Object.fromEntries(payload.comments.map((c) => [c.id, { id: c.id, ...tone(/вернуть/.test(c.text) ? 'negative' : 'neutral') }]));
      if (auto) return Promise.resolve({ results });
      return new Promise((resolve) => pending.push({ payload, answer: (label) => resolve({
        results: Object.fromEntries(payload.comments.map((c) => [c.id, { id: c.id, ...tone(label) }])),
      }) }));
    }
    if (type === MessageCStoBG.HANDLED) return Promise.resolve({ handled: {} });
    return Promise.resolve({ queued: true });
  };
  const clock = { now: new Date('2026-12-02T12:00:00Z') };
  const page = new Page({ doc, adapter: vkSite.createAdapter(), settings: mergeSettings({ operator: 'Лена' }), send, now: () => clock.now, placeWaitMs: 20 });
  for (const f of FEATURES) page.use(f);
  let reads = 0;
  const read = page.adapter.read;
  page.adapter.read = (...args) => { reads += 1; return read(...args); };
  const inner = (n) => doc.getElementById(`5_${n}`).querySelector('[data-testid="showmoretext-in"]');
  return { doc, page, asked, pending, clock, inner, reads: () => reads };
}

test('a site clock rewriting every relative time («5 минут назад» → «6 минут назад») reads no comment again and asks nothing', async () => {
  const n = 40;
  const s = setup(Array.from({ length: n }, (_, i) => block(100 + i, `Отзыв номер ${i}, всё хорошо`)));
  s.page.start();
  try {
    await wait(80);
    const asked = s.asked.length;
    const posted = [...s.page.records.values()].map((r) => r.postedAt.getTime());
    const before = s.reads();
    // A minute later the site's clock rewrites every label: half by the text node's data
    // (React), half by a new text node.
    s.clock.now = new Date(s.clock.now.getTime() + 60_000);
    [...s.doc.querySelectorAll('[data-testid="wall_comment_date"]')].forEach((a, i) => {
      if (i % 2) a.firstChild.data = '6 минут назад';
      else a.textContent = '6 минут назад';
    });
    // …and an element label replaced whole (a <span> per time) in a few.
    for (const a of [...s.doc.querySelectorAll('[data-testid="wall_comment_date"]')].slice(0, 5)) {
      const span = s.doc.createElement('span');
      span.textContent = '6 минут назад';
      a.replaceChildren(span);
    }
    await wait(60);
    s.page.emit('tick', s.clock.now); // the badges' own waiting times rewritten: never observed
    await wait(60);
    assert.equal(s.reads() - before, 0, 'comments read again for a clock');
    assert.equal(s.asked.length, asked);
    assert.deepEqual([...s.page.records.values()].map((r) => r.postedAt.getTime()), posted);
  } finally {
    s.page.stop();
  }
});

test('a text edited later keeps the time first read: re-read under a relative label, postedAt and the re-analysis\'s posted_at do not move', async () => {
  const s = setup([block(1, 'Спасибо, всё пришло', { min: 15 })]);
  s.page.start();
  try {
    await wait(60);
    const first = s.page.records.get(cid(1)).postedAt.toISOString();
    // Ten minutes on, the label not yet rewritten (it would read as 10 minutes later).
    s.clock.now = new Date(s.clock.now.getTime() + 10 * 60_000);
    s.inner(1).firstChild.data = 'Спасибо, всё пришло. Но коробка мятая, хочу вернуть деньги';
    await wait(60);
    assert.equal(s.page.records.get(cid(1)).postedAt.toISOString(), first);
    assert.deepEqual(s.asked.map(([, , at]) => at), [first, first]);
    assert.equal(s.page.records.get(cid(1)).analysis?.tone.label, 'negative');
  } finally {
    s.page.stop();
  }
});

test('«Свернуть» cutting an expanded text back keeps the whole text and its analysis (the cut one never analysed again)', async () => {
  const cut = 'Заказывала чай к празднику, курьер приехал вовремя, но…';
  const full = 'Заказывала чай к празднику, курьер приехал вовремя, но половина пачек порвана, хочу вернуть деньги';
  const s = setup([block(1, cut)]);
  s.page.start();
  try {
    await wait(60);
    s.inner(1).textContent = full; // «Показать полностью» expanded in place
    await wait(60);
    assert.equal(s.page.records.get(cid(1)).text, full);
    s.inner(1).textContent = cut; // «Свернуть»
    await wait(60);
    const r = s.page.records.get(cid(1));
    assert.equal(r.text, full);
    assert.equal(r.analysis?.tone.label, 'negative');
    assert.deepEqual(s.asked.map(([, t]) => t), [cut, full]);
    // A real edit that shortens the text (no «…») is still read.
    s.inner(1).textContent = 'Заказывала чай к празднику, курьер приехал вовремя';
    await wait(60);
    assert.equal(s.page.records.get(cid(1)).text, 'Заказывала чай к празднику, курьер приехал вовремя');
    assert.equal(s.asked.length, 3);
  } finally {
    s.page.stop();
  }
});

test('a reply box opened inside a comment and the operator typing in it read nothing', async () => {
  const s = setup([block(1, 'Где мой заказ?'), block(2, 'Спасибо!')]);
  s.page.start();
  try {
    await wait(60);
    const before = s.reads();
    const form = s.doc.createElement('div');
    form.setAttribute('data-testid', 'comment-form');
    form.innerHTML = '<div contenteditable="true" role="textbox" data-testid="content-editable-input"></div>';
    s.doc.getElementById('5_1').querySelector('.content').append(form);
    await wait(40);
    const editor = form.firstChild;
    const p = s.doc.createElement('p');
    p.innerHTML = '<span>Покупатель, </span>';
    editor.append(p);
    await wait(40);
    p.firstChild.firstChild.data = 'Покупатель, проверим заказ';
    await wait(40);
    assert.equal(s.reads() - before, 0);
    assert.equal(s.page.records.get(cid(1)).text, 'Где мой заказ?');
    assert.equal(s.asked.length, 2);
  } finally {
    s.page.stop();
  }
});

test('a comment deleted in place with its badge left (VK: «Комментарий удалён» written in its text) leaves the page\'s comments', async () => {
  const s = setup([block(1, 'Где мой заказ?'), block(2, 'Спасибо!')]);
  const gone = [];
  s.page.on('gone', (r) => gone.push(r.id));
  s.page.start();
  try {
    await wait(80);
    const el = s.doc.getElementById('5_1');
    assert.equal(el.querySelectorAll('otklik-badge').length, 1);
    el.querySelector('.footer').remove();
    s.inner(1).textContent = 'Комментарий удалён. Восстановить';
    await wait(60);
    assert.deepEqual(gone, [cid(1)]);
    assert.deepEqual(s.page.shown().map((r) => r.id), [cid(2)]);
    assert.equal(el.querySelectorAll('otklik-badge').length, 0);
  } finally {
    s.page.stop();
  }
});

test('a text changed while its analysis is on the way: the answer for the old words never wins, whichever comes first', async () => {
  for (const order of ['new first', 'old first']) {
    const s = setup([block(1, 'Спасибо за быструю доставку')], { auto: false });
    s.page.start();
    try {
      await wait(40);
      assert.equal(s.pending.length, 1);
      s.inner(1).firstChild.data = 'Чай пришёл рассыпанный, верните деньги';
      await wait(40);
      assert.equal(s.pending.length, 2, order);
      const [old, fresh] = s.pending;
      const r = s.page.records.get(cid(1));
      const slot = () => s.page.overlay.slot(r.el, 'tone').dataset.tone;
      if (order === 'new first') {
        fresh.answer('negative');
        await wait(10);
        old.answer('positive');
        await wait(10);
      } else {
        old.answer('positive');
        await wait(10);
        assert.equal(r.analysis, null, 'the old words\' answer taken');
        assert.notEqual(slot(), 'positive');
        fresh.answer('negative');
        await wait(10);
      }
      assert.equal(r.analysis?.tone.label, 'negative', order);
      assert.equal(slot(), 'negative', order);
    } finally {
      s.page.stop();
    }
  }
});

test('a comment re-rendered while its analysis is on the way is not asked about again', async () => {
  const s = setup([block(1, 'Где мой заказ?')], { auto: false });
  s.page.start();
  try {
    await wait(40);
    const old = s.doc.getElementById('5_1');
    const tmp = s.doc.createElement('div');
    tmp.innerHTML = block(1, 'Где мой заказ?');
    old.replaceWith(tmp.firstChild);
    await wait(40);
    assert.equal(s.pending.length, 1);
    s.pending[0].answer('negative');
    await wait(40);
    assert.equal(s.page.records.get(cid(1)).analysis?.tone.label, 'negative');
    assert.equal(s.doc.querySelectorAll('otklik-badge').length, 1);
  } finally {
    s.page.stop();
  }
});

test('comments the site adds with their text put in after them are read once each', async () => {
  const s = setup([block(1, 'Первый')]);
  s.page.start();
  try {
    await wait(60);
    const before = s.reads();
    const list = s.doc.getElementById('comments');
    for (let i = 0; i < 20; i += 1) {
      const tmp = s.doc.createElement('div');
      tmp.innerHTML = block(200 + i, '');
      const el = tmp.firstChild;
      list.append(el);
      // React fills the text after mounting the block, in the same frame.
      el.querySelector('[data-testid="showmoretext-in"]').append(`Отзыв ${i}: всё пришло`);
    }
    await wait(60);
    assert.equal(s.reads() - before, 20);
    assert.equal(s.page.records.get(cid(205)).text, 'Отзыв 5: всё пришло');
  } finally {
    s.page.stop();
  }
});

test('the brand\'s reply edited in place: its text followed, never analysed', async () => {
  const s = setup([block(1, 'Где мой заказ?'), block(2, 'Проверим', { brand: true })]);
  s.page.start();
  try {
    await wait(60);
    assert.equal(s.page.records.get(cid(2)).team, true);
    s.inner(2).firstChild.data = 'Проверили: заказ у курьера';
    await wait(60);
    assert.equal(s.page.records.get(cid(2)).text, 'Проверили: заказ у курьера');
    assert.deepEqual(s.asked.map(([id]) => id), [cid(1)]);
  } finally {
    s.page.stop();
  }
});

// ---- Facebook: the same on the tenth QA pass's page (its own script running) ----------------
test('Facebook: «5 мин.» → «6 мин.» in every time link reads nothing again; «Ещё» expanded in place and collapsed again keeps the whole text', async () => {
  const pg = livePage('qa10', 'fb_live_edit_seemore.html', 'https://www.facebook.com/samovar.tea/posts/pfbid0Qa10SamovarEdit');
  const { page } = pageOn(fbSite, null, null, { now: pg.now, operator: 'Лена', doc: pg.doc });
  const asked = [];
  const send = page.send;
  page.send = (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) for (const c of payload.comments) asked.push(c.text);
    return send(type, payload);
  };
  let reads = 0;
  const read = page.adapter.read;
  page.adapter.read = (...args) => { reads += 1; return read(...args); };
  page.start();
  try {
    await wait(120);
    const before = reads;
    const n = asked.length;
    const labels = [...pg.doc.querySelectorAll('.actions a[role="link"]')];
    assert.ok(labels.length >= 7);
    labels.forEach((a, i) => {
      if (i % 2) a.firstChild.data = a.firstChild.data.replace(/\d+/, (m) => String(Number(m) + 1));
      else a.textContent = a.textContent.replace(/\d+/, (m) => String(Number(m) + 1));
    });
    await wait(80);
    assert.equal(reads - before, 0, 'comments read again for a clock');
    assert.equal(asked.length, n);
    const anna = '1310000000000101';
    const cut = page.records.get(anna).text;
    pg.win.__qa10.seeMore();
    await wait(80);
    const full = page.records.get(anna).text;
    assert.ok(full.length > cut.length + 50 && /раздавлена/.test(full));
    assert.equal(asked.length, n + 1);
    // «Свернуть»: the cut words, «…» and «Ещё» back.
    const block = pg.doc.querySelector('[data-qa-n="101"] .txt > div[dir=auto]');
    block.innerHTML = `${cut.replace(/…$/, '')}… <div role="button" tabindex="0" class="more">Ещё</div>`;
    await wait(80);
    assert.equal(page.records.get(anna).text, full);
    assert.equal(asked.length, n + 1);
  } finally {
    page.stop();
  }
});
