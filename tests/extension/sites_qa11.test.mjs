// QA pass 11 (issue 14): the pages of tests/fixtures/qa11/, written from public sources by an
// eleventh hand before reading the adapters: a Facebook post opened FROM A NOTIFICATION
// (?comment_id=…&reply_comment_id=…: the focused thread first, highlighted, the rest behind
// «Показать другие комментарии»), a VK post opened at ?reply=8806&thread=8803 (the reply
// highlighted, its thread loaded only in part and paged: «Показать предыдущие ответы»,
// «Показать ещё 2 ответа», «Показать ещё 1 ответ»), and VK comments rendered IN STAGES
// (VKUI skeletons filled in place, a text filled later, the list replaced; and at another
// address never filled). The pages' own scripts run (jsdom) and keep their instants in
// window.__qa11.times. The browser runs: tests/e2e/test_qa11_pages.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vkSite from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';
import { readAll, livePage, wait, seen, squash } from './qa_page.mjs';

const live = (file, url) => livePage('qa11', file, url);

/** The real Page with every feature and its own observer, over a stand-in worker that keeps
 * every text it was asked to analyse and calls each neutral. */
function started(site, pg) {
  const asked = [];
  const events = [];
  const send = async (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) {
      asked.push(...payload.comments.map((c) => [c.id, c.text]));
      return {
        results: Object.fromEntries(payload.comments.map((c) => [c.id, {
          id: c.id,
          tone: { label: 'neutral', scores: { negative: 0.1, neutral: 0.8, positive: 0.1 } },
          gratitude: false,
          persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
        }])),
      };
    }
    if (type === MessageCStoBG.HANDLED) return { handled: {} };
    events.push({ at: Date.now() - pg.now.getTime(), type, payload });
    return { queued: true };
  };
  const page = new Page({ doc: pg.doc, adapter: site.createAdapter(), settings: mergeSettings({ operator: 'Лена' }), send, now: () => pg.now, placeWaitMs: 50 });
  for (const f of FEATURES) page.use(f);
  page.start();
  return { page, asked, events };
}
const settleLong = () => wait(450);
const badgesIn = (page, id) => {
  const r = page.records.get(id);
  return r ? [...r.el.querySelectorAll('otklik-badge')].filter((b) => b.parentElement.closest('[data-otklik-id]') === r.el).length : 0;
};
const panelIds = (doc) => [...(doc.querySelector('otklik-panel')?.shadowRoot.querySelectorAll('li') ?? [])].map((li) => li.dataset.commentId);
const sorted = (a) => [...a].sort();

/**
 * Each reading against the page: the ids read (each once, alike), names, texts (spaces
 * squashed), the brand, reply targets (a list where either is right) and every time against
 * the page's instant (a minute, or 4 where the word counts whole hours).
 */
function expectReads(reads, pg, rows) {
  const got = new Map();
  for (const c of reads.filter(Boolean)) {
    assert.ok(c.id, `a comment read without an id: ${JSON.stringify([c.authorName, c.text])}`);
    const row = [c.authorName, squash(c.text), Boolean(c.team), c.replyTo ?? null];
    if (got.has(c.id)) assert.deepEqual(row, got.get(c.id).row, `${c.id} read twice, differently`);
    got.set(c.id, { row, c });
  }
  assert.deepEqual(sorted(got.keys()), sorted(Object.keys(rows)), 'the ids read');
  for (const [id, [name, text, team, to]] of Object.entries(rows)) {
    const { row, c } = got.get(id);
    assert.deepEqual(row.slice(0, 3), [name, text, team], id);
    if (Array.isArray(to)) assert.ok(to.includes(row[3]), `${id}: replyTo ${row[3]}, expected one of ${to}`);
    else assert.equal(row[3], to, `${id}: replyTo`);
    const t = pg.times[id];
    assert.ok(c.postedAt, `${id}: no time read`);
    const age = pg.now.getTime() - t;
    const slack = age >= 60 * 60_000 ? 4 * 60_000 : 61_000;
    const off = Math.abs(c.postedAt.getTime() - t);
    assert.ok(off <= slack, `${id}: time off by ${Math.round(off / 60_000)} min`);
  }
}

// ---- 1. Facebook: a post opened from a notification ---------------------------------------
const FB = ['fb_notif_focus.html',
  'https://www.facebook.com/gorodok.pekarnya/posts/pfbid0Qa11GorodokNotif?comment_id=Y29tbWVudDoxMjM0NTY3ODkwMTIzNDU2XzE0MTEwMDAwMDAwMDAxMDU%3D&reply_comment_id=1411000000000107&notif_id=1764671000000001&notif_t=comment_mention&ref=notif'];
const f = (n) => `1411000000000${n}`;
const FB_ROWS = {
  [f(105)]: ['Ольга Гусева', 'Заказала торт на юбилей, привезли на три часа позже и помятый!!! Праздник испорчен, верните деньги', false, null],
  [f(106)]: ['Пекарня Городок', 'Ольга, простите нас, это наша ошибка. Вернём деньги за торт сегодня, курьер уже разбирается, почему так вышло.', true, f(105)],
  [f(107)]: ['Ольга Гусева', 'Пекарня Городок прошло уже два часа, никто так и не позвонил!!! Сколько можно ждать?', false, [f(105), f(106)]],
};
const FB_MORE = {
  [f(101)]: ['Светлана Ковалёва', 'А бородинский будет по выходным? Очень его любим всей семьёй', false, null],
  [f(102)]: ['Пекарня Городок', 'Светлана, будет! По субботам и воскресеньям с 8 утра, приходите.', true, f(101)],
  [f(103)]: ['Дмитрий Орлов', 'Оплата картой в приложении падает с ошибкой 502 на шаге 3-D Secure, кэш чистил, переустанавливал, с мобильного интернета и по Wi-Fi одинаково', false, null],
  [f(104)]: ['Наталья Белова', 'Ваши круассаны лучшие в городе!!! Спасибо вам)))', false, null],
  [f(108)]: ['Игорь Соколов', 'подскажите пожалуйста, а как в приложении выбрать время доставки? не получается, что нажать?', false, null],
};

test('qa11 Facebook from a notification: the focused thread read (ids from the permalinks, not the address), then the rest', async () => {
  const pg = live(...FB);
  expectReads(readAll(fbSite, pg.doc, pg.now).reads, pg, FB_ROWS);
  pg.win.__qa11.showOthers();
  await wait(400);
  expectReads(readAll(fbSite, pg.doc, pg.now).reads, pg, { ...FB_ROWS, ...FB_MORE });
});

test('qa11 page Facebook from a notification: badges, handled, panel; one record each after «Показать другие комментарии»', async () => {
  const pg = live(...FB);
  const { page } = started(fbSite, pg);
  await settleLong();
  let got = seen(page);
  assert.deepEqual({ count: got.count, team: got.team, badged: got.badged, handled: got.handled },
    { count: 3, team: [f(106)], badged: [f(105), f(107)], handled: [f(105)] });
  assert.deepEqual(panelIds(pg.doc), [f(107)]);
  pg.win.__qa11.showOthers();
  await wait(300 + 450);
  got = seen(page);
  const panel = panelIds(pg.doc);
  page.stop();
  assert.deepEqual({ count: got.count, team: got.team, badged: got.badged, handled: got.handled }, {
    count: 8, team: [f(102), f(106)], badged: [f(101), f(103), f(104), f(105), f(107), f(108)], handled: [f(101), f(105)],
  });
  assert.deepEqual(sorted(panel), [f(103), f(104), f(107), f(108)]);
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 6, 'one badge per customer, none on the Page');
});

// ---- 2. VK: ?reply=8806&thread=8803, a thread paged ------------------------------------------
const VK = ['vk_reply_focus.html', 'https://vk.com/wall-231110001_880?reply=8806&thread=8803'];
const v = (n) => `-231110001_880_${n}`;
const VK_LOAD = {
  [v(8801)]: ['Андрей Кузнецов', 'А в субботу вы до скольки работаете? Хотим заехать за пирогами', false, null],
  [v(8802)]: ['Пекарня Городок', 'Андрей, в субботу до 21:00. Пироги с капустой к вечеру лучше заказать заранее — оставим для вас.', true, v(8801)],
  [v(8803)]: ['Елена Смирнова', 'Купила вчера багет, внутри сырой. Второй раз уже так, очень обидно!', false, null],
  [v(8806)]: ['Елена Смирнова', 'Деньги так и не вернули, хотя обещали до обеда. Когда уже?', false, v(8804)],
  [v(8810)]: ['Олег Петров', 'подскажите пожалуйста, промокод из рассылки не применяется, что я делаю не так?', false, null],
};
const VK_PREV = {
  [v(8804)]: ['Пекарня Городок', 'Елена, простите, это брак смены. Вернём деньги за багет сегодня, напишите нам в личные сообщения номер чека.', true, v(8803)],
  [v(8805)]: ['Павел Зайцев', 'У меня тоже на прошлой неделе был сырой, думал, случайность', false, v(8803)],
};
const VK_NEXT1 = {
  [v(8807)]: ['Пекарня Городок', 'Павел, спасибо, что сообщили. Проверим партию за тот день и вернём деньги и вам.', true, v(8805)],
  [v(8808)]: ['Марина Волкова', 'И у меня такое было!!! Сколько можно, каждый раз сырой хлеб', false, [v(8803), v(8806)]],
};
const VK_NEXT2 = {
  [v(8809)]: ['Пекарня Городок', 'Елена, деньги отправили, придут в течение часа. Простите, что задержали.', true, v(8806)],
};

test('qa11 VK at ?reply=8806&thread=8803: the loaded part, then earlier and later replies in pages, each target right', async () => {
  const pg = live(...VK);
  expectReads(readAll(vkSite, pg.doc, pg.now).reads, pg, VK_LOAD);
  pg.win.__qa11.showPrevious();
  await wait(350);
  expectReads(readAll(vkSite, pg.doc, pg.now).reads, pg, { ...VK_LOAD, ...VK_PREV });
  pg.win.__qa11.showNext();
  await wait(350);
  expectReads(readAll(vkSite, pg.doc, pg.now).reads, pg, { ...VK_LOAD, ...VK_PREV, ...VK_NEXT1 });
  pg.win.__qa11.showNext();
  await wait(350);
  expectReads(readAll(vkSite, pg.doc, pg.now).reads, pg, { ...VK_LOAD, ...VK_PREV, ...VK_NEXT1, ...VK_NEXT2 });
});

test('qa11 page VK at ?reply=8806: handled marks follow each page of replies; one badge per customer; the highlight fading changes nothing', async () => {
  const pg = live(...VK);
  const { page, asked } = started(vkSite, pg);
  const state = () => {
    const g = seen(page);
    return { count: g.count, team: g.team, badged: g.badged, handled: g.handled, panel: sorted(panelIds(pg.doc)) };
  };
  await settleLong();
  assert.deepEqual(state(), {
    count: 5, team: [v(8802)], badged: [v(8801), v(8803), v(8806), v(8810)], handled: [v(8801)],
    panel: [v(8803), v(8806), v(8810)],
  });
  pg.win.__qa11.showPrevious();
  await wait(250 + 450);
  assert.deepEqual(state(), {
    count: 7, team: [v(8802), v(8804)], badged: [v(8801), v(8803), v(8805), v(8806), v(8810)], handled: [v(8801), v(8803)],
    panel: [v(8805), v(8806), v(8810)],
  });
  pg.win.__qa11.showNext();
  await wait(250 + 450);
  assert.deepEqual(state(), {
    count: 9, team: [v(8802), v(8804), v(8807)], badged: [v(8801), v(8803), v(8805), v(8806), v(8808), v(8810)],
    handled: [v(8801), v(8803), v(8805)], panel: [v(8806), v(8808), v(8810)],
  });
  pg.win.__qa11.showNext();
  await wait(250 + 450);
  const end = {
    count: 10, team: [v(8802), v(8804), v(8807), v(8809)], badged: [v(8801), v(8803), v(8805), v(8806), v(8808), v(8810)],
    handled: [v(8801), v(8803), v(8805), v(8806)], panel: [v(8808), v(8810)],
  };
  assert.deepEqual(state(), end);
  // The page takes the highlight off 8806 three seconds after load.
  await wait(Math.max(0, 3000 - (Date.now() - pg.now.getTime())) + 300);
  assert.ok(!pg.doc.querySelector('.vkitComment__rootHighlighted--qa'));
  assert.deepEqual(state(), end);
  page.stop();
  const once = asked.map(([id]) => id);
  assert.equal(once.length, new Set(once).size, `a comment analysed twice: ${once}`);
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 6);
});

// ---- 3. VK: comments rendered in stages ----------------------------------------------------
const SK = ['vk_skeleton_stages.html', 'https://vk.com/wall-231110001_890'];
const s = (n) => `-231110001_890_${n}`;
const SK_FINAL = {
  [s(8901)]: ['Анна Лебедева', 'Заказала доставку к 9 утра, привезли в 12 и хлеб холодный!!! Безобразие, больше не закажу', false, null],
  [s(8902)]: ['Пекарня Городок', 'Анна, простите нас, это наша вина: курьер ошибся адресом. Вернём деньги за доставку и привезём свежий хлеб за наш счёт.', true, s(8901)],
  [s(8903)]: ['Борис Никитин', 'Приложение не принимает промокод: в консоли ошибка 403 на запросе /api/promo, кэш чистил, переустанавливал, с двух телефонов одинаково', false, null],
  [s(8904)]: ['Вера Осипова', 'Спасибо за круассаны, очень вкусно)))', false, null],
  [s(8905)]: ['Григорий Фомин', 'подскажите пожалуйста, как оформить доставку на завтра? не получается выбрать время', false, null],
};
const placeholder = (t) => !squash(t) || /Загрузка/.test(t ?? '');

// The otklik bug this pass found (not fixed here): a VK comment block whose author, id and
// date permalink are filled while its text is still a VKUI skeleton (`aria-busy="true"`,
// `span.vkuiSkeleton`, a visually hidden «Загрузка…`) is read at once: the record gets the
// text «Загрузка…» (sent to the companion for analysis, badged) or, without the hidden label,
// an EMPTY text (badged «unavailable», as a sticker). It is read again and analysed anew once
// the text fills, so the end state is right.
// (Fixed since: a busy block, or a text that is still a skeleton, is read once it fills.)

test('qa11 VK in stages: skeleton blocks are no comments; the final list read right', async () => {
  const pg = live(...SK);
  assert.deepEqual(readAll(vkSite, pg.doc, pg.now).reads.filter((c) => c?.id), [], 'skeletons read as comments');
  await wait(1700);
  assert.equal(pg.win.__qa11.stage(), 'final');
  expectReads(readAll(vkSite, pg.doc, pg.now).reads, pg, SK_FINAL);
});

test('qa11 VK in stages: a comment whose text is still a skeleton is not read with a placeholder or empty text', async () => {
  const pg = live(...SK);
  await wait(700);
  assert.equal(pg.win.__qa11.stage(), 'partial');
  const bad = readAll(vkSite, pg.doc, pg.now).reads.filter((c) => c?.id && placeholder(c.text)).map((c) => [c.id, c.text]);
  assert.deepEqual(bad, [], '8903 (text still a skeleton) read with a placeholder text');
});

function skeletonPage() {
  const pg = live(...SK);
  const { page, asked } = started(vkSite, pg);
  const placeholders = () => [...page.records.values()].filter((r) => placeholder(r.text)).map((r) => [r.id, r.text]);
  return { pg, page, asked, placeholders };
}

test('qa11 page VK in stages: no badge on a skeleton; each comment annotated once at the end, none left on a removed skeleton', async () => {
  const { pg, page, asked } = skeletonPage();
  await wait(300);
  assert.equal(pg.win.__qa11.stage(), 'skeleton');
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 0, 'a badge on a skeleton');
  assert.equal(page.records.size, 0, 'a record for a skeleton');
  await wait(1750 - 300);
  assert.equal(pg.win.__qa11.stage(), 'final');
  const got = seen(page);
  const panel = sorted(panelIds(pg.doc));
  page.stop();
  assert.deepEqual({ count: got.count, team: got.team, badged: got.badged, handled: got.handled, panel }, {
    count: 5, team: [s(8902)], badged: [s(8901), s(8903), s(8904), s(8905)], handled: [s(8901)],
    panel: [s(8903), s(8904), s(8905)],
  });
  assert.equal(pg.doc.querySelectorAll('otklik-badge').length, 4, 'one badge per customer, none left on a removed skeleton');
  for (const id of [s(8901), s(8903), s(8904), s(8905)]) assert.equal(badgesIn(page, id), 1, id);
  // The last text analysed for each comment is its final one.
  const last = new Map(asked);
  for (const id of [s(8901), s(8903), s(8904), s(8905)]) assert.equal(squash(last.get(id)), SK_FINAL[id][1], id);
});

test('qa11 page VK in stages: no record, badge or analysis with an empty or placeholder text while the text is a skeleton', async () => {
  const { pg, page, asked, placeholders } = skeletonPage();
  await wait(950); // partial: 8903's author and date filled, its text still a skeleton
  assert.equal(pg.win.__qa11.stage(), 'partial');
  const recs = placeholders();
  const badged = page.records.get(s(8903)) ? badgesIn(page, s(8903)) : 0;
  await wait(900);
  page.stop();
  assert.deepEqual(recs, [], 'a record with an empty or placeholder text');
  assert.equal(badged, 0, 'a badge on 8903 while its text is a skeleton');
  assert.deepEqual(asked.filter(([, t]) => placeholder(t)), [], 'a placeholder text sent for analysis');
});

test('qa11 page VK, the comments never arrive (/wall-231110001_891): nothing read, no badge, page health «miss»', async () => {
  const pg = live('vk_skeleton_stages.html', 'https://vk.com/wall-231110001_891');
  const { page } = started(vkSite, pg);
  // (Skeletons alone are still loading, as on the 6 s page below, which looks the same for
  // its first 6 s: the miss is judged once the loading grace, 8 s, is over.)
  await wait(1800);
  const early = page.checkHealth().state;
  await wait(8200);
  const health = page.checkHealth().state;
  assert.notEqual(early, 'miss');
  const count = page.records.size;
  page.stop();
  assert.deepEqual({ count, badges: pg.doc.querySelectorAll('otklik-badge').length, health }, { count: 0, badges: 0, health: 'miss' });
});

// ---- 4. VK: the comments arrive 6 s late (/wall-231110001_892) ------------------------------
const LATE = ['vk_skeleton_stages.html', 'https://vk.com/wall-231110001_892'];
const l = (n) => `-231110001_892_${n}`;
const healthSent = (events) => events.filter((e) => /health/.test(e.type)).map((e) => [Math.round(e.at / 100) / 10, e.payload.state]);

test('qa11 page VK, comments 6 s late: once they come, each annotated once, handled right, page health ok', async () => {
  const pg = live(...LATE);
  const { page, events } = started(vkSite, pg);
  await wait(7500 + 1500 + 600);
  assert.equal(pg.win.__qa11.stage(), 'final');
  const got = seen(page);
  const panel = sorted(panelIds(pg.doc));
  const sent = healthSent(events);
  page.stop();
  assert.deepEqual({ count: got.count, team: got.team, badged: got.badged, handled: got.handled, panel }, {
    count: 5, team: [l(8902)], badged: [l(8901), l(8903), l(8904), l(8905)], handled: [l(8901)],
    panel: [l(8903), l(8904), l(8905)],
  });
  assert.equal(sent.at(-1)?.[1], 'ok', `page health sent: ${JSON.stringify(sent)}`);
});

test('qa11 page VK, comments 6 s late: no «miss» judged while only skeletons are shown', async () => {
  const pg = live(...LATE);
  const { page, events } = started(vkSite, pg);
  await wait(5500);
  const stage = pg.win.__qa11.stage();
  const sent = healthSent(events);
  page.stop();
  assert.equal(stage, 'skeleton');
  assert.deepEqual(sent.filter(([, st]) => st === 'miss'), [], `page health sent: ${JSON.stringify(sent)}`);
});
