import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture, domFrom } from './helpers.mjs';
import { createAdapter, HOSTS, MARKUP_PARTS, SELECTORS, commentIdFromPermalink, nameMatches } from '../../extension/src/sites/vk.js';

const NOW = new Date('2026-11-22T10:00:00');
const MIN = 60_000;
const classic = () => loadFixture('vk/wall_post.html', 'https://vk.com/wall-12345_678');
const mobile = () => loadFixture('vk/mobile_post.html', 'https://m.vk.com/wall-12345_678');
const modern = () => loadFixture('vk/new_post.html', 'https://vk.com/wall-12345_700');

/** Every comment of a page as the adapter reads it, with the id of the comment it answers. */
function readAll(doc) {
  const vk = createAdapter();
  const els = vk.findComments(doc.body);
  return { vk, els, reads: els.map((el) => vk.read(el, NOW)) };
}

test('new web: counts, ids from the date permalink, authors, texts, times', () => {
  const { reads } = readAll(modern());
  assert.deepEqual(reads.map((c) => c.id), [
    '-12345_700_710', '-12345_700_711', '-12345_700_712', '-12345_700_713',
    '-12345_700_714', '-12345_700_715', '-12345_700_716', '-12345_700_717',
  ]);
  const [ivan, maria, brand1, oleg, irina, brand2, nina, pavel] = reads;
  assert.deepEqual([ivan.authorId, ivan.authorName], ['111', 'Иван Петров']);
  assert.deepEqual([maria.authorId, maria.authorName], ['masha.sokolova', 'Мария Соколова']);
  assert.match(ivan.text, /^ВЫ ТАМ ВСЕ УСНУЛИ\?! Третий день/);
  // An emoji drawn as <img class="emoji" alt="👍"> is part of the words (tone reads it).
  assert.equal(maria.text, 'Спасибо огромное мастеру Алексею, всё починил за час, вы лучшие))) 👍');
  assert.equal(brand1.text, 'Мария, спасибо, передадим Алексею! Рады, что всё работает.');
  assert.equal(ivan.postedAt.getTime(), NOW.getTime() - 34 * MIN);
  assert.equal(pavel.postedAt.getTime(), NOW.getTime() - 2 * MIN);
  assert.equal(ivan.permalink, 'https://vk.com/wall-12345_700?reply=710');
  // A link to another comment inside the text never names this one.
  assert.equal(nina.id, '-12345_700_716');
  assert.match(nina.text, /как тут писали\)$/);
  assert.equal(irina.text, 'Олег, у меня то же самое с утра, а ещё не открывается личный кабинет, подскажите что делать?');
  assert.deepEqual(reads.map((c) => c.team), [false, false, true, false, false, true, false, false]);
  assert.equal(brand2.authorName, 'Интернет Сибирь');
  assert.equal(oleg.replyTo, null);
});

test('new web: reply targets from the «ответ Имени» line, not the thread root', () => {
  const { vk, els, reads } = readAll(modern());
  const byId = Object.fromEntries(reads.map((c, i) => [c.id, els[i]]));
  assert.equal(reads[2].replyTo, '-12345_700_711'); // brand → Мария
  assert.equal(reads[4].replyTo, '-12345_700_713'); // Ирина → Олег
  assert.equal(reads[5].replyTo, '-12345_700_714'); // brand → Ирина, not Олег
  assert.equal(vk.parentComment(byId['-12345_700_715']), byId['-12345_700_714']);
  assert.equal(vk.parentComment(byId['-12345_700_710']), null);
});

test('new web: the composer, its send button, «Ответить» and the reply target', () => {
  const doc = modern();
  const vk = createAdapter();
  const editor = doc.querySelector(SELECTORS.editor);
  assert.equal(editor.getAttribute('data-testid'), 'content-editable-input');
  assert.equal(vk.editorOf(editor), editor);
  assert.equal(doc.querySelectorAll(SELECTORS.sendButton).length, 1);
  const els = vk.findComments(doc.body);
  assert.equal(vk.replyButton(els[1]).textContent, 'Ответить');
  assert.equal(vk.replyButton(els[1]).closest(SELECTORS.comment), els[1]);
  assert.equal(vk.replyTarget(editor, els[3]), els[3]);
  assert.equal(vk.replyTarget(editor, null), null);
  // A reply-target line put into the form by the site names the comment.
  const line = doc.createElement('div');
  line.setAttribute('data-testid', 'comment-reply-to');
  line.textContent = 'ответ Нине';
  editor.parentElement.prepend(line);
  assert.equal(vk.replyTarget(editor, null), els[6]);
  assert.equal(vk.editorNear(els[0]), editor);
  assert.equal(vk.pageKind(doc.location), 'post');
});

test('new web, flat layout: the thread level finds the thread root', () => {
  const row = (lvl, testid, id, href, name, reply, extra = '') => `<div style="--comment-layout-level: ${lvl}">
    <div data-testid="${testid}" id="${id}"><a data-testid="comment-avatar" href="${href}"></a>
    <div data-testid="comment-owner">${name}</div>${extra}<div data-testid="comment-text">t${reply}</div>
    <a data-testid="wall_comment_date" href="/wall-5_6?reply=${reply}">5 минут назад</a></div></div>`;
  const doc = domFrom(`<div data-testid="post" data-post-id="-5_6"><a data-testid="post-header-title" href="/brand">Бренд</a>
    <div data-testid="wall_comments_layout_root">
      ${row(0, 'wall_comments_comment_root', '-5_10', '/id1', 'Анна', 10)}
      ${row(1, 'wall_comments_comment_in_thread', '-5_11', '/brand', 'Бренд', 11)}
      ${row(0, 'wall_comments_comment_root', '-5_12', '/id2', 'Борис', 12)}
    </div></div>`, 'https://vk.com/wall-5_6');
  const { reads } = readAll(doc);
  assert.deepEqual(reads.map((c) => c.id), ['-5_6_10', '-5_6_11', '-5_6_12']);
  assert.deepEqual(reads.map((c) => c.team), [false, true, false]);
  assert.deepEqual(reads.map((c) => c.replyTo), [null, '-5_6_10', null]);
});

test('classic: counts of every hook', () => {
  const doc = classic();
  const expected = {
    comment: 7, text: 7, date: 7, replyButton: 7, editor: 1, replyForm: 1, thread: 2, post: 1, postAuthor: 1, replyToInput: 1,
  };
  for (const [name, count] of Object.entries(expected)) {
    assert.equal(doc.querySelectorAll(SELECTORS[name]).length, count, name);
  }
});

test('classic: ids, authors, texts, times; the brand reply keeps its own id', () => {
  const { reads } = readAll(classic());
  assert.deepEqual(reads.map((c) => c.id), [
    '-12345_678_910', '-12345_678_911', '-12345_678_912', '-12345_678_915',
    '-12345_678_913', '-12345_678_914', '-12345_678_916',
  ]);
  const [ivan] = reads;
  assert.equal(ivan.platform, 'vk');
  assert.deepEqual([ivan.authorId, ivan.authorName], ['111', 'Иван Петров']);
  assert.match(ivan.text, /^ВЫ ТАМ ВСЕ УСНУЛИ/);
  assert.match(ivan.text, /верните деньги за месяц 😡$/); // <img class="emoji" alt="😡">
  assert.equal(ivan.postedAt.getTime(), NOW.getTime() - 34 * MIN);
  assert.equal(ivan.permalink, 'https://vk.com/wall-12345_678?reply=910');
  assert.deepEqual(reads.map((c) => c.team), [false, false, false, true, false, false, true]);
  const brand = reads[6];
  assert.match(brand.text, /^Ирине, красный индикатор/);
  assert.equal(brand.replyTo, '-12345_678_914');
  assert.equal(reads[3].replyTo, '-12345_678_912');
  assert.equal(reads[5].replyTo, null);
});

test('classic: the hidden reply-to field names the comment an open box answers', () => {
  const doc = classic();
  const vk = createAdapter();
  const editor = doc.querySelector('.submit_post_field');
  const els = vk.findComments(doc.body);
  assert.equal(vk.replyTarget(editor, null), null);
  doc.querySelector('input[name=reply_to]').value = '913';
  assert.equal(vk.replyTarget(editor, els[1]), els[4]);
  doc.querySelector('input[name=reply_to]').value = '';
  assert.equal(vk.replyTarget(editor, els[1]), els[1]);
  assert.equal(vk.editorNear(els[1]), editor);
});

test('legacy mobile: ids, authors, texts without the name or date, brand replies', () => {
  const doc = mobile();
  const { vk, els, reads } = readAll(doc);
  assert.deepEqual(reads.map((c) => c.id), ['-12345_678_920', '-12345_678_921', '-12345_678_923', '-12345_678_922']);
  assert.deepEqual(reads.map((c) => c.team), [false, true, false, false]);
  assert.deepEqual(reads.map((c) => c.authorId), ['777', '-12345', '999', '888']);
  assert.equal(reads[0].text, 'Опять всё легло. Сколько можно?!');
  assert.equal(reads[2].text, 'Интернет Сибирь, а компенсация за сегодня будет?');
  assert.equal(reads[3].postedAt.getTime(), NOW.getTime() - 5 * MIN);
  assert.deepEqual(reads.map((c) => c.replyTo), [null, '-12345_678_920', '-12345_678_920', null]);
  assert.equal(vk.parentComment(els[1]), els[0]);
  assert.equal(vk.editorOf(doc.querySelector('textarea')), doc.querySelector('textarea'));
});

test('VK time attribute wins over the printed text', () => {
  const doc = domFrom(`<div class="post" data-post-id="-1_5"><div class="reply" data-post-id="-1_7">
    <a class="author" data-from-id="9" href="/id9">A</a><div class="wall_reply_text">x</div>
    <a class="wd_lnk" href="/wall-1_5?reply=7"><span class="rel_date" time="1700000000">сегодня в 8:51</span></a></div></div>`);
  const c = createAdapter().read(doc.querySelector('.reply'), NOW);
  assert.equal(c.postedAt.toISOString(), '2023-11-14T22:13:20.000Z');
  assert.equal(c.id, '-1_5_7');
});

test('the id falls back to data-post-id with the post when no permalink is there', () => {
  const doc = domFrom(`<div class="post" data-post-id="-1_5"><div class="reply" data-post-id="-1_7">
    <a class="author" data-from-id="9">A</a><div class="wall_reply_text">x <a href="/wall-1_5?reply=3">y</a></div></div></div>`);
  assert.equal(createAdapter().read(doc.querySelector('.reply'), NOW).id, '-1_5_7');
});

test('permalink ids cover threads and other query orders', () => {
  assert.equal(commentIdFromPermalink('https://vk.com/wall-1_2?reply=3&thread=4'), '-1_2_3');
  assert.equal(commentIdFromPermalink('/wall5_6?w=x&reply=7'), '5_6_7');
  assert.equal(commentIdFromPermalink('/wall-1_2'), null);
});

test('a photo\'s and a video\'s comments have ids of their own, named (qa5)', () => {
  assert.equal(commentIdFromPermalink('/photo-1_2?reply=3'), 'photo-1_2_3');
  assert.equal(commentIdFromPermalink('https://vk.com/video5_6?reply=7&thread=4'), 'video5_6_7');
  // A photo comment in the viewer: classic .reply._post without data-post-id.
  const doc = domFrom(`<div id="pv_comments"><div class="reply _post"><a class="author" href="/id9" data-from-id="9">Аня</a>
    <div class="wall_reply_text">Это ржаной?</div><a class="wd_lnk" href="/photo-1_2?reply=3"><span class="rel_date">час назад</span></a></div></div>`,
  'https://vk.com/club1?z=photo-1_2%2Falbum-1_00');
  const c = createAdapter().read(doc.querySelector('.reply'), NOW);
  assert.deepEqual([c.id, c.authorId, c.text, c.team], ['photo-1_2_3', '9', 'Это ржаной?', false]);
  assert.equal(createAdapter().pageKind(doc.location), 'photo');
});

test('VK Video\'s comments: the number in the block, the video in the address, the channel link is the owner (qa5)', () => {
  const block = (n, href, name, when, text) => `<div data-testid="comment" id="${n}"><a data-testid="comment-avatar" href="${href}"></a>
    <div><div class="vkitCommentBase__title--x1"><a data-testid="comment-owner" href="${href}">${name}</a> <span>${when}</span></div>
    <div data-testid="comment-text">${text}</div></div></div>`;
  const doc = domFrom(`<a href="/video/@brand">Бренд</a>${block(11, '/id9', 'Аня Ким', '2 часа назад', 'Где купить?')}
    ${block(12, 'https://vk.com/video/@brand', 'Бренд', 'час назад', 'Аня, в магазине')}`, 'https://vk.com/video-5_6');
  const vk = createAdapter();
  const [a, b] = [...doc.querySelectorAll('[data-testid="comment"]')].map((el) => vk.read(el, NOW));
  assert.deepEqual([a.id, a.authorId, a.team, a.postedAt.getTime()], ['video-5_6_11', '9', false, NOW.getTime() - 2 * 3600_000]);
  assert.deepEqual([b.id, b.authorId, b.team, a.permalink], ['video-5_6_12', 'brand', true, 'https://vk.com/video-5_6']);
  assert.equal(vk.pageKind(doc.location), 'video');
  // On VK Video's own domain the channel is /@brand and a person /@id9 (qa6).
  const doc2 = domFrom(`<a href="/@brand">Бренд</a>${block(11, '/@id9', 'Аня Ким', '2 часа назад', 'Где купить?')}
    ${block(12, '/@brand', 'Бренд', 'час назад', 'Аня, в магазине')}`, 'https://vkvideo.ru/video-5_6');
  const [c, d] = [...doc2.querySelectorAll('[data-testid="comment"]')].map((el) => vk.read(el, NOW));
  assert.deepEqual([c.id, c.authorId, c.team, d.id, d.authorId, d.team], ['video-5_6_11', '9', false, 'video-5_6_12', 'brand', true]);
  assert.ok(HOSTS.includes('vkvideo.ru'));
  // The page's chrome links channels too (the viewer's own in the top bar, recommended ones
  // aside) and an article is /@name-slug: none of them is the video's owner.
  const doc3 = domFrom(`<header><a href="/@viewer">Мой канал</a></header><a href="/@brand-novosti-nedeli">Статья</a>
    <aside><a href="/@other">Другой канал</a></aside><a href="/@brand">Бренд</a>
    ${block(12, '/@brand', 'Бренд', 'час назад', 'Аня, в магазине')}${block(13, '/@viewer', 'Я', 'час назад', 'Спасибо')}`,
  'https://vkvideo.ru/video-5_6');
  const [e, f] = [...doc3.querySelectorAll('[data-testid="comment"]')].map((el) => vk.read(el, NOW));
  assert.deepEqual([e.team, f.team], [true, false]);
});

test('legacy m.vk: the text is __body, not the __content wrapper with its date line (qa6)', () => {
  const doc = domFrom(`<div class="ReplyItem" id="wall_reply-5_7"><div class="ReplyItem__content">
    <div class="ReplyItem__header"><a class="ReplyItem__name" href="/id9">Аня Ким</a></div>
    <div class="ReplyItem__body">Где мой заказ?</div>
    <div class="ReplyItem__date"><a class="item_date" href="/wall-5_6?reply=7">час назад</a> · <a class="ReplyItem__action" href="#">Ответить</a></div>
  </div></div>`, 'https://m.vk.ru/wall-5_6');
  const c = createAdapter().read(doc.querySelector('.ReplyItem'), NOW);
  assert.deepEqual([c.id, c.authorId, c.text], ['-5_6_7', '9', 'Где мой заказ?']);
});

test('dative first names match their authors', () => {
  assert.ok(nameMatches('Ирине', 'Ирина Ким'));
  assert.ok(nameMatches('Олегу', 'Олег Смирнов'));
  assert.ok(nameMatches('Марии', 'Мария Соколова'));
  assert.ok(nameMatches('Павлу', 'Павел Орлов'));
  assert.ok(nameMatches('Льву', 'Лев Гуров'));
  assert.ok(nameMatches('Петру', 'Пётр Лебедев'));
  assert.ok(!nameMatches('Льву', 'Лена Гурова'));
  assert.ok(!nameMatches('Ольге', 'Олег Смирнов'));
  assert.ok(!nameMatches('Ивану', 'Ирина Ким'));
  assert.ok(!nameMatches('Ане', 'Анатолий'));
});

test('an override replaces one selector and keeps the rest', () => {
  const doc = domFrom(`<div class="post" data-post-id="-1_5"><article class="cmt" data-post-id="-1_8">
    <a class="author" data-from-id="3">B</a><p class="wall_reply_text">hi</p>
    <a href="/wall-1_5?reply=8">5 минут назад</a></article></div>`);
  assert.equal(createAdapter().findComments(doc.body).length, 0);
  const vk = createAdapter({ comment: 'article.cmt' });
  const [el] = vk.findComments(doc.body);
  assert.equal(vk.read(el, NOW).id, '-1_5_8');
  assert.equal(vk.selectors.text, SELECTORS.text);
});

test('new web variants: a reply-target line linking the person, a wrapper text with actions', () => {
  const doc = domFrom(`<div data-testid="post" data-post-id="-5_6"><a data-testid="post-header-title" href="https://vk.com/brand">Бренд</a>
    <div data-testid="wall_comments_comment_root" id="1_10"><a data-testid="comment-owner" href="/id1">Анна Лис</a>
      <div data-testid="comment-text">Где мой заказ?</div><a data-testid="wall_comment_date" href="https://vk.com/wall-5_6?reply=10">час назад</a>
      <div data-testid="wall_comments_layout_thread">
        <div data-testid="wall_comments_comment_in_thread" id="2_11"><a data-testid="comment-owner" href="/id2">Борис</a>
          <span data-testid="comment-reply-to">ответ <a href="/id1">Анне</a></span>
          <div data-testid="comment-text">И мой тоже</div><a data-testid="wall_comment_date" href="/wall-5_6?reply=11">5 минут назад</a></div>
        <div data-testid="wall_comments_comment_in_thread"><a data-testid="comment-owner" href="/brand">Бренд</a>
          <div data-testid="comment-reply-to">в ответ на комментарий Бориса</div>
          <div data-testid="comment-text">Борис, уже везём.</div><a data-testid="wall_comment_date" href="/wall-5_6?reply=12&amp;thread=10">только что</a></div>
      </div></div></div>`, 'https://vk.com/wall-5_6');
  const { reads } = readAll(doc);
  assert.deepEqual(reads.map((c) => [c.id, c.team, c.replyTo, c.text]), [
    ['-5_6_10', false, null, 'Где мой заказ?'],
    ['-5_6_11', false, '-5_6_10', 'И мой тоже'],
    ['-5_6_12', true, '-5_6_11', 'Борис, уже везём.'],
  ]);
});

test('each markup\'s own selectors are a part of the full lists; the full list still decides', () => {
  const alternatives = (list) => list.split(/,\s*(?![^[]*\])/);
  for (const markup of MARKUP_PARTS) {
    for (const [name, part] of Object.entries(markup)) {
      for (const alt of alternatives(part)) assert.ok(alternatives(SELECTORS[name]).includes(alt), `${name}: ${alt}`);
    }
  }
  // A new-web comment whose author is only linked the classic way is still read.
  const doc = domFrom(`<div data-testid="post" data-post-id="-12345_700">
    <div data-testid="wall_comments_comment_root"><div class="reply_author"><a href="/id5">Ира Котова</a></div>
    <div data-testid="comment-text">Нет связи</div>
    <a data-testid="wall_comment_date" href="/wall-12345_700?reply=9">5 минут назад</a></div></div>`,
  'https://vk.com/wall-12345_700');
  const info = createAdapter().read(doc.querySelector('[data-testid="wall_comments_comment_root"]'));
  assert.equal(info.authorId, '5');
  assert.equal(info.authorName, 'Ира Котова');
  assert.equal(info.text, 'Нет связи');
  // An override replaces the markup's own part too.
  const custom = createAdapter({ text: '.my-text' });
  const doc2 = domFrom(`<div data-testid="wall_comments_comment_root"><div data-testid="comment-text">свой</div>
    <div class="my-text">чужой</div><a data-testid="wall_comment_date" href="/wall-12345_700?reply=9">5 минут назад</a></div>`,
  'https://vk.com/wall-12345_700');
  assert.equal(custom.read(doc2.querySelector('[data-testid="wall_comments_comment_root"]')).text, 'чужой');
});

test('emoji drawn as images: the alt is read, a photo\'s description is not', async () => {
  const { ownText, editorText } = await import('../../extension/src/core/dom.js');
  const doc = domFrom('<div id="t">Класс <img class="emoji" alt="🔥" src="/emoji/e/f09f94a5.png">'
    + '<img class="emoji" alt="❤️" src="/emoji/e/e29da4.png"> спасибо'
    + '<img alt="Может быть изображение: текст «Скидки»" src="/p.jpg"><img alt="" src="/s.png"></div>'
    + '<div id="e" contenteditable="true">Ирина, рады помочь <img class="emoji" alt="😊" src="/emoji/e/x.png"></div>');
  assert.equal(ownText(doc.getElementById('t'), '[data-otklik-host]'), 'Класс 🔥❤️ спасибо');
  assert.equal(editorText(doc.getElementById('e')), 'Ирина, рады помочь 😊');
});
