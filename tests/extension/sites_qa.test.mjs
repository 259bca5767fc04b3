// The QA pages of issue 14 (tests/fixtures/qa/): each markup written again, from the public
// sources named at the top of each page, by a hand other than the adapters' author. Every
// page's correct reading is written down in the page and checked here whole: count, ids,
// authors, texts, times, reply targets, brand replies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from './helpers.mjs';
import * as vkSite from '../../extension/src/sites/vk.js';
import { nameMatches } from '../../extension/src/sites/vk.js';
import * as fbSite from '../../extension/src/sites/facebook.js';
import { looksLikeComments } from '../../extension/src/core/health.js';
import { readAll as readAllAt } from './qa_page.mjs';

// Pages' dates are 28 November; «вчера» is the 27th.
const NOW = new Date('2026-11-28T12:00:00');
const MIN = 60_000;
const at = (d, h, m) => new Date(2026, 10, d, h, m).getTime();
const ago = (mins) => NOW.getTime() - mins * MIN;

const readAll = (site, doc) => readAllAt(site, doc, NOW);

/** The reading as rows [id, authorId, authorName, text, postedAt ms, replyTo, team]. */
const rows = (reads) => reads.map((c) => [
  c.id, c.authorId, c.authorName, c.text, c.postedAt?.getTime() ?? null, c.replyTo ?? null, Boolean(c.team),
]);

/** Fixture scripts do not run in jsdom: do what the page's «Показать ещё» does. */
function appendTemplate(doc, templateId, target) {
  target.appendChild(doc.getElementById(templateId).content.cloneNode(true));
}

const B = 'Кофейня «Зерно»';

test('QA VK new web A: flat levels, threads after their roots, the brand by screen name', () => {
  const doc = loadFixture('qa/vk_new_desktop_a.html', 'https://vk.com/wall-218000111_4512');
  const { reads } = readAll(vkSite, doc);
  const p = '-218000111_4512_';
  assert.deepEqual(rows(reads).map((r) => (r[6] ? [r[0], r[2], r[3], r[4], r[5], true] : r.slice(0, 6).concat(false))), [
    [`${p}4520`, 'irina.sokolova', 'Ирина Соколова', 'Вчера заказала латте на вынос, ждала 25 минут, а кофе был холодный. Верните деньги, пожалуйста.', at(28, 9, 12), null, false],
    [`${p}4523`, B, 'Ирина, простите за ожидание. Напишите нам в сообщения сообщества номер заказа, вернём деньги сегодня.', at(28, 10, 40), `${p}4520`, true],
    [`${p}4524`, '48213377', 'Марина Ким', 'У меня то же самое было в субботу, и никто не извинился.', at(28, 11, 2), `${p}4520`, false],
    [`${p}4521`, 'oleg_mironov', 'Олег Миронов', 'А по выходным тоже с 7:30?', at(28, 9, 30), null, false],
    [`${p}4527`, B, 'Олег, в субботу и воскресенье открываемся в 9:00.', at(28, 12, 15), `${p}4521`, true],
    [`${p}4526`, '6120045', 'Денис Орлов', 'Отличная новость, спасибо! Наконец-то можно взять кофе до работы.', at(28, 11, 45), null, false],
  ]);
  assert.equal(reads[0].permalink, 'https://vk.com/wall-218000111_4512?reply=4520');
});

test('QA VK new web B: nested threads, no ids, the brand as /club…, links inside texts, «Показать ещё»', () => {
  const doc = loadFixture('qa/vk_new_desktop_b.html', 'https://vk.com/wall-218000111_4600');
  const p = '-218000111_4600_';
  const expected = [
    [`${p}4601`, 'anna_belova', 'Анна Белова', 'Заказ №5531 так и не пришёл, курьер не отвечает. Что происходит?', at(27, 20, 5), null, false],
    [`${p}4603`, '-218000111', B, 'Анна, проверили заказ: курьер будет через 15 минут, стоимость доставки вернём на карту.', at(27, 20, 21), `${p}4601`, true],
    [`${p}4605`, 'anna_belova', 'Анна Белова', 'Прошло уже 40 минут, курьера всё нет.', at(27, 21, 3), `${p}4603`, false],
    [`${p}4602`, '777001', 'Пётр Гуров', 'Светлана, смотри — у них опять как у Анны выше. Отзывы тут: example.org/zerno', at(27, 20, 10), null, false],
    [`${p}4604`, 'elena.fomina', 'Елена Фомина', 'Можно ли оплатить картой при получении?', at(27, 20, 30), null, false],
  ];
  assert.deepEqual(rows(readAll(vkSite, doc).reads), expected);
  appendTemplate(doc, 'qa-more-comments', doc.querySelector('.vkitCommentsList__group--Ij9Kl'));
  assert.deepEqual(rows(readAll(vkSite, doc).reads), [
    ...expected,
    [`${p}4608`, '9001', 'Ксения Лаврова', 'Ваш капучино лучший в районе, спасибо за доставку!', at(27, 22, 10), null, false],
    [`${p}4609`, '-218000111', B, 'Ксения, спасибо! Ждём вас снова.', at(27, 22, 30), `${p}4608`, true],
  ]);
});

test('QA VK new web: the composer and its send button are known', () => {
  for (const [file, url] of [['qa/vk_new_desktop_a.html', 'https://vk.com/wall-218000111_4512'], ['qa/vk_new_desktop_b.html', 'https://vk.com/wall-218000111_4600']]) {
    const doc = loadFixture(file, url);
    const vk = vkSite.createAdapter();
    const editor = doc.querySelector('[data-testid="content-editable-input"]');
    assert.equal(vk.editorOf(editor), editor, file);
    assert.equal(doc.querySelectorAll(vk.selectors.sendButton).length, 1, file);
    const els = vk.findComments(doc.body);
    assert.equal(vk.editorNear(els[0]), editor, file);
  }
});

test('QA VK classic: greeting links and data-answering-id never move an id; reply_to names the target', () => {
  const doc = loadFixture('qa/vk_classic_desktop.html', 'https://vk.com/wall-218000111_4700');
  const { adapter, els, reads } = readAll(vkSite, doc);
  const p = '-218000111_4700_';
  const t = (s) => s * 1000;
  assert.deepEqual(rows(reads), [
    [`${p}4701`, '5512345', 'Ирина Волкова', 'Здравствуйте! Почему в приложении не проходит оплата картой? Третий день пытаюсь.', t(1795845900), null, false],
    [`${p}4703`, '-218000111', B, 'Ирина, мы уже чиним оплату, к вечеру заработает. Пока можно оплатить через СБП.', t(1795849920), `${p}4701`, true],
    [`${p}4704`, '5512345', 'Ирина Волкова', 'СБП тоже не проходит, пишет «ошибка банка».', t(1795851000), `${p}4703`, false],
    [`${p}4702`, '300400', 'Сергей Ткачёв', 'Подскажите, есть ли у вас безлактозное молоко?', t(1795848000), null, false],
    [`${p}4705`, '8080', 'Кирилл Дёмин', 'Кофе отличный, но музыка слишком громкая. Света, подтверди!', t(1795852920), null, false],
    [`${p}4706`, '-218000111', B, 'Сергей, да, есть безлактозное и овсяное.', t(1795854000), `${p}4702`, true],
  ]);
  // The reply form's hidden field, set by «Ответить», names the comment a reply answers.
  const editor = doc.querySelector('.submit_post_field');
  assert.equal(adapter.editorOf(editor), editor);
  doc.getElementById('reply_to-218000111_4700').value = '4705';
  assert.equal(adapter.replyTarget(editor, null), els[4]);
});

test('QA VK legacy mobile: ids from the date link, thread targets, the brand by screen name', () => {
  const doc = loadFixture('qa/vk_mobile_legacy.html', 'https://m.vk.com/wall-218000111_4800');
  const { adapter, reads } = readAll(vkSite, doc);
  const p = '-218000111_4800_';
  assert.deepEqual(rows(reads).map((r) => (r[6] ? [r[0], r[2], r[3], r[4], r[5], true] : r)), [
    [`${p}4801`, '5512345', 'Ирина Волкова', 'Где мой заказ? Номер 7781, жду с утра.', at(27, 9, 5), null, false],
    [`${p}4803`, B, 'Ирина, курьер уже у вас, простите за задержку. Доставку вернём.', at(27, 10, 12), `${p}4801`, true],
    [`${p}4802`, 'oleg_mironov', 'Олег Миронов', 'Во сколько вы сегодня закрываетесь?', at(27, 9, 40), null, false],
    [`${p}4804`, '48213377', 'Марина Ким', 'Олег, в 22:00 вроде.', at(27, 10, 30), `${p}4802`, false],
  ]);
  const box = doc.querySelector('textarea');
  assert.equal(adapter.editorOf(box), box);
});

test('QA VK m.vk.com redesign: a collapsed thread, /public…, a reply named by the dative, a sticker', () => {
  const doc = loadFixture('qa/vk_mobile_redesign.html', 'https://m.vk.com/wall-218000111_5000');
  const p = '-218000111_5000_';
  const expected = [
    [`${p}5001`, '5512345', 'Ирина Волкова', 'Заказала торт к 18:00, а его до сих пор нет. Это нормально?', ago(120), null, false],
    [`${p}5003`, 'marina.kim', 'Марина Ким', 'Ирина, у них курьеры вечно опаздывают.', ago(60), `${p}5001`, false],
    [`${p}5004`, '-218000111', B, 'Марина, мы разбираемся с задержками, спасибо, что сказали.', ago(40), `${p}5003`, true],
    [`${p}5002`, '300400', 'Сергей Ткачёв', '', ago(50), null, false],
    [`${p}5005`, 'oleg_mironov', 'Олег Миронов', 'Подскажите, до скольки работает доставка?', ago(5), null, false],
  ];
  assert.deepEqual(rows(readAll(vkSite, doc).reads), expected);
  appendTemplate(doc, 'qa-more-replies', doc.querySelector('.qa-thread-5005'));
  doc.querySelector('.qa-show-replies').remove();
  assert.deepEqual(rows(readAll(vkSite, doc).reads), [
    ...expected,
    [`${p}5006`, '-218000111', B, 'Олег, доставка работает до 22:00.', NOW.getTime(), `${p}5005`, true],
  ]);
});

test('QA VK unknown markup: nothing read, and the page plainly shows comments (page health)', () => {
  const doc = loadFixture('qa/vk_unknown_markup.html', 'https://vk.com/wall-218000111_4900');
  const { adapter, reads } = readAll(vkSite, doc);
  assert.equal(reads.length, 0);
  // No hook names it a comment and no date links a ?reply=: the post's own counter on its
  // page tells (as Page.checkHealth asks).
  assert.equal(looksLikeComments(doc, adapter.selectors.commentHint), false);
  assert.equal(adapter.commentsShown(doc), true);
  // A label without the number, the number in the text: still read.
  doc.querySelector('[data-testid="post_footer_action_comment"]').setAttribute('aria-label', 'Комментировать');
  assert.equal(adapter.commentsShown(doc), true);
  // The counter alone says nothing on a post without comments, or off the post's page.
  doc.querySelector('[data-testid="post_footer_action_comment"]').textContent = '';
  assert.equal(adapter.commentsShown(doc), false);
  const feed = loadFixture('qa/vk_unknown_markup.html', 'https://vk.com/feed');
  assert.equal(vkSite.createAdapter().commentsShown(feed), false);
  // The post opened as a layer over the feed is its own page too.
  const layer = loadFixture('qa/vk_unknown_markup.html', 'https://vk.com/feed?w=wall-218000111_4900');
  assert.equal(vkSite.createAdapter().commentsShown(layer), true);
});

test('QA Facebook post page: comment ids from the timestamp, not the author link or the text', () => {
  const doc = loadFixture('qa/fb_post_page.html', 'https://www.facebook.com/zernocoffee/posts/pfbid02ZernoQa1');
  const { adapter, els, reads } = readAll(fbSite, doc);
  assert.deepEqual(rows(reads), [
    ['1043318867701234', 'irina.sokolova.77', 'Ирина Соколова', 'Заказала торт на день рождения сына, привезли не тот, ещё и с опозданием на два часа. Кто вернёт деньги?', ago(180), null, false],
    ['1198877665500123', 'zernocoffee', B, 'Ирина Соколова простите, пожалуйста! Мы написали вам в Messenger: деньги вернём сегодня, а торт переделаем бесплатно.', ago(60), '1043318867701234', true],
    ['1198877665500456', '100004455667788', 'Ольга Петрова', 'У меня такое же было в прошлом месяце, ждала возврат неделю.', ago(40), '1043318867701234', false],
    ['1043318867705678', 'timur.aliev', 'Тимур Алиев', 'Смотрите, что пишут выше: facebook.com/zernocoffee/posts/pfbid02ZernoQa1?comment_id=1043318867701234 Это правда? Хотел заказать у вас торт.', ago(120), null, false],
    ['1043318867709012', 'vera.nikolaeva.5', 'Вера Николаева', 'Какой у вас график работы на праздники?', ago(25), null, false],
  ]);
  assert.equal(adapter.parentComment(els[1]), els[0]);
  const box = doc.querySelector('[data-lexical-editor]');
  assert.equal(adapter.editorOf(box), box);
});

test('QA Facebook dialog: a thread rendered twice is one record per id; later replies are read', () => {
  const doc = loadFixture('qa/fb_post_dialog.html', 'https://www.facebook.com/');
  const seen = (d) => {
    const { reads } = readAll(fbSite, d);
    const byId = new Map();
    for (const r of rows(reads)) byId.set(r[0], r); // the page keys records by id
    return [...byId.values()].sort((a, b) => a[0].localeCompare(b[0]));
  };
  const before = [
    ['2201000000000011', 'alexey.smirnov.92', 'Алексей Смирнов', 'Доставка опоздала на час, кофе остыл. Очень разочарован.', ago(120), null, false],
    ['2201000000000022', '100009988776655', 'Наталья Гриценко', 'Где можно оставить отзыв о бариста Максиме? Он большой молодец!', ago(60), null, false],
    ['2201000000000033', 'igor.vlasov.msk', 'Игорь Власов', 'Почему закрыли точку на Ленина? Теперь хожу через полгорода.', ago(30), null, false],
    ['2201000000000099', 'zernocoffee', B, 'Алексей, простите! Вернули стоимость доставки на карту, а следующий кофе за наш счёт.', ago(45), '2201000000000011', true],
  ];
  assert.deepEqual(seen(doc), before);
  const more = doc.querySelector('.qa-view-more');
  more.parentNode.appendChild(doc.getElementById('qa-more-replies').content.cloneNode(true));
  more.remove();
  assert.deepEqual(seen(doc), [
    ...before.slice(0, 3),
    ['2201000000000044', 'zernocoffee', B, 'Наталья, спасибо! Обязательно передадим Максиму.', ago(10), '2201000000000022', true],
    before[3],
  ]);
  const fb = fbSite.createAdapter();
  assert.equal(fb.pageKind(doc.location, doc), 'dialog');
  const box = doc.querySelector('[role="dialog"] [data-lexical-editor]');
  assert.equal(fb.editorOf(box), box);
});

// ---- the whole page: the real Page and every feature, a stand-in worker ----------------
import { pageOn as pageAt, settle, seen } from './qa_page.mjs';

const pageOn = (site, file, url) => pageAt(site, file, url, { now: NOW, operator: 'Анна' });

const PAGES = [
  ['VK new web A', vkSite, 'qa/vk_new_desktop_a.html', 'https://vk.com/wall-218000111_4512', '-218000111_4512_',
    { count: 6, team: ['4523', '4527'], customers: ['4520', '4521', '4524', '4526'], handled: ['4520', '4521'] }],
  ['VK new web B', vkSite, 'qa/vk_new_desktop_b.html', 'https://vk.com/wall-218000111_4600', '-218000111_4600_',
    { count: 5, team: ['4603'], customers: ['4601', '4602', '4604', '4605'], handled: ['4601'] }],
  ['VK classic', vkSite, 'qa/vk_classic_desktop.html', 'https://vk.com/wall-218000111_4700', '-218000111_4700_',
    { count: 6, team: ['4703', '4706'], customers: ['4701', '4702', '4704', '4705'], handled: ['4701', '4702'] }],
  ['VK legacy mobile', vkSite, 'qa/vk_mobile_legacy.html', 'https://m.vk.com/wall-218000111_4800', '-218000111_4800_',
    { count: 4, team: ['4803'], customers: ['4801', '4802', '4804'], handled: ['4801'] }],
  ['VK m.vk.com redesign', vkSite, 'qa/vk_mobile_redesign.html', 'https://m.vk.com/wall-218000111_5000', '-218000111_5000_',
    { count: 5, team: ['5004'], customers: ['5001', '5002', '5003', '5005'], handled: ['5003'] }],
  ['Facebook post page', fbSite, 'qa/fb_post_page.html', 'https://www.facebook.com/zernocoffee/posts/pfbid02ZernoQa1', '',
    { count: 5, team: ['1198877665500123'], customers: ['1043318867701234', '1043318867705678', '1043318867709012', '1198877665500456'], handled: ['1043318867701234'] }],
  ['Facebook dialog', fbSite, 'qa/fb_post_dialog.html', 'https://www.facebook.com/', '',
    { count: 4, team: ['2201000000000099'], customers: ['2201000000000011', '2201000000000022', '2201000000000033'], handled: ['2201000000000011'] }],
];

for (const [name, site, file, url, p, want] of PAGES) {
  test(`QA page ${name}: badges on customers, none on the brand, the answered ones handled`, async () => {
    const { page } = pageOn(site, file, url);
    page.scan();
    await settle();
    const ids = (xs) => xs.map((x) => p + x).sort();
    assert.deepEqual(seen(page), { count: want.count, team: ids(want.team), badged: ids(want.customers), handled: ids(want.handled) });
    // One node per id names its comment (a copy rendered earlier and left in the DOM, none).
    assert.equal(page.doc.querySelectorAll('[data-otklik-id]').length, want.count);
  });
}

test('QA pages, later comments: «Показать ещё» and «View 1 reply» are read and mark their targets', async () => {
  const vk = pageOn(vkSite, 'qa/vk_new_desktop_b.html', 'https://vk.com/wall-218000111_4600');
  vk.page.scan();
  await settle();
  appendTemplate(vk.doc, 'qa-more-comments', vk.doc.querySelector('.vkitCommentsList__group--Ij9Kl'));
  vk.page.scan();
  await settle();
  const p = '-218000111_4600_';
  assert.deepEqual(seen(vk.page).handled, [`${p}4601`, `${p}4608`]);
  assert.equal(seen(vk.page).count, 7);

  const fb = pageOn(fbSite, 'qa/fb_post_dialog.html', 'https://www.facebook.com/');
  fb.page.scan();
  await settle();
  const more = fb.doc.querySelector('.qa-view-more');
  more.parentNode.appendChild(fb.doc.getElementById('qa-more-replies').content.cloneNode(true));
  more.remove();
  fb.page.scan();
  await settle();
  assert.deepEqual(seen(fb.page).handled, ['2201000000000011', '2201000000000022']);
  assert.equal(seen(fb.page).count, 5);
});

// ---- small renderings other authors would plausibly write --------------------------------
import { domFrom } from './helpers.mjs';

const newWebComment = (testid, reply, href, name, text, extra = '') => `
  <div data-testid="${testid}"><a data-testid="comment-avatar" href="${href}"><img alt=""></a>
   <div class="vkitComment__contentWrapper--x"><a href="${href}"><div data-testid="comment-owner"><span><span>${name}</span></span></div></a>
    <div data-testid="comment-text"><div data-testid="showmoretext-in">${text}</div></div>${extra}
    <div class="vkitComment__info--y"><a data-testid="wall_comment_date" href="https://vk.ru/wall-218000111_4512?reply=${reply}">2 часа назад</a>
     <div data-testid="comment-reply" role="button">Ответить</div></div></div></div>`;

test('QA VK variants: comments beside the post (not inside it), vk.ru permalinks, m.vk.com redesign', () => {
  for (const url of ['https://vk.com/wall-218000111_4512', 'https://m.vk.com/wall-218000111_4512', 'https://vk.ru/wall-218000111_4512']) {
    const doc = domFrom(`<div data-testid="post" data-post-id="-218000111_4512">
      <a data-testid="post-header-title" href="/zerno_coffee">${B}</a></div>
      <div class="WallPostComments--z" data-testid="wall_comments_layout_root">
       <div style="--comment-layout-level: 0">${newWebComment('wall_comments_comment_root', 4520, '/irina.sokolova', 'Ирина Соколова', 'Где мой заказ?')}</div>
       <div data-testid="wall_comments_layout_thread"><div style="--comment-layout-level: 1">${newWebComment('wall_comments_comment_in_thread', 4523, '/zerno_coffee', B, 'Ирина, уже везём.', '<div data-testid="comment-reply-to">ответ Ирине</div>')}</div></div>
      </div>`, url);
    const { reads } = readAll(vkSite, doc);
    assert.deepEqual(reads.map((c) => [c.id, c.authorName, c.team, c.replyTo]), [
      ['-218000111_4512_4520', 'Ирина Соколова', false, null],
      ['-218000111_4512_4523', B, true, '-218000111_4512_4520'],
    ], url);
  }
});

test('QA Facebook variant: relative timestamp links, a «Top fan» badge, English labels', () => {
  const doc = domFrom(`<div role="dialog" aria-modal="true"><h2><span>${B}'s post</span></h2>
    <div><div role="article" aria-label="Comment by Anna K. 3 hours ago">
      <a href="/anna.k?comment_id=Y29tbWVudDoxXzI%3D"><span dir="auto">Anna K.</span></a><span>Top fan</span>
      <div dir="auto" style="text-align: start;">Is the terrace open on Sunday?</div>
      <a href="/zernocoffee/posts/pfbid0Rel?comment_id=301&amp;__tn__=R]-R"><span>3h</span></a><div role="button">Reply</div>
      <div><div role="article" aria-label="Reply by ${B} to Anna K.'s comment 2 hours ago">
        <a href="/zernocoffee?comment_id=Y29tbWVudDoxXzM%3D"><span dir="auto">${B}</span></a><span>Author</span>
        <div dir="auto" style="text-align: start;">Anna, yes, from 10 to 22.</div>
        <a href="/zernocoffee/posts/pfbid0Rel?comment_id=301&amp;reply_comment_id=302&amp;__tn__=R]-R"><span>2h</span></a></div></div>
    </div></div></div>`, 'https://www.facebook.com/zernocoffee/posts/pfbid0Rel');
  const { reads } = readAll(fbSite, doc);
  assert.deepEqual(reads.map((c) => [c.id, c.authorId, c.authorName, c.text, c.team, c.replyTo, c.postedAt.getTime()]), [
    ['301', 'anna.k', 'Anna K.', 'Is the terrace open on Sunday?', false, null, ago(180)],
    ['302', 'zernocoffee', B, 'Anna, yes, from 10 to 22.', true, '301', ago(120)],
  ]);
});

test('QA VK: another community commenting on the brand\'s post is a customer, not the brand', () => {
  const doc = domFrom(`<div data-testid="post" data-post-id="-218000111_4512">
    <a data-testid="post-header-title" href="/zerno_coffee">${B}</a>
    <div data-testid="wall_comments_layout_root">
     ${newWebComment('wall_comments_comment_root', 4530, '/club5550001', 'Фермерское молоко', 'Рады сотрудничеству!')}
     ${newWebComment('wall_comments_comment_root', 4531, '/club218000111', B, 'Спасибо, друзья!')}
    </div></div>
    <div class="post _post" data-post-id="-218000111_4700"><div class="reply" data-post-id="-218000111_4702">
      <a class="author" data-from-id="-5550001" href="/farm_milk">Фермерское молоко</a><div class="wall_reply_text">И мы рады!</div>
      <a class="wd_lnk" href="/wall-218000111_4700?reply=4702">час назад</a></div></div>`, 'https://vk.com/feed');
  const { reads } = readAll(vkSite, doc);
  assert.deepEqual(reads.map((c) => [c.id, c.team]), [
    ['-218000111_4512_4530', false], ['-218000111_4512_4531', true], ['-218000111_4700_4702', false],
  ]);
});

test('QA Facebook: a Page on the new Pages experience (profile.php?id=…) without a badge is the brand', () => {
  const page = 'https://www.facebook.com/profile.php?id=61551234567890';
  const doc = domFrom(`<div role="article" aria-posinset="1"><h2><a href="${page}&amp;__cft__[0]=AZ"><strong>${B}</strong></a></h2>
    <a href="https://www.facebook.com/permalink.php?story_fbid=pfbid0New&amp;id=61551234567890">1d</a><div dir="auto">Пост</div>
    <div><div role="article" aria-label="Комментарий от Ирина Соколова">
      <a href="https://www.facebook.com/irina.sokolova.77?comment_id=Y29t"><span dir="auto">Ирина Соколова</span></a>
      <div dir="auto" style="text-align: start;">Где заказ?</div>
      <a href="https://www.facebook.com/permalink.php?story_fbid=pfbid0New&amp;id=61551234567890&amp;comment_id=401"><span>1 ч.</span></a>
      <div><div role="article" aria-label="Ответ от ${B}">
        <a href="${page}&amp;comment_id=Y29u"><span dir="auto">${B}</span></a>
        <div dir="auto" style="text-align: start;">Ирина, уже везём.</div>
        <a href="https://www.facebook.com/permalink.php?story_fbid=pfbid0New&amp;id=61551234567890&amp;comment_id=401&amp;reply_comment_id=402"><span>5 мин.</span></a>
      </div></div></div></div></div>`, 'https://www.facebook.com/permalink.php?story_fbid=pfbid0New&id=61551234567890');
  const { reads } = readAll(fbSite, doc);
  assert.deepEqual(reads.map((c) => [c.id, c.authorId, c.team, c.replyTo, c.postedAt.getTime()]), [
    ['401', 'irina.sokolova.77', false, null, ago(60)],
    ['402', '61551234567890', true, '401', ago(5)],
  ]);
});

test('QA VK: the «ответ Имени» dative of names written with ё, and of the usual first names', () => {
  for (const [d, n] of [['Петру', 'Пётр Гуров'], ['Артему', 'Артём Ли'], ['Фёдору', 'Федор Иванов'], ['Алексею', 'Алексей Смирнов'],
    ['Наталье', 'Наталья Гриценко'], ['Игорю', 'Игорь Власов'], ['Любови', 'Любовь Орлова'], ['Илье', 'Илья Котов'], ['Анне', 'Анна Белова']]) {
    assert.ok(nameMatches(d, n), `${d} → ${n}`);
  }
  assert.ok(!nameMatches('Петру', 'Павел Орлов'));
});

test('QA Facebook: a long text\'s «Ещё» button is not part of the text', () => {
  const doc = domFrom(`<div role="article"><a href="/u1?comment_id=Y2"><span dir="auto">Ann</span></a>
    <div dir="auto" style="text-align: start;">Доставка опять опоздала на час… <div role="button" tabindex="0">Ещё</div></div>
    <a href="/zernocoffee/posts/1?comment_id=77">3 ч.</a><div role="button">Нравится</div><div role="button">Ответить</div></div>`,
  'https://www.facebook.com/zernocoffee/posts/1');
  const { reads } = readAll(fbSite, doc);
  assert.equal(reads[0].text, 'Доставка опять опоздала на час…');
});

test('QA VK classic: a long text is read whole, without «Показать полностью…»', () => {
  const doc = domFrom(`<div class="post" data-post-id="-218000111_4700"><div class="reply" data-post-id="-218000111_4710">
    <div class="reply_author"><a class="author" data-from-id="77" href="/id77">Ян</a></div>
    <div class="wall_reply_text">Третий раз пишу: оплата не проходит, <span style="display: none">деньги списались дважды.</span><a class="wall_reply_more_redesign_2024 wall_reply_more" onclick="return wall.showMore(this)">Показать полностью…</a></div>
    <a class="wd_lnk" href="/wall-218000111_4700?reply=4710"><span class="rel_date" time="1795845900">вчера</span></a></div></div>`,
  'https://vk.com/wall-218000111_4700');
  const { reads } = readAll(vkSite, doc);
  assert.equal(reads[0].text, 'Третий раз пишу: оплата не проходит, деньги списались дважды.');
});

test('QA VK classic, a flat list: «ответила Сергею» with neither onclick nor thread finds Сергей further up', () => {
  const reply = (n, from, href, name, text, extra = '') => `<div class="reply" data-post-id="-218000111_${n}">
    <div class="reply_author"><a class="author" data-from-id="${from}" href="${href}">${name}</a>${extra}</div>
    <div class="wall_reply_text">${text}</div><a class="wd_lnk" href="/wall-218000111_4700?reply=${n}"><span class="rel_date">час назад</span></a></div>`;
  const doc = domFrom(`<div class="post" data-post-id="-218000111_4700">
    <a class="author" href="/zerno_coffee" data-from-id="-218000111">${B}</a>
    ${reply(4720, 300400, '/id300400', 'Сергей Ткачёв', 'Есть безлактозное молоко?')}
    ${reply(4721, 8080, '/id8080', 'Кирилл Дёмин', 'Музыка громкая.')}
    ${reply(4722, -218000111, '/zerno_coffee', B, 'Да, есть.', ' <a class="reply_to" href="/id300400">ответила Сергею</a>')}</div>`,
  'https://vk.com/wall-218000111_4700');
  const { reads } = readAll(vkSite, doc);
  assert.deepEqual(reads.map((c) => [c.id, c.team, c.replyTo]), [
    ['-218000111_4700_4720', false, null], ['-218000111_4700_4721', false, null], ['-218000111_4700_4722', true, '-218000111_4700_4720'],
  ]);
});
