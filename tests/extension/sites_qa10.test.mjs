// QA pass 10 (issue 14): the pages of tests/fixtures/qa10/, written from public sources by a
// tenth hand before reading the adapters: comments that CHANGE while the page is open (a VK
// customer editing her comment in place, another edit VK renders as a new block, a
// Facebook customer editing his comment, «Ещё» expanding a long Facebook comment in place),
// brand answers in other forms (the VK community answering at the top level by a mention
// link, no thread), and replies by a Page's or community's admin from a PERSONAL profile
// (not the brand). The pages' own scripts run (jsdom) and keep their instants in
// window.__qa10.times. The browser runs of the same pages: tests/e2e/test_qa10_pages.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';
import { readAll, livePage, wait, check, seen, squash } from './qa_page.mjs';

const live = (file, url) => livePage('qa10', file, url);

/**
 * The real Page with every feature, its observer running (page.start()), over a stand-in
 * worker that keeps every text it was asked to analyse and calls a complaint negative, so
 * that a badge shows which text was analysed.
 */
const COMPLAINT = /Верните|опоздал|раздавлена|просрочк|Третий день|до сих пор/;
function started(site, pg) {
  const asked = [];
  const send = async (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) {
      asked.push(...payload.comments.map((c) => [c.id, c.text]));
      return {
        results: Object.fromEntries(payload.comments.map((c) => {
          const label = COMPLAINT.test(c.text) ? 'negative' : 'neutral';
          return [c.id, {
            id: c.id,
            tone: { label, scores: { negative: label === 'negative' ? 0.8 : 0.1, neutral: 0.1, positive: 0.1 } },
            gratitude: false,
            persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
          }];
        })),
      };
    }
    if (type === MessageCStoBG.HANDLED) return { handled: {} };
    return { queued: true };
  };
  const page = new Page({ doc: pg.doc, adapter: site.createAdapter(), settings: mergeSettings({ operator: 'Лена' }), send, now: () => pg.now, placeWaitMs: 50 });
  for (const f of FEATURES) page.use(f);
  page.start();
  return { page, asked };
}
const settleLong = () => wait(400);
const toneOf = (page, id) => {
  const r = page.records.get(id);
  return r && page.overlay.slot(r.el, 'tone')?.dataset.tone;
};
const badgesIn = (page, id) => {
  const r = page.records.get(id);
  return r ? [...r.el.querySelectorAll('otklik-badge')].filter((b) => b.parentElement.closest('[data-otklik-id]') === r.el).length : 0;
};
const panelIds = (doc) => [...doc.querySelector('otklik-panel').shadowRoot.querySelectorAll('li')].map((li) => li.dataset.commentId);

// ---- 1. VK new web: live edits, the community answering by a top-level mention, an admin as himself
const VK = ['vk_live_edit_mention.html', 'https://vk.com/wall-231010001_777'];
const v = (n) => `-231010001_777_${n}`;
const IRINA_NEW = 'Открыла пачку, а там вместо улуна зелёный чай. Верните деньги или пришлите правильный заказ!!!';
const SVETA_NEW = 'Чай отличный, но курьер опоздал на два часа и даже не позвонил. Так нельзя.';
const VK_ROWS = {
  7701: [v(7701), '51010001', 'Ирина Ковалёва', 'Получила заказ, всё пришло вовремя, спасибо!', null, false],
  7702: [v(7702), '51010002', 'Олег Денисов', 'Третий день не могу дозвониться на вашу горячую линию, никто не берёт трубку. Где мой заказ 48213?', null, false],
  7704: [v(7704), '51010004', 'Марина Юрьева', 'Подскажите пожалуйста, а как оплатить заказ бонусами? Не нахожу где это', null, false],
  // The admin writing as himself: a person (not the brand) answering Марина in her thread.
  7705: [v(7705), '51010099', 'Алексей Смирнов', 'Марина, в корзине под суммой есть галочка «списать бонусы».', v(7704), false],
  7707: [v(7707), '51010007', 'Светлана Орлова', 'Спасибо за быструю доставку, чай отличный)))', null, false],
};
const VK_7703_TEXT = 'Олег, простите, что так вышло. Нашли ваш заказ 48213, курьер привезёт его сегодня до 18:00, а доставку вернём на карту.';
/** The community's 7703 apart: its reply target is checked by its own test. */
const vkSplit = (reads) => {
  const brand = reads.find((c) => c?.id === v(7703));
  return { brand, rest: reads.filter((c) => c?.id !== v(7703)) };
};
const vkRows = (over = {}) => Object.values({ ...VK_ROWS, ...over });

test('qa10 VK: ids, authors (the admin as a person), texts, times; each edit read with its new words and no «изменено»', () => {
  const pg = live(...VK);
  const { brand, rest } = vkSplit(readAll(vkSite, pg.doc, pg.now).reads);
  check(rest, pg.times, pg.now, vkRows());
  assert.ok(brand, 'the community\'s top-level answer is read');
  assert.deepEqual([brand.team, brand.authorName, squash(brand.text)], [true, 'Чайная Самовар', VK_7703_TEXT]);
  pg.win.__qa10.editInPlace();
  pg.win.__qa10.editReplaced();
  check(vkSplit(readAll(vkSite, pg.doc, pg.now).reads).rest, pg.times, pg.now, vkRows({
    7701: [v(7701), '51010001', 'Ирина Ковалёва', IRINA_NEW, null, false],
    7707: [v(7707), '51010007', 'Светлана Орлова', SVETA_NEW, null, false],
  }));
});

test('qa10 VK: the community\'s top-level comment opening with a mention link to Олег answers Олег\'s 7702', () => {
  const pg = live(...VK);
  const { brand } = vkSplit(readAll(vkSite, pg.doc, pg.now).reads);
  assert.equal(brand.replyTo, v(7702));
});

test('qa10 page VK: badges on customers, none on the community; Марина (answered only by the admin as himself) waits', async () => {
  const pg = live(...VK);
  const { page } = started(vkSite, pg);
  await settleLong();
  const got = seen(page);
  page.stop();
  assert.deepEqual(got.team, [v(7703)]);
  // 7705 (a person who is the community's admin): a badge or not is otklik's policy.
  const customers = [v(7701), v(7702), v(7704), v(7707)];
  for (const id of customers) assert.equal(badgesIn(page, id), 1, `${id}: one badge`);
  assert.equal(badgesIn(page, v(7703)), 0, 'no badge on the community');
  assert.ok(!got.handled.includes(v(7704)), 'a person (the admin writing as himself) is not the brand');
  assert.ok(!got.handled.includes(v(7701)) && !got.handled.includes(v(7707)));
});

test('qa10 page VK: Олег, answered by the community\'s top-level mention, is handled and not in the panel', async () => {
  const pg = live(...VK);
  const { page } = started(vkSite, pg);
  await settleLong();
  const got = seen(page);
  const panel = panelIds(pg.doc);
  page.stop();
  assert.ok(got.handled.includes(v(7702)), `handled: ${got.handled}`);
  assert.ok(!panel.includes(v(7702)), `panel: ${panel}`);
});

test('qa10 page VK: a comment re-rendered by an edit (new block, same id) keeps one record and one badge', async () => {
  const pg = live(...VK);
  const { page } = started(vkSite, pg);
  await settleLong();
  const before = page.records.size;
  pg.win.__qa10.editReplaced();
  await settleLong();
  page.stop();
  assert.equal(page.records.size, before, 'one record per id');
  assert.equal(badgesIn(page, v(7707)), 1);
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length,
    [...page.records.values()].filter((r) => pg.doc.contains(r.el) && !r.team && badgesIn(page, r.id)).length);
});

const VK_EDITS = {
  'in place (7701: the words replaced inside the same block, «изменено» after the date)': [7701, 'editInPlace', IRINA_NEW,
    'before c2d684b (a changed text read again): an edit in place is never read again: the new words arrive as a text node (Page.noteMutations keeps element nodes only) and the «изменено» span added beside the date link leads to around(), which re-reads a known comment only when its badge was lost; the badge keeps the tone of the old words'],
  'as a new block (7707: the old block replaced by a new one with the same id)': [7707, 'editReplaced', SVETA_NEW,
    'before c2d684b (a changed text read again): the record is rebound to the new block and its text updated (findNow), but analyze() skips records that already have an analysis, so the old analysis (of the thanks) is drawn on the complaint'],
};
for (const [how, [n, act, words]] of Object.entries(VK_EDITS)) {
  test(`qa10 page VK: an edit ${how} is analysed anew, one badge`, async () => {
    const pg = live(...VK);
    const { page, asked } = started(vkSite, pg);
    await settleLong();
    assert.equal(toneOf(page, v(n)), 'neutral');
    pg.win.__qa10[act]();
    await wait(800);
    page.stop();
    assert.equal(badgesIn(page, v(n)), 1);
    assert.equal(asked.filter(([id]) => id === v(n)).map(([, t]) => t).at(-1), words);
    assert.equal(toneOf(page, v(n)), 'negative');
  });
}

// ---- 2. Facebook (ru): «Ещё» in place, a live edit, an admin's personal reply, a link card ---
const FB = ['fb_live_edit_seemore.html', 'https://www.facebook.com/samovar.tea/posts/pfbid0Qa10SamovarEdit'];
const f = (n) => `1310000000000${n}`;
const ANNA_SHOWN = 'Заказывала подарочный набор к Новому году. Упаковка красивая, доставили в срок, курьер вежливый…';
const ANNA_FULL = 'Заказывала подарочный набор к Новому году. Упаковка красивая, доставили в срок, курьер вежливый, но дома открыла коробку, а половина пакетиков раздавлена и чай рассыпан по коробке. Звонила два раза, никто не ответил. Очень обидно, подарок испорчен.';
const BORIS_NEW = 'UPD: открыли вторую пачку, а срок годности истёк ещё в октябре. Продаёте просрочку? Жду ответа.';
const FB_ROWS = {
  101: [f(101), 'anna.smirnova.7731', 'Анна Смирнова', ANNA_SHOWN, null, false],
  103: [f(103), '100023456789', 'Борис Ефимов', 'Спасибо, всё пришло, очень довольны!', null, false],
  104: [f(104), 'vika.lebedeva.spb', 'Виктория Лебедева', 'Подскажите, а наборы можно забрать самовывозом с Лиговского? Или только доставка?', null, false],
  // The Page's admin from her personal profile: a person, not the brand.
  105: [f(105), '100012345678', 'Ольга Петрова', 'Виктория, да, самовывоз с Лиговского 50 с 10 до 21, оформляйте на сайте.', f(104), false],
  106: [f(106), 'gennady.volkov.1975', 'Геннадий Волков', 'Заказ оплатил неделю назад, статус до сих пор «собирается». Что происходит?', null, false],
  107: [f(107), 'Чайная Самовар', 'Геннадий, простите за задержку! Ваш заказ собран и передан курьеру, сегодня до 20:00 будет у вас. Номер трека отправили в личные сообщения.', f(106), true],
  // The link card's title is not the customer's words.
  109: [f(109), 'kirill.nosov.msk', 'Кирилл Носов', 'Вот что про вас пишут, это правда?', null, false],
};
const fbRows = (over = {}) => Object.values({ ...FB_ROWS, ...over });

test('qa10 Facebook: «Ещё» not in the text, the admin\'s personal reply not the brand, the card\'s title not text; after «Ещё» and the edit the new words', () => {
  const pg = live(...FB);
  check(readAll(fbSite, pg.doc, pg.now).reads, pg.times, pg.now, fbRows());
  pg.win.__qa10.seeMore();
  pg.win.__qa10.edit();
  check(readAll(fbSite, pg.doc, pg.now).reads, pg.times, pg.now, fbRows({
    101: [f(101), 'anna.smirnova.7731', 'Анна Смирнова', ANNA_FULL, null, false],
    103: [f(103), '100023456789', 'Борис Ефимов', BORIS_NEW, null, false],
  }));
});

test('qa10 page Facebook: badges on customers, none on the Page; 106 handled by the Page, 104 (answered by the admin as herself) waits', async () => {
  const pg = live(...FB);
  const { page } = started(fbSite, pg);
  await settleLong();
  const got = seen(page);
  const panel = panelIds(pg.doc);
  page.stop();
  assert.deepEqual(got.team, [f(107)]);
  for (const id of [f(101), f(103), f(104), f(106), f(109)]) assert.equal(badgesIn(page, id), 1, `${id}: one badge`);
  assert.equal(badgesIn(page, f(107)), 0);
  const policy = (ids) => ids.filter((id) => id !== f(105));
  assert.deepEqual(policy(got.handled), [f(106)]);
  assert.deepEqual(policy(panel).sort(), [f(101), f(103), f(104), f(109)]);
});

const FB_CHANGES = {
  '«Ещё» expanded in place (101: the whole text in the same element, the button gone)': [101, 'seeMore', ANNA_FULL,
    'before c2d684b (a changed text read again): the expanded words arrive as a text node in the same element (Page.noteMutations keeps element nodes only, nothing re-reads a comment whose badge is still there): the analysis stays on the cut text, whose complaint was in the hidden part'],
  'edited in place (103: new words, «Изменено» after the time)': [103, 'edit', BORIS_NEW,
    'before c2d684b (a changed text read again): an edit in place is never read again: the new words are a text node, and the «Изменено» span leads to around(), which re-reads a known comment only when its badge was lost; the badge keeps the tone of the old thanks'],
};
for (const [how, [n, act, words]] of Object.entries(FB_CHANGES)) {
  test(`qa10 page Facebook: a comment ${how} is analysed anew, one badge`, async () => {
    const pg = live(...FB);
    const { page, asked } = started(fbSite, pg);
    await settleLong();
    assert.equal(toneOf(page, f(n)), 'neutral');
    pg.win.__qa10[act]();
    await wait(800);
    page.stop();
    assert.equal(badgesIn(page, f(n)), 1);
    assert.equal(asked.filter(([id]) => id === f(n)).map(([, t]) => t).at(-1), words);
    assert.equal(toneOf(page, f(n)), 'negative');
  });
}
