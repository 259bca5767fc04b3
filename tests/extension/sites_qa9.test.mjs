// QA pass 9 (issue 14): the pages of tests/fixtures/qa9/, written from public sources by a
// ninth hand before reading the adapters: VK's new web in the ENGLISH interface ("reply to
// Ivan", "two hours ago", "today at 9:05 am", "yesterday at 11:59 pm", "Show more" expanding a
// cut comment in place, "Show next comments"), a VK discussion-board topic
// (/topic-<group>_<topic>), and a Page's post on Facebook's mobile web (m.facebook.com's
// WebLite: data-mcomponent containers, no permalinks at all). The pages' own scripts run
// (jsdom) and keep their instants in window.__qa9.times. The browser runs of the same
// pages: tests/e2e/test_qa9_pages.py.
//
// The three bugs this pass found (a VK topic and m.facebook.com judged «empty»; a comment
// expanded in place keeping its cut text) are fixed: their tests are no longer `todo`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { readAll, livePage, wait, check, whole, again, squash, pageOn, settle } from './qa_page.mjs';
import { MessageCStoBG } from '../../extension/src/messages.js';

const live = (file, url) => livePage('qa9', file, url);
/** What is in the page: records whose node is still there, each id once. */
function inPage(page, doc) {
  const ids = [...page.records.values()].filter((r) => doc.contains(r.el)).map((r) => r.id);
  assert.equal(ids.length, new Set(ids).size, `an id annotated twice: ${ids}`);
  return ids.sort();
}
const strayBadges = (page, doc) => [...doc.querySelectorAll('otklik-badge')]
  .filter((b) => ![...page.records.values()].some((r) => doc.contains(r.el) && r.el.contains(b))).length;
const panelText = (doc) => doc.querySelector('otklik-panel')?.shadowRoot?.textContent ?? '';
const NOTICE = 'otklik не смог прочитать комментарии на этой странице';

// ---- 1. VK new web, English interface --------------------------------------------------------
const EN = ['vk_en_newweb.html', 'https://vk.com/wall-231100001_770'];
const e = (n) => `-231100001_770_${n}`;
const OLGA_FULL = 'Заказала три книги на подарок к пятнице, оплатила картой, а в личном кабинете ' +
  'заказ до сих пор «ожидает оплаты», хотя деньги списались ещё в понедельник. В поддержку писала ' +
  'дважды, ответа нет. Подарок нужен к пятнице, если не успеваете — верните деньги, пожалуйста.';
const EN_ROW = (olgaText) => ({
  7701: [e(7701), '700101', 'Ivan Petrov', 'Заказал книгу неделю назад, статус так и висит «собирается». Когда отправите?', null, false],
  7702: [e(7702), 'Polka Books', 'Иван, добрый день! Заказ уехал сегодня, трек-номер отправили вам в личные сообщения.', e(7701), true],
  7703: [e(7703), '700102', 'Olga Smirnova', olgaText, null, false],
  7704: [e(7704), '700103', 'Dmitry Kozlov', 'Спасибо за подборку, уже заказал две))', null, false],
  7705: [e(7705), '700102', 'Olga Smirnova', 'А какие взяли? Тоже присматриваюсь', e(7704), false],
  7706: [e(7706), '700104', 'Anna Volkova', 'Подскажите, пожалуйста, а как оформить подарочный сертификат? Не получается выбрать сумму', null, false],
  7707: [e(7707), 'Polka Books', 'Анна, сумму вводите в поле под картинкой сертификата, от 500 до 10 000 ₽. Если не выйдет — напишите нам, поможем.', e(7706), true],
  7708: [e(7708), '700104', 'Anna Volkova', 'Спасибо! А в субботу магазин на Литейном работает?', e(7707), false],
  7709: [e(7709), '700105', 'Sergey Orlov', 'Где мой возврат?! Третью неделю жду деньги за отменённый заказ!!!', null, false],
  7710: [e(7710), 'Polka Books', 'Сергей, простите за ожидание. Возврат по заказу 5531 ушёл сегодня, деньги придут в течение трёх дней.', e(7709), true],
});
const pick = (m, ...ns) => ns.map((n) => m[n]);
// Anna's follow-up answers the community's 7707 ("reply to Polka Books"); the thread's root
// 7706 is what VK's thread gives: either is a right reading of a customer's reply.
const enReads = (doc, now) => readAll(vkSite, doc, now).reads.map((c) => (
  c && c.id === e(7708) && c.replyTo === e(7706) ? { ...c, replyTo: e(7707) } : c));

test('qa9 VK English: ids, authors, texts, 12-hour times ("yesterday at 11:59 pm", "yesterday at 12:07 pm"), "reply to Name" targets, the community', async () => {
  const pg = live(...EN);
  const short = squash(pg.win.__qa9.short[7703]);
  assert.ok(!/Show more/.test(short));
  check(enReads(pg.doc, pg.now), pg.times, pg.now, pick(EN_ROW(short), 7701, 7702, 7703, 7704, 7705, 7706, 7707, 7708));
  // Ivan's comment is one minute before local midnight: its wait is not 12 or 24 hours off.
  const ivan = enReads(pg.doc, pg.now).find((c) => c.id === e(7701));
  assert.equal(ivan.postedAt.getTime(), pg.times[e(7701)]);
  assert.equal(new Date(ivan.postedAt).getHours(), 23);
  const anna = enReads(pg.doc, pg.now).find((c) => c.id === e(7706));
  assert.equal(new Date(anna.postedAt).getHours(), 12, '12:07 pm is noon');
});

test('qa9 VK English: "Show more" expands the cut text in place; the whole text is read, never the words "Show more"', async () => {
  const pg = live(...EN);
  assert.ok(await pg.win.__qa9.expand(7703));
  check(enReads(pg.doc, pg.now), pg.times, pg.now, pick(EN_ROW(OLGA_FULL), 7701, 7702, 7703, 7704, 7705, 7706, 7707, 7708));
});

test('qa9 VK English: "Show next comments" appends Sergey\'s thread with the community\'s answer', async () => {
  const pg = live(...EN);
  await pg.win.__qa9.showNext();
  const rows = EN_ROW(squash(pg.win.__qa9.short[7703]));
  check(enReads(pg.doc, pg.now), pg.times, pg.now, pick(rows, 7701, 7702, 7703, 7704, 7705, 7706, 7707, 7708, 7709, 7710));
});

test('qa9 page VK English: badges on customers, 7701 and 7706 handled, 7709 once the next comments load; each annotated once', async () => {
  const pg = live(...EN);
  const { page, got, health } = await whole(vkSite, pg);
  assert.deepEqual({ team: got.team, badged: got.badged, handled: got.handled, health }, {
    team: [e(7702), e(7707)],
    badged: [e(7701), e(7703), e(7704), e(7705), e(7706), e(7708)],
    handled: [e(7701), e(7706)],
    health: 'ok',
  });
  await pg.win.__qa9.showNext();
  const after = await again(page);
  assert.deepEqual({ team: after.team, badged: after.badged, handled: after.handled }, {
    team: [e(7702), e(7707), e(7710)],
    badged: [e(7701), e(7703), e(7704), e(7705), e(7706), e(7708), e(7709)],
    handled: [e(7701), e(7706), e(7709)],
  });
  assert.equal(inPage(page, pg.doc).length, 10);
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 7);
  assert.equal(strayBadges(page, pg.doc), 0);
});

test('qa9 page VK English: after "Show more" the comment keeps one badge and otklik holds the whole text it now shows', async () => {
  const pg = live(...EN);
  const { page } = await whole(vkSite, pg);
  const block = pg.doc.getElementById('700102_7703');
  await pg.win.__qa9.expand(7703);
  // (The page's observer is not started here: the block's new insides are handed to it as
  // the observer would.)
  page.noteMutations([{ addedNodes: [...block.querySelector('[data-testid="showmoretext-in"]').childNodes] }]);
  await again(page);
  await wait(300);
  assert.equal(block.querySelectorAll('otklik-badge').length, 1);
  assert.equal(strayBadges(page, pg.doc), 0);
  assert.equal(squash(page.records.get(e(7703)).text), OLGA_FULL);
});

// (Added with the fix: the same through the page's own observer — a text node put in, a
// text node's data rewritten as React does — analysed again with the new text; a draft
// typed in a reply box inside a comment is never read as its text.)
test('qa9 page VK English: a text changed in place reaches the observer, the analysis is asked again, the draft in a box inside a comment is not read', async () => {
  const pg = live(...EN);
  const { page } = pageOn(vkSite, null, null, { now: pg.now, operator: 'Лена', doc: pg.doc });
  const asked = [];
  const send = page.send;
  page.send = (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) for (const c of payload.comments) asked.push([c.id, c.text]);
    return send(type, payload);
  };
  page.start();
  try {
    await settle();
    assert.deepEqual(asked.filter(([id]) => id === e(7703)).length, 1);
    await pg.win.__qa9.expand(7703);
    await wait(150);
    assert.equal(squash(page.records.get(e(7703)).text), OLGA_FULL);
    assert.deepEqual(asked.filter(([id]) => id === e(7703)).map(([, t]) => squash(t)), [squash(pg.win.__qa9.short[7703]), OLGA_FULL]);
    assert.equal(pg.doc.getElementById('700102_7703').querySelectorAll('otklik-badge').length, 1);
    assert.equal(page.records.get(e(7703)).analysis?.tone.label, 'neutral');
    // characterData: the text node's data rewritten in place.
    const dmitry = pg.doc.getElementById('700103_7704').querySelector('[data-testid="showmoretext-in"]').firstChild;
    dmitry.data = 'Спасибо за подборку, уже заказал две)) Одна пришла с мятой обложкой';
    await wait(150);
    assert.equal(page.records.get(e(7704)).text, dmitry.data);
    assert.equal(asked.filter(([id]) => id === e(7704)).length, 2);
    // A reply box inside a comment: typing in it reads nothing.
    const box = pg.doc.createElement('div');
    box.setAttribute('contenteditable', 'true');
    box.append('Иван, ');
    pg.doc.getElementById('700101_7701').append(box);
    await wait(150);
    let reads = 0;
    const read = page.adapter.read;
    page.adapter.read = (...args) => { reads += 1; return read(...args); };
    box.firstChild.data = 'Иван, добрый день';
    box.append(pg.doc.createTextNode('!'));
    await wait(150);
    assert.equal(reads, 0);
    assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 6);
  } finally {
    page.stop();
  }
});

// ---- 2. VK discussion-board topic ------------------------------------------------------------
const TOPIC = ['vk_topic_board.html', 'https://vk.com/topic-231100001_49990001'];
const tp = (n) => `-231100001_49990001_${n}`;

test('qa9 page VK topic: the messages are read right, or the page says otklik cannot read it — never «все отвечены»', async () => {
  const pg = live(...TOPIC);
  const { page, got, health } = await whole(vkSite, pg);
  await wait(300);
  if (got.count) {
    // Read: the brand's answer (a link to ?post=7012 opening its text) marks Мария handled.
    assert.deepEqual({ team: got.team, handled: got.handled }, { team: [tp(7014)], handled: [tp(7012)] });
    assert.deepEqual(got.badged, [tp(7012), tp(7013), tp(7015), tp(7016)]);
    return;
  }
  assert.equal(health, 'miss');
  assert.equal(page.checkHealth().state, 'miss');
  assert.ok(panelText(pg.doc).includes(NOTICE), panelText(pg.doc));
  assert.ok(!/отвечены/.test(panelText(pg.doc)), panelText(pg.doc));
});

// (Added with the fix: the adapter's whole reading of the topic, and page health alone —
// an adapter that no longer knows the board markup still says so on a /topic- page.)
test('qa9 VK topic: ids from ?post= permalinks, authors, texts, times, the community\'s answer to ?post=7012', () => {
  const pg = live(...TOPIC);
  check(readAll(vkSite, pg.doc, pg.now).reads, pg.times, pg.now, [
    [tp(7012), '702201', 'Мария Лебедева', 'Подскажите, пожалуйста, можно ли вернуть книгу, если плёнку уже сняли? Не понимаю, как оформить возврат на сайте.', null, false],
    [tp(7013), '702202', 'Алексей Гусев', 'Курьер опять не приехал в назначенный интервал, ждал весь вечер. Второй раз за месяц!', null, false],
    [tp(7014), 'Книжный «Полка»', 'Мария, да, можно в течение 14 дней, если книга не повреждена. Заявление на возврат — в личном кабинете, раздел «Мои заказы».', tp(7012), true],
    [tp(7015), '702203', 'Екатерина Мельник', 'Купила у вас «Щегла» в твёрдой обложке — упаковали идеально, спасибо большое!!! 😍', null, false],
    [tp(7016), '702202', 'Алексей Гусев', 'Так и будете молчать?', null, false],
  ]);
  assert.equal(vkSite.createAdapter().pageKind(pg.doc.location), 'topic');
});

test('qa9 page VK topic: with the board markup unknown (comment selector overridden), health is «miss» with the notice', async () => {
  const pg = live(...TOPIC);
  const blind = { ...vkSite, createAdapter: () => vkSite.createAdapter({ comment: '.no-such-comment' }) };
  const { page, got, health } = await whole(blind, pg);
  await wait(300);
  assert.equal(got.count, 0);
  assert.equal(health, 'miss');
  assert.ok(panelText(pg.doc).includes(NOTICE), panelText(pg.doc));
  assert.ok(!/отвечены/.test(panelText(pg.doc)), panelText(pg.doc));
  assert.equal(page.checkHealth().state, 'miss');
});

// ---- 3. m.facebook.com WebLite ---------------------------------------------------------------
const MFB = ['mfb_weblite_story.html', 'https://m.facebook.com/story.php?story_fbid=pfbid0Qa9SborTea&id=100064900000901'];

test('qa9 page m.facebook.com: comments without any permalink — the page-health notice, never «все отвечены»', async () => {
  const pg = live(...MFB);
  const { page, got, health } = await whole(fbSite, pg);
  await pg.win.__qa9.showReplies();
  await again(page);
  await wait(300);
  assert.equal(got.count, 0, 'no comment has an id to key it by');
  assert.equal(health, 'miss');
  assert.equal(page.checkHealth().state, 'miss');
  assert.ok(panelText(pg.doc).includes(NOTICE), panelText(pg.doc));
  assert.ok(!/отвечены/.test(panelText(pg.doc)), panelText(pg.doc));
});
