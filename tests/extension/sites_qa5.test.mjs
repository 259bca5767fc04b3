// QA pass 5 (issue 14): the pages of tests/fixtures/qa5/, written from public sources by a
// fifth hand before reading the adapters: what comments really hold (emoji images, line
// breaks, links, photos, stickers, GIFs, badges, deleted placeholders), the sites' time
// words, and the places besides a wall post where brands get comments (a VK video, a VK
// photo layer, a Facebook photo). The pages' own scripts run (jsdom): they write their time
// labels from the clock at load, as the sites' servers do, and keep the instants in
// window.__qa5.times, so each reading's time is checked against the page's own. The browser
// runs of the same pages: tests/e2e/test_qa5_pages.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FIXTURES, addContentEditable } from './helpers.mjs';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { readAll, pageOn as pageAt, settle, seen } from './qa_page.mjs';

const require = createRequire(new URL('../../extension/package.json', import.meta.url));
const { JSDOM } = require('jsdom');

/** A qa5 page at its address with its scripts running; the clock it was written at. */
function live(file, url) {
  const now = new Date();
  const dom = new JSDOM(readFileSync(path.join(FIXTURES, 'qa5', file), 'utf8'), { url, runScripts: 'dangerously' });
  addContentEditable(dom.window);
  return { doc: dom.window.document, times: dom.window.__qa5.times, now };
}
const click = (doc, sel) => {
  const el = doc.querySelector(sel);
  assert.ok(el, `nothing to click at ${sel}`);
  el.click();
};
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * Rows [id, authorId, authorName, text (spaces squashed), replyTo, team] by id (the brand's
 * authorId left out), and every reading's time within a minute of the page's own instant.
 */
function check(reads, times, expected, { optional = [] } = {}) {
  const got = new Map();
  for (const c of reads.filter(Boolean)) { // (null: a block with nothing to read, as a deleted comment)
    const row = c.team ? [c.id, c.authorName, squash(c.text), c.replyTo ?? null, true]
      : [c.id, c.authorId, c.authorName, squash(c.text), c.replyTo ?? null, false];
    got.set(c.id, row);
    const n = c.id.split('_').at(-1);
    if (times[n] !== undefined) {
      assert.ok(c.postedAt, `${c.id}: no time read`);
      const off = Math.abs(c.postedAt.getTime() - times[n]);
      assert.ok(off <= 61_000, `${c.id}: time off by ${Math.round(off / 60_000)} min (${c.postedAt.toISOString()})`);
    }
  }
  for (const [id, text] of optional) {
    const row = got.get(id);
    if (row) assert.equal(row[3], text, `${id} read with someone's words`);
    got.delete(id);
  }
  assert.deepEqual([...got.values()].sort((a, b) => a[0].localeCompare(b[0])), [...expected].sort((a, b) => a[0].localeCompare(b[0])));
}

/** The real Page with every feature on a live page: badges, brand, handled, health. */
async function whole(site, pg) {
  const { page } = pageAt(site, null, null, { now: pg.now, operator: 'Лена', doc: pg.doc });
  page.scan();
  await settle();
  return { page, got: seen(page), health: page.checkHealth().state };
}

// ---- 1. VK new web: emoji images, line breaks, a deleted comment, VK's time words ------------
const VK1 = ['vk_newweb_rich_text.html', 'https://vk.com/wall-220555001_812'];
const v1 = (n) => `-220555001_812_${n}`;
const VK1_READING = [
  [v1(8121), '31337', 'Анна Белова', 'Заказ 5521 так и не привезли 😡 Третий день не могу дозвониться, деньги списали', null, false],
  [v1(8125), '40442', 'Олег Смирнов', 'Спасибо за круассаны 😍👍', null, false],
  [v1(8127), 'Пекарня Колосок', 'Олег, спасибо! Ждём вас снова ☺', v1(8125), true],
  // In the deleted comment's thread: the thread is the only target VK gives.
  [v1(8133), '51234', 'Мария Лебедева', 'А у меня тоже списали дважды! Верните деньги, пожалуйста', v1(8130), false],
  [v1(8140), '70888', 'Павел Гусев', 'Анна, попробуйте через сайт kolosok.example/order', null, false],
];

test('qa5 VK new web: emoji images and <br> in the text, a photo\'s alt and a sticker are not words, the deleted comment not read', () => {
  const pg = live(...VK1);
  const { reads } = readAll(vkSite, pg.doc, pg.now);
  check(reads, pg.times, VK1_READING, { optional: [[v1(8136), '']] });
  // The lines stay apart: never «😡Третий».
  assert.match(reads.find((r) => r.id === v1(8121)).text, /😡\s+Третий/);
});

test('qa5 page VK new web: badges on the customers, none on the brand, 8125 handled, the rest waiting', async () => {
  const { got, health } = await whole(vkSite, live(...VK1));
  const sticker = got.badged.includes(v1(8136)) ? [v1(8136)] : [];
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [v1(8127)], badged: [v1(8121), v1(8125), v1(8133), ...sticker, v1(8140)].sort(), handled: [v1(8125)], health: 'ok',
  });
});

// ---- 2. VK video: [data-testid=comment] blocks, the id in the block, the channel link --------
const VK2 = ['vk_video_comments.html', 'https://vk.com/video-220555001_456239017'];
const v2 = (n) => `video-220555001_456239017_${n}`;
const VK2_READING = [
  [v2(7001), '81234', 'Светлана Орлова', 'Видео классное, а где купить такую форму для багета? В магазине на Ленина её нет', null, false],
  [v2(7004), '82345', 'Дмитрий Волков', 'Заказывал набор для выпечки из видео — пришёл с разбитой формой, на сообщения никто не отвечает', null, false],
  [v2(7006), 'Пекарня Колосок', 'Дмитрий, простите! Напишите номер заказа в личные сообщения, заменим форму', v2(7004), true],
  [v2(7009), '83456', 'Ксения Морозова', 'Спасибо за рецепт, всё получилось!', null, false],
];

test('qa5 VK video: comments read by their blocks\' ids, the video from the address, the community by its channel link', () => {
  const pg = live(...VK2);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, VK2_READING);
});

test('qa5 page VK video: badges, the brand, 7004 handled; never calm on a page of comments', async () => {
  const { got, health } = await whole(vkSite, live(...VK2));
  assert.notEqual(health, 'empty');
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [v2(7006)], badged: [v2(7001), v2(7004), v2(7009)], handled: [v2(7004)], health: 'ok',
  });
});

test('qa5 page VK video: a video comment block otklik cannot read (its id gone) still shows as comments', async () => {
  const pg = live(...VK2);
  for (const b of pg.doc.querySelectorAll('[data-testid="comment"]')) b.removeAttribute('id');
  for (const a of pg.doc.querySelectorAll('a')) a.removeAttribute('href');
  const { got, health } = await whole(vkSite, pg);
  assert.deepEqual({ count: got.count, health }, { count: 0, health: 'miss' });
});

// ---- 3. VK photo layer: classic reply blocks under a photo -------------------------------------
const VK3 = ['vk_photo_layer.html', 'https://vk.com/kolosok_bakery?z=photo-220555001_457240100%2Falbum-220555001_00%2Frev'];
const v3 = (n) => `photo-220555001_457240100_${n}`;
const VK3_READING = [
  [v3(9101), '31337', 'Анна Белова', 'Это новый ржаной? Он с тмином или без? У меня аллергия на тмин', null, false],
  // (The reply-to link «Анне» is read as the reply-target line, apart from the text.)
  [v3(9104), 'Пекарня Колосок', ', без тмина: только солод и кориандр', v3(9101), true],
  [v3(9110), '90123', 'Игорь Назаров', 'Купил вчера этот хлеб, а внутри сырой 😕 Как так?', null, false],
  [v3(9112), '91234', 'Елена Зайцева', 'Подскажите, а вы печёте на заказ к праздникам? Нужно два каравая на свадьбу в субботу, к двенадцати часам, с доставкой в Заречный район', null, false],
];

test('qa5 VK photo layer: /photo-…?reply= ids, the unix time, the hidden rest, the deleted comment not read', () => {
  const pg = live(...VK3);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, VK3_READING);
});

test('qa5 page VK photo layer: badges, the brand, 9101 handled, page health ok', async () => {
  const { got, health } = await whole(vkSite, live(...VK3));
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [v3(9104)], badged: [v3(9101), v3(9110), v3(9112)], handled: [v3(9101)], health: 'ok',
  });
});

// ---- 4. Facebook in English: Top fan, Edited, a GIF, emoji images, «View 3 more replies» ------
const FB4 = ['fb_en_post_badges.html', 'https://www.facebook.com/zernoshop/posts/pfbid0Qa5ZernoShopCoffee'];
const f = (n) => `1180000000000${n}`;
const FB4_FIRST = [
  [f(101), 'emily.carter.1990', 'Emily Carter', 'My latte was cold AGAIN 😤 third time this week. Is anyone even reading these?', null, false],
  [f(102), 'sophie.lane.77', 'Sophie Lane', 'Emily Carter 😂😂', f(101), false],
  [f(110), '100081234567890', 'Daniel Brooks', 'Do you have oat milk at the Riverside store?', null, false],
  [f(130), 'noah.price.5', 'Noah Price', 'Best flat white in town ❤️', null, false],
];
const FB4_MORE = [
  [f(104), 'jake.morris.9', 'Jake Morris', 'Same here tbh', f(101), false],
  [f(106), 'olivia.grant.31', 'Olivia Grant', '+1, mine was cold yesterday too', f(101), false],
  [f(105), 'Zerno Coffee Shop', 'Emily, so sorry! Please DM us your order number and we’ll make it right ☕', f(101), true],
];

test('qa5 Facebook English: «Top fan» and «Edited» are not text or name, emoji images are, a GIF is not', async () => {
  const pg = live(...FB4);
  check(readAll(fbSite, pg.doc, pg.now).reads, pg.times, FB4_FIRST, { optional: [[f(120), '']] });
  click(pg.doc, '#qa5-more-101 [role=button]');
  await wait(300);
  check(readAll(fbSite, pg.doc, pg.now).reads, pg.times, [...FB4_FIRST, ...FB4_MORE], { optional: [[f(120), '']] });
});

test('qa5 page Facebook English: the Page\'s reply after «View 3 more replies» marks 101 handled', async () => {
  const pg = live(...FB4);
  const { page } = await whole(fbSite, pg);
  click(pg.doc, '#qa5-more-101 [role=button]');
  await wait(300);
  page.scan();
  await settle();
  const got = seen(page);
  const gif = got.badged.includes(f(120)) ? [f(120)] : [];
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled }, {
    team: [f(105)], badged: [f(101), f(102), f(104), f(106), f(110), ...gif, f(130)].sort(), handled: [f(101)],
  });
  assert.equal(page.checkHealth().state, 'ok');
});

// ---- 5. Facebook photo page: comments in role=complementary -------------------------------------
const FB5 = ['fb_photo_viewer.html', 'https://www.facebook.com/photo/?fbid=1180000000009001&set=a.1180000000000900'];
const g = (n) => `118000000000${n}`;
const FB5_READING = [
  [g(9011), 'liam.walsh.22', 'Liam Walsh', 'Is this the new Riverside store? What are the opening hours on Sunday?', null, false],
  [g(9012), 'Zerno Coffee Shop', 'Liam, yes! Sundays 9 am to 6 pm.', g(9011), true],
  [g(9015), 'grace.kim.404', 'Grace Kim', 'Ordered the beans online two weeks ago, still nothing and no reply to my emails', null, false],
  [g(9018), 'Zerno Coffee Shop', 'Thanks everyone who came to the opening!', null, true],
  [g(9020), 'tom.reed.88', 'Tom Reed', 'Looks amazing 😍', null, false],
];

test('qa5 Facebook photo page: comments beside the photo, the Page at the top level and nested; a photo is a post', () => {
  const pg = live(...FB5);
  const { adapter, reads } = readAll(fbSite, pg.doc, pg.now);
  check(reads, pg.times, FB5_READING);
  assert.equal(adapter.pageKind(pg.doc.location, pg.doc), 'post');
});

test('qa5 page Facebook photo: badges on customers, none on the Page, 9011 handled', async () => {
  const { got, health } = await whole(fbSite, live(...FB5));
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [g(9012), g(9018)], badged: [g(9011), g(9015), g(9020)], handled: [g(9011)], health: 'ok',
  });
});

test('qa5 page VK new web: a sticker alone waits in the panel as «стикер или фото», not «Имя: »', async () => {
  const { page } = await whole(vkSite, live(...VK1));
  const r = page.records.get(v1(8136));
  assert.ok(r && !r.team, 'the sticker comment is a customer comment otklik read');
  const host = page.doc.querySelector('[data-otklik-host]:not(otklik-badge)');
  const lines = [...(host?.shadowRoot?.querySelectorAll('.otklik-item-text') ?? [])].map((n) => n.textContent);
  const mine = lines.filter((l) => l.startsWith(`${r.authorName}:`));
  assert.ok(mine.length, lines.join(' | '));
  for (const l of mine) assert.notEqual(l.trim(), `${r.authorName}:`, l);
  assert.ok(lines.some((l) => l.includes('(стикер или фото, без текста)')), lines.join(' | '));
});
