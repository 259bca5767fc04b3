// What the overlay costs the page when comments arrive (issue 14, speed): a new comment's
// badge is laid out once, with its analysis; the panel is drawn once per batch; nothing in
// the path reads layout (a read after a write makes the page lay out twice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from './helpers.mjs';
import { Page } from '../../extension/src/core/page.js';
import { createAdapter } from '../../extension/src/sites/vk.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';

const NOW = new Date('2026-11-22T10:00:00');
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** The VK wall with every feature; analyses are answered when the test says so. */
function setup({ placeWaitMs } = {}) {
  const doc = loadFixture('vk/wall_post.html', 'https://vk.com/wall-12345_678');
  const waiting = []; // [{payload, resolve}]
  const send = (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) return new Promise((resolve) => waiting.push({ payload, resolve }));
    if (type === MessageCStoBG.HANDLED) return Promise.resolve({ handled: {} });
    return Promise.resolve({ queued: true });
  };
  const answer = () => {
    for (const { payload, resolve } of waiting.splice(0)) {
      const results = Object.fromEntries(payload.comments.map((c) => [c.id, {
        id: c.id, tone: { label: 'negative', scores: { negative: 0.9, neutral: 0.05, positive: 0.05 } },
        gratitude: false, persona: { label: 'aggressor', confidence: 0.9, behaviour: 'b', phrasings: ['p'] },
      }]));
      resolve({ results });
    }
  };
  const page = new Page({ doc, adapter: createAdapter(), settings: mergeSettings({ operator: 'Анна' }), send, now: () => NOW, placeWaitMs });
  for (const f of FEATURES) page.use(f);
  // The panel's drawings, counted by the measure the page records for each.
  const drawn = { panel: 0 };
  const track = page.track.bind(page);
  page.track = (name, fn) => {
    if (name === 'otklik:panel') drawn.panel += 1;
    return track(name, fn);
  };
  return { doc, page, answer, drawn };
}

const tones = (doc) => [...doc.querySelectorAll('otklik-badge')].map((h) => h.shadowRoot.querySelector('[data-slot="tone"]').dataset.tone);

/** A comment like the fixture's first, with a new reply number, posted just now. */
function addComment(doc, n) {
  const first = doc.querySelector('.reply[data-post-id]');
  const copy = first.cloneNode(true);
  for (const host of copy.querySelectorAll('[data-otklik-host]')) host.remove();
  for (const a of ['data-otklik-seen', 'data-otklik-id']) copy.removeAttribute(a);
  copy.setAttribute('data-post-id', `-12345_${n}`);
  copy.id = `post-12345_${n}`;
  for (const a of copy.querySelectorAll('a[href*="reply="]')) a.setAttribute('href', `/wall-12345_678?reply=${n}`);
  copy.querySelector('.rel_date').textContent = 'только что'; // waits least: below the others
  first.parentElement.appendChild(copy);
}

test('a new comment\'s badge stays off the page until its analysis, then goes on once, drawn', async () => {
  const { doc, page, answer } = setup();
  page.scan();
  await tick();
  assert.equal(doc.querySelectorAll('otklik-badge').length, 0, 'no badge on the page before the analysis');
  // The features drew the badges off the page meanwhile (pending tone, waiting time).
  const record = page.records.get('-12345_678_910');
  assert.equal(page.overlay.slot(record.el, 'tone').dataset.tone, 'pending');
  answer();
  await tick();
  assert.deepEqual(tones(doc), ['negative', 'negative', 'negative', 'negative', 'negative']);
  const host = doc.querySelector('otklik-badge');
  assert.ok(host.shadowRoot.querySelector('[data-slot="persona"][role="button"]'));
  // Placed once: a second answer or scan adds no other host.
  page.scan();
  await tick();
  assert.equal(doc.querySelectorAll('otklik-badge').length, 5);
  assert.equal(page.overlay.lost(record.el), false);
});

test('a slow analysis: the badges go on «pending» after the wait, the tone follows', async () => {
  const { doc, page, answer } = setup({ placeWaitMs: 20 });
  page.scan();
  await tick(60);
  assert.deepEqual(tones(doc), ['pending', 'pending', 'pending', 'pending', 'pending']);
  answer();
  await tick();
  assert.deepEqual(tones(doc), ['negative', 'negative', 'negative', 'negative', 'negative']);
  assert.equal(doc.querySelectorAll('otklik-badge').length, 5);
});

test('a page stopped while analyses are on their way places no badge when they come', async () => {
  const { doc, page, answer } = setup({ placeWaitMs: 20 });
  page.scan();
  page.stop();
  answer();
  await tick(60);
  assert.equal(doc.querySelectorAll('otklik-badge').length, 0);
});

test('the panel is drawn once per batch of comments and its analysis; a new count alone keeps the list', async () => {
  const { doc, page, answer, drawn } = setup();
  // More unanswered comments than the panel lists, so that later ones fall below its top.
  for (let n = 980; n < 986; n += 1) addComment(doc, n);
  page.start();
  await tick(80);
  answer();
  await tick(120);
  // (The very first drawing does not wait for the analysis: the panel shows at once.)
  assert.ok(drawn.panel <= 2, `${drawn.panel} drawings for the first batch`);
  drawn.panel = 0;
  const root = doc.querySelector('otklik-panel').shadowRoot;
  const items = [...root.querySelectorAll('li')];
  const count = () => Number(/: (\d+)$/.exec(root.querySelector('.otklik-count').textContent)[1]);
  const before = count();
  assert.ok(before > 8, `${before} unanswered`);
  // A later batch of comments (as on a scroll) that does not change the top of the list.
  for (let n = 990; n < 993; n += 1) addComment(doc, n);
  await tick(80);
  answer();
  await tick(120);
  assert.equal(drawn.panel, 1, 'one drawing for the second batch and its analysis');
  assert.equal(count(), before + 3);
  assert.match(root.querySelector('.otklik-panel-foot').textContent, new RegExp(String(before + 3 - 8)));
  const same = [...root.querySelectorAll('li')];
  assert.equal(same.length, items.length);
  assert.ok(same.every((li, i) => li === items[i]), 'the list is kept, only the count changed');
  page.stop();
});

test('comments arriving, their analysis and the panel read no layout', async () => {
  const { doc, page, answer } = setup();
  const win = doc.defaultView;
  const reads = [];
  const spy = (proto, name) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d) return;
    if (d.get) Object.defineProperty(proto, name, { ...d, get() { reads.push(name); return d.get.call(this); } });
    else if (typeof d.value === 'function') Object.defineProperty(proto, name, { ...d, value(...a) { reads.push(name); return d.value.apply(this, a); } });
  };
  for (const n of ['getBoundingClientRect', 'getClientRects', 'scrollTop', 'scrollHeight', 'clientHeight', 'clientWidth']) spy(win.Element.prototype, n);
  for (const n of ['offsetHeight', 'offsetWidth', 'offsetTop', 'offsetLeft', 'innerText']) spy(win.HTMLElement.prototype, n);
  const gcs = win.getComputedStyle;
  // The theme check may read the page's background once, at start (this classic page
  // carries no theme mark: core/theme.js's fallback) and on a theme switch: counted apart.
  const themeReads = [];
  win.getComputedStyle = (...a) => {
    (/core\/theme\.js/.test(new Error().stack) ? themeReads : reads).push('getComputedStyle');
    return gcs.apply(win, a);
  };
  page.start();
  const themeAtStart = themeReads.length;
  await tick(80);
  answer();
  await tick(120);
  for (let n = 990; n < 993; n += 1) addComment(doc, n);
  await tick(80);
  answer();
  await tick(120);
  assert.equal(doc.querySelectorAll('otklik-badge').length, 8);
  assert.deepEqual(reads, []);
  assert.ok(themeAtStart <= 2, `${themeAtStart} background reads for the theme at start`);
  assert.equal(themeReads.length, themeAtStart, 'no theme check for arriving comments');
  page.stop();
});
