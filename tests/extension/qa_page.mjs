// What the QA passes of issue 14 (sites_qa*.test.mjs) share: an adapter's reading of a
// whole page, and the real Page with every feature over a stand-in worker that calls every
// comment neutral and has nothing stored, so the page alone decides what is handled.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FIXTURES, addContentEditable, loadFixture } from './helpers.mjs';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';

const require = createRequire(new URL('../../extension/package.json', import.meta.url));
const { JSDOM } = require('jsdom');

/** The adapter, its comment elements and their readings at `now`. */
export function readAll(site, doc, now) {
  const adapter = site.createAdapter();
  const els = adapter.findComments(doc.body);
  return { adapter, els, reads: els.map((el) => adapter.read(el, now)) };
}

const neutral = (c) => ({
  id: c.id,
  tone: { label: 'neutral', scores: { negative: 0.1, neutral: 0.8, positive: 0.1 } },
  gratitude: false,
  persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
});

/** A fixture page (or `doc`, already loaded) with the real Page and every feature; {doc, page}. */
export function pageOn(site, file, url, { now, operator, doc = loadFixture(file, url) }) {
  const send = async (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) return { results: Object.fromEntries(payload.comments.map((c) => [c.id, neutral(c)])) };
    if (type === MessageCStoBG.HANDLED) return { handled: {} }; // nothing stored: the page alone decides
    return { queued: true };
  };
  const page = new Page({ doc, adapter: site.createAdapter(), settings: mergeSettings({ operator }), send, now: () => now });
  for (const f of FEATURES) page.use(f);
  return { doc, page };
}

export const settle = () => new Promise((r) => setTimeout(r, 120));

/** Rows [id, authorId, authorName, text, postedAt ms, replyTo, team]; the brand's authorId is left out
 * (a screen name, a club link or a negative id are all the community). */
export const rows = (reads) => reads.map((c) => {
  const r = [c.id, c.authorId, c.authorName, c.text, c.postedAt?.getTime() ?? null, c.replyTo ?? null, Boolean(c.team)];
  return r[6] ? [r[0], r[2], r[3], r[4], r[5], true] : r;
});

/** One row per comment id (two renderings of one comment must read alike), in id order. */
export const byId = (reads) => {
  const m = new Map();
  for (const r of rows(reads)) {
    if (m.has(r[0])) assert.deepEqual(r, m.get(r[0]), `two renderings of ${r[0]} read differently`);
    m.set(r[0], r);
  }
  return [...m.values()].sort((x, y) => x[0].localeCompare(y[0]));
};

/** What an operator sees: customers with a tone badge, the brand's replies, the handled. */
export function seen(page) {
  const recs = [...page.records.values()];
  const ids = (pred) => recs.filter(pred).map((r) => r.id).sort();
  // Each badge belongs to the innermost comment holding it (replies nest in their parents).
  const owner = new Map();
  for (const host of page.doc.querySelectorAll('otklik-badge')) {
    const holders = recs.filter((r) => r.el.contains(host));
    const inner = holders.find((r) => !holders.some((o) => o !== r && r.el.contains(o.el)));
    if (inner) owner.set(inner.id, (owner.get(inner.id) ?? 0) + 1);
  }
  return {
    count: recs.length,
    team: ids((r) => r.team),
    // Analysed, or (a sticker alone) said to have no text: never «анализ…» for good.
    badged: ids((r) => owner.get(r.id) === 1 && page.overlay.slot(r.el, 'tone').dataset.tone === (r.text ? 'neutral' : 'unavailable')),
    handled: ids((r) => !r.team && r.handled),
  };
}

// ---- Pages whose own scripts run (the sixth pass on): they write their time labels from
// the clock at load and keep the instants in window.__qaN.times, keyed by the id otklik
// should give.

/** A page of tests/fixtures/<dir>/ at its address with its scripts running; the clock it was written at. */
export function livePage(dir, file, url) {
  const now = new Date();
  const dom = new JSDOM(readFileSync(path.join(FIXTURES, dir, file), 'utf8'), { url, runScripts: 'dangerously' });
  addContentEditable(dom.window);
  return { win: dom.window, doc: dom.window.document, times: dom.window[`__${dir}`].times, now };
}
export const click = (doc, sel) => {
  const el = doc.querySelector(sel);
  assert.ok(el, `nothing to click at ${sel}`);
  el.click();
};
export const wait = (ms) => new Promise((r) => setTimeout(r, ms));
export const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * Rows [id, authorId, authorName, text (spaces squashed), replyTo, team] by id (the brand's
 * authorId left out), and every reading's time against the page's own instant: within a
 * minute, or within 4 minutes where the site's word counts whole hours («час назад», «2 ч.»).
 */
export function check(reads, times, now, expected) {
  const got = new Map();
  for (const c of reads.filter(Boolean)) {
    const row = c.team ? [c.id, c.authorName, squash(c.text), c.replyTo ?? null, true]
      : [c.id, c.authorId ?? null, c.authorName, squash(c.text), c.replyTo ?? null, false];
    assert.ok(!got.has(c.id) || JSON.stringify(got.get(c.id)) === JSON.stringify(row), `${c.id} read twice, differently`);
    got.set(c.id, row);
    if (times[c.id] !== undefined) {
      assert.ok(c.postedAt, `${c.id}: no time read`);
      const age = now.getTime() - times[c.id];
      const slack = age >= 60 * 60_000 && age < 4 * 60 * 60_000 ? 4 * 60_000 : 61_000;
      const off = Math.abs(c.postedAt.getTime() - times[c.id]);
      assert.ok(off <= slack, `${c.id}: time off by ${Math.round(off / 60_000)} min (${c.postedAt.toISOString()})`);
    }
  }
  const order = (a, b) => a[0].localeCompare(b[0]);
  assert.deepEqual([...got.values()].sort(order), [...expected].sort(order));
}

/** The real Page with every feature on a live page: badges, brand, handled, health. */
export async function whole(site, pg) {
  const { page } = pageOn(site, null, null, { now: pg.now, operator: 'Лена', doc: pg.doc });
  page.scan();
  await settle();
  return { page, got: seen(page), health: page.checkHealth().state };
}
/** After the page's own script changed the DOM: let the observer and the analysis run. */
export async function again(page) {
  await settle();
  page.scan();
  await settle();
  return seen(page);
}
