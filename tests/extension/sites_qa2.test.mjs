// The second QA pass of issue 14 (tests/fixtures/qa2/): four pages written by a second
// hand from the public sources named at the top of each page, without reading the
// adapters or the other fixtures first. Each page's correct reading is written in the page;
// it is checked here whole: ids, authors, texts, times, reply targets, brand replies, and
// (through the real Page and its features) badges and handled marks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from './helpers.mjs';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { readAll as readAllAt, pageOn as pageAt, settle, seen, rows, byId } from './qa_page.mjs';

// The pages are seen at half past noon on 2 December: «вчера» is the 1st, «3 ч» three hours ago.
const NOW = new Date('2026-12-02T12:30:00');
const MIN = 60_000;
const at = (d, h, m) => new Date(2026, 11, d, h, m).getTime();
const nov = (d, h, m) => new Date(2026, 10, d, h, m).getTime();
const ago = (mins) => NOW.getTime() - mins * MIN;

const readAll = (site, doc) => readAllAt(site, doc, NOW);


const B = 'Кофейня Зерно';
const VK_A = ['qa2/vk_newweb_post.html', 'https://vk.com/wall-48213907_1204'];
const VK_B = ['qa2/vk_layer_over_feed.html', 'https://vk.com/club48213907?w=wall-48213907_1190'];
const FB_C = ['qa2/fb_dialog_most_relevant.html', 'https://www.facebook.com/zernocoffee/posts/pfbid02Zr7mNq4xYkL1'];
const FB_D = ['qa2/fb_post_view_more.html', 'https://www.facebook.com/zernocoffee/posts/pfbid0Tk9sL2WqHn8'];

const a = (n) => `-48213907_1204_${n}`;
const VK_A_READING = [
  [a(3101), '1001', 'Анна Смирнова', 'Заказала капучино через приложение, жду уже 40 минут. Где мой заказ?', at(1, 9, 14), null, false],
  [a(3105), B, 'Анна, простите за ожидание! Передали номер заказа курьерской службе, курьер будет у вас в течение 15 минут.', at(1, 9, 31), a(3101), true],
  [a(3107), '1001', 'Анна Смирнова', 'Курьер так и не позвонил, а в приложении статус «доставлен». Что происходит?', at(1, 9, 58), a(3105), false],
  [a(3110), 'igor.petrov', 'Игорь Петров', 'Анна, у меня то же самое было в прошлую субботу, час ждал и так и не дождался.', at(1, 10, 5), a(3101), false],
  [a(3112), '1003', 'Мария Лебедева', 'Та же история, заказ отменили без объяснений, деньги не вернули.', at(1, 10, 20), a(3110), false],
  [a(3115), '1004', 'Ольга Кузнецова', 'Верните, пожалуйста, овсяное молоко в меню!', at(1, 11, 2), null, false],
  [a(3118), '1005', 'Дмитрий Орлов', 'Подскажите, до скольки вы работаете в воскресенье?', at(1, 11, 40), null, false],
  [a(3120), B, 'Дмитрий, в воскресенье ждём вас с 9:00 до 21:00.', at(1, 11, 52), a(3118), true],
  [a(3123), '1007', 'Ксения Белова', 'Тыквенный латте слишком сладкий, можно делать с половиной сиропа?', at(1, 12, 15), null, false],
];

test('QA2 VK new web post: nested and flat threads, a hashed reply-target line, the brand as /zerno_coffee and /club…, a greeting link', () => {
  const doc = loadFixture(...VK_A);
  const { adapter, els, reads } = readAll(vkSite, doc);
  assert.deepEqual(rows(reads), VK_A_READING);
  assert.equal(reads[0].permalink, 'https://vk.com/wall-48213907_1204?reply=3101');
  const editor = doc.querySelector('[data-testid="content-editable-input"]');
  assert.equal(adapter.editorOf(editor), editor);
  assert.equal(adapter.editorNear(els[0]), editor);
  assert.equal(doc.querySelectorAll(adapter.selectors.sendButton).length, 1);
});

const b = (n) => `-48213907_1190_${n}`;
const VK_B_LAYER = [
  [b(2201), '2001', 'Сергей Волков', 'Карта лояльности не работает в приложении после обновления, баллы не списываются.', nov(29, 10, 41), null, false],
  [b(2203), B, 'Сергей, спасибо, что сообщили! Уже чиним, баллы вернём на счёт до конца недели.', nov(29, 11, 3), b(2201), true],
  [b(2206), '2002', 'Елена Морозова', 'А когда откроется точка на Ленина? Обещали к ноябрю.', nov(29, 11, 20), null, false],
  [b(2209), '2003', 'Павел Зайцев', 'Сергей, у меня то же самое, и в поддержке второй день молчат.', nov(29, 11, 47), b(2201), false],
];
const VK_B_FEED = ['-48213907_1185_877', '2009', 'Наталья Ерёмина', 'А парковка там есть?', nov(28, 13, 5), null, false];

test('QA2 VK post as a layer over the community feed: the layer read whole, the feed\'s preview kept apart', () => {
  const doc = loadFixture(...VK_B);
  const { adapter, els, reads } = readAll(vkSite, doc);
  const got = rows(reads);
  // The feed's top-comment preview may be read too, but only as itself.
  const feed = got.filter((r) => r[0].startsWith('-48213907_1185_'));
  assert.ok(feed.length === 0 || (feed.length === 1 && JSON.stringify(feed[0]) === JSON.stringify(VK_B_FEED)), JSON.stringify(feed));
  assert.deepEqual(got.filter((r) => !r[0].startsWith('-48213907_1185_')), VK_B_LAYER);
  const editor = doc.querySelector('[role="dialog"] [data-testid="content-editable-input"]');
  assert.equal(adapter.editorOf(editor), editor);
  const layerFirst = els[reads.findIndex((c) => c.id === b(2201))];
  assert.equal(adapter.editorNear(layerFirst), editor);
});

const c = (n) => `1550000000000${n}`;
const FB_C_READING = [
  [c(801), 'anna.ivanova.77', 'Анна Иванова', 'Почему доставка опять опоздала на час? Уже третий раз за месяц.', ago(180), null, false],
  [c(805), 'Zerno Coffee', 'Анна, простите нас! Напишите, пожалуйста, номер заказа в личные сообщения — разберёмся сегодня же.', ago(120), c(801), true],
  [c(809), 'anna.ivanova.77', 'Анна Иванова', 'Написала ещё час назад, пока никто не ответил.', ago(60), c(805), false],
  [c(812), '100089000000042', 'Борис Ким', 'Лучший раф в городе, спасибо бариста на Садовой ❤️', ago(120), null, false],
  [c(816), 'vera.pavlova.spb', 'Вера Павлова', 'Когда вернёте сезонное меню с глинтвейном?', ago(300), null, false],
  [c(818), 'Zerno Coffee', 'Вера, уже в эту пятницу! Глинтвейн безалкогольный, как и в прошлом году.', ago(240), c(816), true],
];


test('QA2 Facebook dialog over the feed: nested Page replies, a reply to the reply, base64 comment_id, a comment shown twice', () => {
  const doc = loadFixture(...FB_C);
  const { adapter, reads } = readAll(fbSite, doc);
  assert.deepEqual(byId(reads), FB_C_READING);
  assert.equal(adapter.pageKind(doc.location, doc), 'dialog');
  const box = doc.querySelector('[role="dialog"] [data-lexical-editor]');
  assert.equal(adapter.editorOf(box), box);
});

test('QA2 Facebook dialog over the home feed, no «Автор» badge: the Page is named by the post header in bold', () => {
  const doc = loadFixture(FB_C[0], 'https://www.facebook.com/');
  for (const badge of doc.querySelectorAll('.xt0psk2')) badge.remove();
  assert.deepEqual(byId(readAll(fbSite, doc).reads), FB_C_READING);
});

const d = (n) => `2660000000000${n}`;
const FB_D_FIRST = [
  [d(901), 'tom.baker.92', 'Tom Baker', 'Waited 25 minutes for a latte at the Main St store this morning. Not great.', ago(240), null, false],
  [d(903), 'Zerno Coffee', "Tom, we're sorry about that. We've added a second barista for the morning rush at Main St.", ago(180), d(901), true],
  [d(905), 'priya.shah.1', 'Priya Shah', 'Do you have oat milk at the airport location?', ago(120), null, false],
];
const FB_D_MORE = [
  [d(907), 'liam.oneil', "Liam O'Neil", 'Friendly staff and the best flat white in town!', ago(360), null, false],
  [d(909), 'sara.lind', 'Sara Lind', 'My loyalty points disappeared after the app update. Can you check?', ago(420), null, false],
  [d(911), 'Zerno Coffee', "Sara, sorry for the trouble! Please send us your card number in a private message and we'll restore them.", ago(300), d(909), true],
];

/** Fixture scripts do not run in jsdom: do what the page's «View more comments» does. */
function viewMore(doc) {
  doc.getElementById('comment-list').appendChild(doc.getElementById('more').content.cloneNode(true));
  doc.getElementById('view-more').remove();
}

test('QA2 Facebook post page in English: «View more comments», a flat Page reply named by its permalink', () => {
  const doc = loadFixture(...FB_D);
  assert.deepEqual(rows(readAll(fbSite, doc).reads), FB_D_FIRST);
  viewMore(doc);
  const { adapter, reads } = readAll(fbSite, doc);
  assert.deepEqual(rows(reads), [...FB_D_FIRST, ...FB_D_MORE]);
  const box = doc.querySelector('[data-lexical-editor]');
  assert.equal(adapter.editorOf(box), box);
});

// ---- the whole page: the real Page and every feature, a stand-in worker ----------------
const pageOn = (site, [file, url]) => pageAt(site, file, url, { now: NOW, operator: 'Лена' });

const PAGES = [
  ['VK new web post', vkSite, VK_A, a,
    { team: [3105, 3120], customers: [3101, 3107, 3110, 3112, 3115, 3118, 3123], handled: [3101, 3118] }],
  ['VK layer over the feed', vkSite, VK_B, b,
    { team: [2203], customers: [2201, 2206, 2209], handled: [2201] }],
  ['Facebook dialog (Most relevant)', fbSite, FB_C, c,
    { team: [805, 818], customers: [801, 809, 812, 816], handled: [801, 816] }],
  ['Facebook post page (View more comments)', fbSite, FB_D, d,
    { team: [903], customers: [901, 905], handled: [901] }],
];

for (const [name, site, where, id, want] of PAGES) {
  test(`QA2 page ${name}: badges on customers, none on the brand, the answered ones handled`, async () => {
    const { page } = pageOn(site, where);
    page.scan();
    await settle();
    const ids = (xs) => xs.map(id).sort();
    const got = seen(page);
    // VK's layer: the feed's preview comment (its own post) may be read as a customer too.
    const layerOnly = (xs) => xs.filter((x) => !x.startsWith('-48213907_1185_'));
    const feed = got.badged.length - layerOnly(got.badged).length;
    assert.deepEqual({ count: got.count - feed, team: got.team, badged: layerOnly(got.badged), handled: got.handled },
      { count: want.team.length + want.customers.length, team: ids(want.team), badged: ids(want.customers), handled: ids(want.handled) });
    const nodes = [...page.doc.querySelectorAll('[data-otklik-id]')].map((e) => e.dataset.otklikId);
    assert.equal(new Set(nodes).size, nodes.length, `one node per id: ${nodes}`);
  });
}

test('QA2 later comments: «View more comments» is read and marks its target handled', async () => {
  const { doc, page } = pageOn(fbSite, FB_D);
  page.scan();
  await settle();
  viewMore(doc);
  page.scan();
  await settle();
  const got = seen(page);
  assert.deepEqual(got.team, [d(903), d(911)]);
  assert.deepEqual(got.badged, [d(901), d(905), d(907), d(909)]);
  assert.deepEqual(got.handled, [d(901), d(909)]);
});
