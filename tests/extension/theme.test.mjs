// The site's theme (dark or light) as each adapter tells it, the fallback on the painted
// background, the dark palette's contrast, and the live switch: one rewrite of each shared
// sheet, whatever the number of badges. Pages: tests/fixtures/dark/ (their sources at their
// top) and small documents written here from the same sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FIXTURES, addContentEditable, loadFixture } from './helpers.mjs';
import * as vk from '../../extension/src/sites/vk.js';
import * as facebook from '../../extension/src/sites/facebook.js';
import { backgroundTheme, contrast, parseColor } from '../../extension/src/core/theme.js';
import { DARK, LIGHT, cssFor } from '../../extension/src/core/styles.js';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';

const require = createRequire(new URL('../../extension/package.json', import.meta.url));
const { JSDOM } = require('jsdom');
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** A small document: `html` attributes, `body` attributes and insides. */
function page(htmlAttrs = '', bodyAttrs = '', inside = '<p>…</p>', url = 'https://vk.com/wall-1_2') {
  return new JSDOM(`<!DOCTYPE html><html ${htmlAttrs}><head><meta charset="utf-8"></head><body ${bodyAttrs}>${inside}</body></html>`, { url }).window.document;
}

test('VK: the VKUI token class on <html> or <body> tells the theme', () => {
  assert.equal(vk.pageTheme(page('class="vkui--vkCom--dark"')), 'dark');
  assert.equal(vk.pageTheme(page('class="vkui--vkCom--light"')), 'light');
  assert.equal(vk.pageTheme(page('', 'class="vkui--vkBase--dark"')), 'dark'); // m.vk (Android tokens)
  assert.equal(vk.pageTheme(page('class="x vkui--vkIOS--dark y"')), 'dark');
  // A class merely containing the words is not the mark.
  assert.equal(vk.pageTheme(page('class="my-vkui--vkCom--darkish"')), 'light');
});

test('VK: the scheme attribute on <body> tells it where no class does (classic, older m.vk)', () => {
  assert.equal(vk.pageTheme(page('', 'scheme="vkcom_dark"')), 'dark');
  assert.equal(vk.pageTheme(page('', 'scheme="vkcom_light"')), 'light');
  assert.equal(vk.pageTheme(page('', 'scheme="space_gray"')), 'dark');
  assert.equal(vk.pageTheme(page('', 'scheme="bright_light"')), 'light');
  assert.equal(vk.pageTheme(page('', 'data-scheme="vkcom_dark"')), 'dark');
  // The token class names what the page is painted with now: it wins over a stale scheme.
  assert.equal(vk.pageTheme(page('class="vkui--vkCom--light"', 'scheme="vkcom_dark"')), 'light');
  assert.equal(vk.pageTheme(page('class="vkui--vkCom--dark"', 'scheme="vkcom_light"')), 'dark');
});

test('VK: no mark known — the painted background decides', () => {
  assert.equal(vk.pageTheme(page('', 'style="background-color: #141414"')), 'dark');
  assert.equal(vk.pageTheme(page('', 'style="background-color: #edeef0"')), 'light');
  // A transparent body: <html>'s background; none painted at all: the white canvas.
  assert.equal(vk.pageTheme(page('style="background: rgb(25, 25, 26)"', 'style="background-color: transparent"')), 'dark');
  assert.equal(vk.pageTheme(page()), 'light');
});

test('the dark fixture pages read dark, and light once switched as the sites do', () => {
  const vkDoc = loadFixture('dark/vk_newweb_dark.html', 'https://vk.com/wall-230777001_150');
  assert.equal(vk.pageTheme(vkDoc), 'dark');
  vkDoc.documentElement.className = 'vkui--vkCom--light';
  vkDoc.body.setAttribute('scheme', 'vkcom_light');
  assert.equal(vk.pageTheme(vkDoc), 'light');
  const fbDoc = loadFixture('dark/fb_post_dark.html', 'https://www.facebook.com/kolosok.bakery/posts/pfbid0DarkKolosok');
  assert.equal(facebook.pageTheme(fbDoc), 'dark');
  fbDoc.documentElement.className = '__fb-light-mode';
  // (The player's subtree stays marked dark: only <html>'s mark counts.)
  assert.ok(fbDoc.querySelector('.player.__fb-dark-mode'));
  assert.equal(facebook.pageTheme(fbDoc), 'light');
});

test('Facebook: the class on <html> tells the theme; without it («Automatic») the background', () => {
  const url = 'https://www.facebook.com/p/posts/1';
  assert.equal(facebook.pageTheme(page('class="__fb-dark-mode"', '', '', url)), 'dark');
  assert.equal(facebook.pageTheme(page('class="__fb-light-mode"', 'style="background:#18191a"', '', url)), 'light');
  // A dark subtree in the light theme does not make the page dark.
  assert.equal(facebook.pageTheme(page('class="__fb-light-mode"', '', '<div class="__fb-dark-mode">video</div>', url)), 'light');
  assert.equal(facebook.pageTheme(page('', 'style="background-color: rgb(24, 25, 26)"', '', url)), 'dark');
  // The main column painted dark over an unpainted body.
  assert.equal(facebook.pageTheme(page('', '', '<div role="main" style="background:#242526">…</div>', url)), 'dark');
  assert.equal(facebook.pageTheme(page('', '', '<div role="main">…</div>', url)), 'light');
});

test('colour arithmetic: computed colours parsed, WCAG contrast as published', () => {
  assert.deepEqual(parseColor('rgb(34, 34, 34)'), [34, 34, 34, 1]);
  assert.deepEqual(parseColor('rgba(0, 0, 0, 0)'), [0, 0, 0, 0]);
  assert.deepEqual(parseColor('#fff'), [255, 255, 255, 1]);
  assert.equal(contrast('#000', '#fff').toFixed(1), '21.0');
  assert.equal(contrast('#777', '#fff').toFixed(2), '4.48'); // the classic «#777 fails AA»
  const doc = page('', 'style="background-color: rgba(20, 20, 20, 0.2)"');
  // A faint tint is not the page's paint: the canvas behind it is.
  assert.equal(backgroundTheme(doc), 'light');
});

// The sites' dark backgrounds the badges sit on (VK: page, blocks; Facebook: page, cards,
// comment bubbles), picked from the same public palettes as the fixtures.
const SITE_DARK = ['#141414', '#222222', '#18191a', '#242526', '#3a3b3c'];

test('dark palette: every chip text on its chip ≥ 4.5:1, uncoloured text on the sites ≥ 4.5:1', () => {
  const pairs = {
    'tone negative': ['negFg', 'negBg'], 'tone neutral': ['neuFg', 'neuBg'], 'tone positive': ['posFg', 'posBg'],
    'tone pending': ['pendFg', 'pendBg'], gratitude: ['gratFg', 'gratBg'], persona: ['persFg', 'persBg'],
    'persona open': ['persFg', 'persHover'], 'wait soon': ['soonFg', 'soonBg'], 'wait late': ['lateFg', 'lateBg'],
    handled: ['posFg', 'handledBg'], claim: ['claimFg', 'claimBg'], 'popover text': ['text', 'popBg'],
    'popover heading': ['popHead', 'popBg'], 'popover note': ['popSmall', 'popBg'], phrasing: ['text', 'phraseBg'],
    'phrasing hover': ['text', 'phraseHover'], draft: ['text', 'draftBg'], 'draft warn': ['text', 'warnBg'],
    'draft high': ['text', 'highBg'], 'draft nearest': ['nearest', 'draftBg'], cliché: ['clicheFg', 'clicheBg'], template: ['templateFg', 'templateBg'],
    'coach met': ['metFg', 'draftBg'], 'coach unmet': ['unmetFg', 'draftBg'], 'coach reason': ['reasonFg', 'draftBg'],
    'panel text': ['text', 'panelBg'], 'panel head': ['headFg', 'headBg'], 'panel hover': ['text', 'itemHover'],
    'panel late': ['itemLate', 'panelBg'], 'panel soon': ['itemSoon', 'panelBg'], 'panel claim': ['itemClaim', 'panelBg'],
    'panel foot': ['foot', 'panelBg'], 'panel health': ['healthFg', 'healthBg'], 'panel offline': ['offlineFg', 'offlineBg'],
  };
  const low = [];
  for (const [what, [fg, bg]] of Object.entries(pairs)) {
    const ratio = contrast(DARK[fg], DARK[bg]);
    if (ratio < 4.5) low.push(`${what}: ${DARK[fg]} on ${DARK[bg]} ${ratio.toFixed(2)}`);
  }
  // No background of their own: the host's text and the wait chip at level ok.
  for (const bg of SITE_DARK) {
    for (const fg of ['text', 'waitOk']) {
      const ratio = contrast(DARK[fg], bg);
      if (ratio < 4.5) low.push(`${fg}: ${DARK[fg]} on ${bg} ${ratio.toFixed(2)}`);
    }
  }
  assert.deepEqual(low, []);
});

test('light stylesheets are the ones of before; dark ones have the same rules, other colours', () => {
  for (const kind of ['badge', 'draft', 'panel']) {
    const light = cssFor(kind, 'light');
    const dark = cssFor(kind, 'dark');
    assert.ok(!/undefined/.test(dark), `${kind}: a colour missing from the dark palette`);
    const selectors = (css) => css.match(/^[^\s{][^{]*\{/gm);
    assert.deepEqual(selectors(dark), selectors(light), `${kind}: same rules`);
    assert.notEqual(dark, light);
  }
  assert.match(cssFor('badge', 'light'), /:host \{[^}]*color: #222;/);
  assert.match(cssFor('badge', 'light'), /\.otklik-wait\[data-level="ok"\], \.otklik-wait\[data-level="unknown"\] \{ color: #4a5260; \}/);
  assert.equal(Object.keys(DARK).sort().join(), Object.keys(LIGHT).sort().join());
});

/** The dark VK page with every feature, comments analysed at once; `sheets`: a stand-in
 * for the browser's constructable stylesheets (jsdom has none), counting rewrites. */
function darkVkPage({ sheets } = {}) {
  const html = readFileSync(path.join(FIXTURES, 'dark', 'vk_newweb_dark.html'), 'utf8');
  const dom = new JSDOM(html, { url: 'https://vk.com/wall-230777001_150' });
  addContentEditable(dom.window);
  const doc = dom.window.document;
  const send = (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) {
      return Promise.resolve({ results: Object.fromEntries(payload.comments.map((c) => [c.id, {
        id: c.id, tone: { label: 'negative', scores: { negative: 0.9, neutral: 0.05, positive: 0.05 } }, gratitude: false, persona: null,
      }])) });
    }
    if (type === MessageCStoBG.HANDLED) return Promise.resolve({ handled: {} });
    return Promise.resolve({ queued: true });
  };
  const p = new Page({ doc, adapter: vk.createAdapter(), settings: mergeSettings({ operator: 'Анна' }), send,
    now: () => new Date(), placeWaitMs: 0 });
  for (const f of FEATURES) p.use(f);
  return { doc, page: p };
}

test('live switch, browsers without adoptable sheets: each host\'s <style> is rewritten once', async () => {
  const { doc, page: p } = darkVkPage();
  p.start();
  await tick(120);
  const hosts = [...doc.querySelectorAll('otklik-badge')];
  assert.ok(hosts.length >= 3, `${hosts.length} badges`);
  assert.equal(doc.documentElement.dataset.otklikTheme, 'dark');
  const styleOf = (h) => h.shadowRoot.querySelector('style').textContent;
  assert.ok(hosts.every((h) => styleOf(h) === cssFor('badge', 'dark')));
  const panel = doc.querySelector('otklik-panel');
  assert.equal(styleOf(panel), cssFor('panel', 'dark'));
  // The operator switches VK to light: the page's own script changes both marks.
  doc.documentElement.className = 'vkui--vkCom--light';
  doc.body.setAttribute('scheme', 'vkcom_light');
  await tick(30);
  assert.equal(doc.documentElement.dataset.otklikTheme, 'light');
  assert.ok(hosts.every((h) => styleOf(h) === cssFor('badge', 'light')));
  assert.equal(styleOf(panel), cssFor('panel', 'light'));
  // A change of another attribute, or of the page's comments, is no theme change.
  doc.body.setAttribute('data-foo', '1');
  doc.documentElement.className = 'vkui--vkCom--dark';
  await tick(30);
  assert.equal(doc.documentElement.dataset.otklikTheme, 'dark');
  p.stop();
  doc.documentElement.className = 'vkui--vkCom--light';
  await tick(30);
  assert.equal(doc.documentElement.dataset.otklikTheme, 'dark', 'a stopped page no longer follows');
});

test('live switch with shared sheets: one rewrite per kind of host, however many badges', async () => {
  const made = [];
  class Sheet {
    constructor() {
      this.text = '';
      this.writes = 0;
      made.push(this);
    }

    replaceSync(text) {
      this.text = text;
      this.writes += 1;
    }
  }
  const before = globalThis.CSSStyleSheet;
  globalThis.CSSStyleSheet = Sheet;
  try {
    const { doc, page: p } = darkVkPage();
    p.start();
    await tick(120);
    const hosts = [...doc.querySelectorAll('otklik-badge')];
    assert.ok(hosts.length >= 3);
    // One sheet per kind, shared by every root, written in the site's theme from the start.
    const badgeSheet = hosts[0].shadowRoot.adoptedStyleSheets[0];
    assert.ok(hosts.every((h) => h.shadowRoot.adoptedStyleSheets[0] === badgeSheet));
    assert.equal(badgeSheet.text, cssFor('badge', 'dark'));
    assert.equal(badgeSheet.writes, 1);
    assert.ok(hosts.every((h) => !h.shadowRoot.querySelector('style')));
    doc.documentElement.className = 'vkui--vkCom--light';
    doc.body.setAttribute('scheme', 'vkcom_light');
    await tick(30);
    assert.equal(badgeSheet.text, cssFor('badge', 'light'));
    assert.equal(badgeSheet.writes, 2, 'one rewrite for the switch (two attributes changed)');
    assert.equal(made.length, new Set(made).size);
    assert.ok(made.length <= 3, `${made.length} sheets: one per kind`);
    p.stop();
  } finally {
    globalThis.CSSStyleSheet = before;
  }
});

/** The rules of a stylesheet's `prefers-color-scheme: dark` block: selector → {color, background}. */
function darkRules(file) {
  const css = readFileSync(path.join(FIXTURES, '..', '..', 'extension', 'src', file), 'utf8');
  const start = css.indexOf('@media (prefers-color-scheme: dark)');
  assert.ok(start >= 0, `${file}: no dark block`);
  const block = css.slice(css.indexOf('{', start) + 1);
  const rules = {};
  for (const m of block.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const decl = (name) => new RegExp(`(?:^|;)\\s*${name}:\\s*([^;]+)`).exec(m[2])?.[1].trim();
    rules[m[1].trim()] = { color: decl('color'), background: decl('background') };
  }
  return rules;
}

test('popup and options follow the browser\'s dark scheme, every text ≥ 4.5:1 on what it sits on', () => {
  for (const [file, grounds] of [['popup/popup.css', ['body']], ['options/options.css', ['body', 'fieldset']]]) {
    const rules = darkRules(file);
    const css = readFileSync(path.join(FIXTURES, '..', '..', 'extension', 'src', file), 'utf8');
    assert.match(css, /color-scheme: light dark/);
    const low = [];
    for (const [sel, { color, background }] of Object.entries(rules)) {
      if (!color) continue;
      // A text on its own background, else on each ground it may sit on (the page, a fieldset).
      const under = background ? [background] : grounds.map((g) => rules[g].background);
      for (const bg of under) {
        const ratio = contrast(color, bg);
        if (ratio < 4.5) low.push(`${file} ${sel}: ${color} on ${bg} ${ratio.toFixed(2)}`);
      }
    }
    assert.deepEqual(low, []);
    assert.ok(Object.keys(rules).length >= 5);
  }
});
