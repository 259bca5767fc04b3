import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture, domFrom } from './helpers.mjs';
import { createAdapter, SELECTORS, commentIdFromPermalink } from '../../extension/src/sites/vk.js';

const NOW = new Date('2026-11-22T10:00:00');
const desktop = () => loadFixture('vk/wall_post.html', 'https://vk.com/wall-12345_678');
const mobile = () => loadFixture('vk/mobile_post.html', 'https://m.vk.com/wall-12345_678');

test('every VK selector matches the expected number of nodes on the desktop fixture', () => {
  const doc = desktop();
  const expected = {
    comment: 5, author: 6, text: 5, time: 6, permalink: 5, replyButton: 5, editor: 1,
    replyForm: 1, thread: 1, post: 1, postAuthor: 1,
  };
  for (const [name, count] of Object.entries(expected)) {
    assert.equal(doc.querySelectorAll(SELECTORS[name]).length, count, name);
  }
});

test('every mobile VK hook is found on the mobile fixture', () => {
  const doc = mobile();
  const expected = { comment: 3, author: 3, text: 3, time: 3, permalink: 3, replyButton: 3, editor: 1, post: 1 };
  for (const [name, count] of Object.entries(expected)) {
    assert.equal(doc.querySelectorAll(SELECTORS[name]).length, count, name);
  }
});

test('reads id, author, text, time and permalink of a desktop comment', () => {
  const doc = desktop();
  const vk = createAdapter();
  const [first] = vk.findComments(doc.body);
  const c = vk.read(first, NOW);
  assert.equal(c.id, '-12345_678_910');
  assert.equal(c.platform, 'vk');
  assert.equal(c.authorId, '111');
  assert.equal(c.authorName, 'Иван Петров');
  assert.match(c.text, /^ВЫ ТАМ ВСЕ УСНУЛИ/);
  assert.equal(c.postedAt.getTime(), NOW.getTime() - 34 * 60_000);
  assert.equal(c.permalink, 'https://vk.com/wall-12345_678?reply=910');
  assert.equal(c.team, false);
});

test('a community reply is the team; its parent is the comment it answers', () => {
  const doc = desktop();
  const vk = createAdapter();
  const all = vk.findComments(doc.body);
  const reads = all.map((el) => vk.read(el, NOW));
  const team = reads.filter((c) => c.team).map((c) => c.id);
  assert.deepEqual(team, ['-12345_678_915']);
  const teamEl = all[reads.findIndex((c) => c.team)];
  assert.equal(vk.read(vk.parentComment(teamEl), NOW).id, '-12345_678_912');
  const expert = all.find((el) => vk.read(el, NOW).id === '-12345_678_912');
  assert.deepEqual(vk.threadReplies(expert).map((el) => vk.read(el, NOW).id), ['-12345_678_915']);
  assert.equal(vk.parentComment(all[0]), null);
});

test('mobile comments: ids from permalinks, community replies nested', () => {
  const doc = mobile();
  const vk = createAdapter();
  const reads = vk.findComments(doc.body).map((el) => vk.read(el, NOW));
  assert.deepEqual(reads.map((c) => c.id), ['-12345_678_920', '-12345_678_921', '-12345_678_922']);
  assert.deepEqual(reads.map((c) => c.team), [false, true, false]);
  assert.equal(reads[0].authorId, '777');
  assert.equal(reads[0].text, 'Опять всё легло. Сколько можно?!');
  const [top, nested] = vk.findComments(doc.body);
  assert.equal(vk.parentComment(nested), top);
  assert.equal(vk.editorOf(doc.querySelector('textarea')), doc.querySelector('textarea'));
});

test('VK time attribute wins over the printed text', () => {
  const doc = domFrom(`<div class="post" data-post-id="-1_5"><div class="reply" data-post-id="-1_7">
    <a class="author" data-from-id="9" href="/id9">A</a><div class="wall_reply_text">x</div>
    <a href="/wall-1_5?reply=7"><span class="rel_date" time="1700000000">сегодня в 8:51</span></a></div></div>`);
  const vk = createAdapter();
  const c = vk.read(doc.querySelector('.reply'), NOW);
  assert.equal(c.postedAt.toISOString(), '2023-11-14T22:13:20.000Z');
  assert.equal(c.id, '-1_5_7');
});

test('the id falls back to data-post-id with the post when no permalink is there', () => {
  const doc = domFrom(`<div class="post" data-post-id="-1_5"><div class="reply" data-post-id="-1_7">
    <a class="author" data-from-id="9">A</a><div class="wall_reply_text">x</div></div></div>`);
  assert.equal(createAdapter().read(doc.querySelector('.reply'), NOW).id, '-1_5_7');
});

test('permalink ids cover threads and other query orders', () => {
  assert.equal(commentIdFromPermalink('https://vk.com/wall-1_2?reply=3&thread=4'), '-1_2_3');
  assert.equal(commentIdFromPermalink('/wall5_6?w=x&reply=7'), '5_6_7');
  assert.equal(commentIdFromPermalink('/wall-1_2'), null);
});

test('an override replaces one selector and keeps the rest', () => {
  const doc = domFrom(`<div class="post" data-post-id="-1_5"><article class="cmt" data-post-id="-1_8">
    <a class="author" data-from-id="3">B</a><p class="wall_reply_text">hi</p>
    <a href="/wall-1_5?reply=8">5 минут назад</a></article></div>`);
  const plain = createAdapter();
  assert.equal(plain.findComments(doc.body).length, 0);
  const vk = createAdapter({ comment: 'article.cmt' });
  const [el] = vk.findComments(doc.body);
  assert.equal(vk.read(el, NOW).id, '-1_5_8');
  assert.equal(vk.selectors.text, SELECTORS.text);
});

test('the reply target is the comment whose «Ответить» was clicked in that post', () => {
  const doc = desktop();
  const vk = createAdapter();
  const editor = doc.querySelector('.submit_post_field');
  const [, second] = vk.findComments(doc.body);
  assert.equal(vk.editorOf(editor), editor);
  assert.equal(vk.replyTarget(editor, second), second);
  assert.equal(vk.replyTarget(editor, null), null);
  assert.equal(vk.replyButton(second).textContent, 'Ответить');
  assert.equal(vk.editorNear(second), editor);
});
