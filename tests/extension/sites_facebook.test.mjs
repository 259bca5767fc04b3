import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture, domFrom } from './helpers.mjs';
import {
  createAdapter, commentIdFromPermalink, parentIdFromPermalink, profileId,
} from '../../extension/src/sites/facebook.js';

const NOW = new Date('2026-11-22T10:00:00');
const MIN = 60_000;
const listPage = () => loadFixture('facebook/page_post.html', 'https://www.facebook.com/berezka.market/posts/pfbid02aXyZ');
const dialog = () => loadFixture('facebook/dialog_post.html', 'https://www.facebook.com/berezka.market/posts/9876543210');

function readAll(doc) {
  const fb = createAdapter();
  const els = fb.findComments(doc.body);
  return { fb, els, reads: els.map((el) => fb.read(el, NOW)) };
}

test('dialog post: comments are articles with their own permalink, whatever their label says', () => {
  const doc = dialog();
  const { reads } = readAll(doc);
  assert.equal(doc.querySelectorAll('div[role="article"]').length, 7);
  assert.deepEqual(reads.map((c) => c.id), [
    '1111111111111111', '2222222222222222', '3333333333333333', '4444444444444444',
    '5555555555555555', '6666666666666666', '8888888888888888',
  ]);
  const [ivan, olga, page, dmitry, sveta, igor, oleg] = reads;
  assert.deepEqual([ivan.authorId, ivan.authorName], ['100001', 'Иван Петров']);
  assert.match(ivan.text, /^Заказал доставку за 30 минут/);
  assert.equal(ivan.postedAt.getTime(), NOW.getTime() - 25 * MIN);
  assert.equal(ivan.permalink, 'https://www.facebook.com/berezka.market/posts/9876543210?comment_id=1111111111111111');
  assert.equal(olga.text, 'Спасибо за доставку! Всё свежее, курьер вежливый 😊');
  assert.equal(page.text, 'Ольга, приятно это читать! Передадим курьеру ваше спасибо 🙂');
  assert.equal(dmitry.authorId, 'dmitry.k.42');
  assert.match(dmitry.text, /как и тут$/);
  assert.equal(oleg.authorName, 'Олег Белов');
  assert.equal(igor.postedAt.getTime(), NOW.getTime() - 60 * MIN);
  assert.deepEqual(reads.map((c) => c.team), [false, false, true, false, false, false, false]);
  assert.deepEqual(reads.map((c) => c.replyTo), [null, null, '2222222222222222', null, null, '5555555555555555', null]);
  void sveta;
});

test('dialog post: the Page reply nested in the customer article answers it', () => {
  const { fb, els } = readAll(dialog());
  assert.equal(fb.parentComment(els[2]), els[1]);
  assert.equal(fb.parentComment(els[1]), null);
  assert.equal(fb.replyButton(els[1]).textContent, 'Ответить');
  assert.equal(fb.replyButton(els[2]).closest('[role="article"]'), els[2]);
  assert.equal(fb.pageKind(els[0].ownerDocument.location, els[0].ownerDocument), 'dialog');
});

test('a Page reply without a badge is the team by its profile; a reply to a nested reply answers it', () => {
  const doc = dialog();
  const fb = createAdapter();
  const igor = fb.findComments(doc.body)[5];
  const replies = doc.createElement('div');
  replies.innerHTML = `<div role="article"><a href="https://www.facebook.com/berezka.market?comment_id=5555555555555555"><span dir="auto">Супермаркет «Берёзка»</span></a>
    <div dir="auto">Игорь, промокод уже работает.</div>
    <a href="https://www.facebook.com/berezka.market/posts/9876543210?comment_id=5555555555555555&amp;reply_comment_id=7777777777777777">Только что</a></div>`;
  igor.appendChild(replies);
  const reply = fb.findComments(replies)[0];
  const c = fb.read(reply, NOW);
  assert.equal(c.id, '7777777777777777');
  assert.equal(c.team, true);
  assert.equal(c.replyTo, '6666666666666666');
});

test('the reply box in a thread answers its comment; the post box answers nobody', () => {
  const doc = dialog();
  const fb = createAdapter();
  const els = fb.findComments(doc.body);
  const box = doc.createElement('div');
  box.setAttribute('contenteditable', 'true');
  box.setAttribute('role', 'textbox');
  box.setAttribute('data-lexical-editor', 'true');
  box.innerHTML = '<p>Ольга Смирнова </p>';
  els[1].appendChild(box);
  assert.equal(fb.editorOf(box.firstChild), box);
  assert.equal(fb.replyTarget(box, null), els[1]);
  assert.equal(fb.replyTarget(box, els[2]), els[2]);
  assert.equal(fb.replyTarget(box, els[0]), els[1]);
  assert.equal(fb.editorNear(els[1]), box);
  const top = doc.querySelector('.x1comment-box [role="textbox"]');
  assert.equal(fb.replyTarget(top, null), null);
});

test('old lists: ids, authors, texts, times, the page reply in the thread', () => {
  const { fb, els, reads } = readAll(listPage());
  assert.deepEqual(reads.map((c) => c.id), [
    'Y29tbWVudDoxMTEx', 'Y29tbWVudDoyMjIy', 'Y29tbWVudDozMzMz', 'Y29tbWVudDo0NDQ0',
  ]);
  const [ivan] = reads;
  assert.equal(ivan.authorName, 'Иван Петров');
  assert.equal(ivan.authorId, '100001');
  assert.match(ivan.text, /^Заказал доставку за 30 минут/);
  assert.equal(ivan.postedAt.getTime(), NOW.getTime() - 25 * MIN);
  assert.match(ivan.permalink, /posts\/pfbid02aXyZ\?comment_id=Y29tbWVudDoxMTEx/);
  assert.equal(reads[3].authorId, 'dmitry.k.42');
  assert.deepEqual(reads.map((c) => c.team), [false, false, true, false]);
  assert.equal(fb.parentComment(els[2]), els[1]);
  assert.equal(reads[2].replyTo, 'Y29tbWVudDoyMjIy');
  assert.equal(fb.parentComment(els[1]), null);
  assert.equal(fb.replyButton(els[0]).textContent, 'Ответить');
  const box = els[0].ownerDocument.createElement('div');
  box.setAttribute('contenteditable', 'true');
  box.setAttribute('role', 'textbox');
  els[0].closest('li').querySelector('.replies').appendChild(box);
  assert.equal(fb.replyTarget(box, null), els[0]);
  assert.equal(fb.editorNear(els[0]), box);
});

test('a post article without a comment permalink is not a comment', () => {
  const doc = domFrom(`<div role="article" aria-posinset="1"><h3><a href="/brand">Brand</a></h3>
    <a href="/brand/posts/1">2 h</a><div dir="auto">Post</div>
    <div role="article"><a href="/u1?comment_id=5"><span dir="auto">U</span></a><div dir="auto">hi</div>
      <a href="/brand/posts/1?comment_id=5">3m</a></div></div>`, 'https://www.facebook.com/brand/posts/1');
  const fb = createAdapter();
  const found = fb.findComments(doc.body);
  assert.equal(found.length, 1);
  const c = fb.read(found[0], NOW);
  assert.deepEqual([c.id, c.authorId, c.text, c.team], ['5', 'u1', 'hi', false]);
});

test('permalink helpers', () => {
  assert.equal(commentIdFromPermalink('https://www.facebook.com/p/posts/x?comment_id=1_2&reply_comment_id=3'), '3');
  assert.equal(parentIdFromPermalink('https://www.facebook.com/p/posts/x?comment_id=12&reply_comment_id=3'), '12');
  assert.equal(parentIdFromPermalink('/p/posts/x?comment_id=12'), null);
  assert.equal(commentIdFromPermalink('/p/posts/x?comment_id=1_2'), '1_2');
  assert.equal(commentIdFromPermalink('https://www.facebook.com/p'), null);
  // A photo's, a reel's and a video's own addresses are posts, not the feed (qa5).
  const kind = (href) => createAdapter().pageKind(new URL(href), null);
  assert.equal(kind('https://www.facebook.com/photo/?fbid=1&set=a.2'), 'post');
  assert.equal(kind('https://www.facebook.com/reel/123456'), 'post');
  assert.equal(kind('https://www.facebook.com/watch/?v=789'), 'post');
  assert.equal(kind('https://www.facebook.com/watch/'), 'feed');
  assert.equal(profileId('https://www.facebook.com/profile.php?id=100001&comment_id=5'), '100001');
  assert.equal(profileId('https://www.facebook.com/olga.smirnova?comment_id=5'), 'olga.smirnova');
  // In a group every author is linked group-scoped (qa6); the group's own address is nobody.
  assert.equal(profileId('https://www.facebook.com/groups/1876500012345678/user/100004455667788/?__cft__[0]=x'), '100004455667788');
  assert.equal(profileId('https://www.facebook.com/groups/1876500012345678/'), null);
  // A group post is a post (qa6).
  assert.equal(kind('https://www.facebook.com/groups/1876500012345678/posts/2233445566778899/'), 'post');
});

test('replies listed after the parent in a plain div, English labels, the page named like the post', () => {
  const art = (id, parent, name, href, text, when, label) => `<div role="article" aria-label="${label}">
    <a href="${href}"><span dir="auto">${name}</span></a><div dir="auto">${text}</div>
    <a href="https://www.facebook.com/shop/posts/77?comment_id=${parent ?? id}${parent ? `&amp;reply_comment_id=${id}` : ''}">${when}</a>
    <div role="button">Reply</div></div>`;
  const doc = domFrom(`<div role="dialog"><h2><a href="https://www.facebook.com/shop">Shop</a></h2>
    <div>${art('101', null, 'Ann', '/ann.k', 'Where is my order?', '3h', 'Comment by Ann')}
      <div>${art('102', '101', 'Shop', '/shop', 'Ann, it is on its way.', '2h', 'Reply by Shop to Ann')}</div></div>
    <div>${art('103', null, 'Bob', '/profile.php?id=9', 'Thanks!', '1h', 'Comment by Bob')}</div></div>`,
  'https://www.facebook.com/shop/posts/77');
  const fb = createAdapter();
  const els = fb.findComments(doc.body);
  const reads = els.map((el) => fb.read(el, NOW));
  assert.deepEqual(reads.map((c) => [c.id, c.team, c.replyTo, c.text]), [
    ['101', false, null, 'Where is my order?'],
    ['102', true, '101', 'Ann, it is on its way.'],
    ['103', false, null, 'Thanks!'],
  ]);
  assert.equal(fb.parentComment(els[1]), els[0]);
  assert.equal(reads[0].postedAt.getTime(), NOW.getTime() - 3 * 3600_000);
  assert.equal(fb.replyButton(els[2]).textContent, 'Reply');
});

test('a comment without an author link: its name, not a role label printed above it (qa6 review)', () => {
  const comment = (label) => `<div role="article"><div><div>
      ${label ? `<span>${label}</span>` : ''}<span class="x1name"><span>Анонимный участник</span></span>
      <div dir="auto" style="text-align: start;">Сыр тёплый. Куда жаловаться?</div></div>
    <a role="link" href="https://www.facebook.com/groups/187/posts/223/?comment_id=22">1 ч.</a></div></div>`;
  for (const label of [null, 'Администратор', 'Top fan', 'Самый активный участник']) {
    const doc = domFrom(comment(label), 'https://www.facebook.com/groups/187/posts/223/');
    const c = createAdapter().read(doc.querySelector('[role="article"]'), NOW);
    assert.deepEqual([c.id, c.authorName, c.text], ['22', 'Анонимный участник', 'Сыр тёплый. Куда жаловаться?'], label);
  }
});

test('at the third level a reply opening with a mention answers that person\'s comment, not the reply it sits under (qa7)', () => {
  // Facebook nests no deeper than three: a reply to a level-3 comment joins the same list
  // and names whom it answers by a mention link.
  const post = 'https://www.facebook.com/shop/posts/pfbid0X';
  const art = (cid, rid, href, name, text, inner = '') => `<div role="article">
    <a href="${href}"><span>${name}</span></a><div dir="auto">${text}</div>
    <a href="${post}?comment_id=${cid}${rid ? `&reply_comment_id=${rid}` : ''}">1 ч.</a><div>${inner}</div></div>`;
  const mention = (href, name) => `<a href="${href}?__tn__=R"><span>${name}</span></a>`;
  const doc = domFrom(`<div role="main">
    <a href="https://www.facebook.com/shop"><strong>Shop</strong></a>
    ${art(1, 0, 'https://www.facebook.com/ann', 'Ann', 'Торт поплыл',
    art(1, 2, 'https://www.facebook.com/bob', 'Bob', `${mention('https://www.facebook.com/ann', 'Ann')}, у меня тоже`,
      art(1, 3, 'https://www.facebook.com/ann', 'Ann', `${mention('https://www.facebook.com/bob', 'Bob')}, значит крем`) +
      art(1, 4, 'https://www.facebook.com/shop', 'Shop', `${mention('https://www.facebook.com/ann', 'Ann')}, вернём деньги`) +
      art(1, 5, 'https://www.facebook.com/carl', 'Carl', `${mention('https://www.facebook.com/dina', 'Dina')}, и у нас`) +
      art(1, 6, 'https://www.facebook.com/dina', 'Dina', `Спасибо, ${mention('https://www.facebook.com/ann', 'Ann')}`)))}
  </div>`, post);
  const got = Object.fromEntries(readAll(doc).reads.map((c) => [c.id, c.replyTo]));
  assert.deepEqual(got, {
    1: null,
    2: '1', // level 2: its parent, whoever it names
    3: '2', // names the author of the reply it sits under
    4: '3', // names Ann: her latest earlier comment in the thread
    5: '2', // names someone with no earlier comment here: the reply it sits under
    6: '2', // a mention not at the start is no address
  });
});
