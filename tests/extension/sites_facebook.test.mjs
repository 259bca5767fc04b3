import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from './helpers.mjs';
import { createAdapter, SELECTORS, commentIdFromPermalink } from '../../extension/src/sites/facebook.js';

const NOW = new Date('2026-11-22T10:00:00');
const page = () => loadFixture('facebook/page_post.html', 'https://www.facebook.com/berezka.market/posts/pfbid02aXyZ');

test('every Facebook selector matches the expected number of nodes on the fixture', () => {
  const doc = page();
  const expected = { comment: 4, permalink: 12, editor: 1, post: 1, postAuthor: 1 };
  for (const [name, count] of Object.entries(expected)) {
    assert.equal(doc.querySelectorAll(SELECTORS[name]).length, count, name);
  }
});

test('reads id, author, text, time and permalink of page-post comments', () => {
  const doc = page();
  const fb = createAdapter();
  const reads = fb.findComments(doc.body).map((el) => fb.read(el, NOW));
  assert.deepEqual(reads.map((c) => c.id), [
    'Y29tbWVudDoxMTEx', 'Y29tbWVudDoyMjIy', 'Y29tbWVudDozMzMz', 'Y29tbWVudDo0NDQ0',
  ]);
  const [ivan] = reads;
  assert.equal(ivan.authorName, 'Иван Петров');
  assert.equal(ivan.authorId, '100001');
  assert.match(ivan.text, /^Заказал доставку за 30 минут/);
  assert.equal(ivan.postedAt.getTime(), NOW.getTime() - 25 * 60_000);
  assert.match(ivan.permalink, /posts\/pfbid02aXyZ\?comment_id=Y29tbWVudDoxMTEx/);
  assert.equal(reads[3].authorId, 'dmitry.k.42');
  assert.deepEqual(reads.map((c) => c.team), [false, false, true, false]);
});

test('a page reply belongs to the thread of the comment it answers', () => {
  const doc = page();
  const fb = createAdapter();
  const all = fb.findComments(doc.body);
  assert.equal(fb.parentComment(all[2]), all[1]);
  assert.equal(fb.parentComment(all[1]), null);
  assert.deepEqual(fb.threadReplies(all[1]), [all[2]]);
  assert.deepEqual(fb.threadReplies(all[0]), []);
});

test('the «Ответить» button and the reply box of a comment', () => {
  const doc = page();
  const fb = createAdapter();
  const [ivan] = fb.findComments(doc.body);
  assert.equal(fb.replyButton(ivan).textContent, 'Ответить');
  // A reply box opened in Ivan's thread answers Ivan.
  const box = doc.createElement('div');
  box.setAttribute('contenteditable', 'true');
  box.setAttribute('role', 'textbox');
  box.innerHTML = '<p>Иван Петров </p>';
  ivan.closest('li').querySelector('.replies').appendChild(box);
  assert.equal(fb.editorOf(box.firstChild), box);
  assert.equal(fb.replyTarget(box, null), ivan);
  assert.equal(fb.editorNear(ivan), box);
  const top = doc.querySelector('.x1comment-box [role="textbox"]');
  assert.equal(fb.replyTarget(top, null), null);
});

test('comment ids from permalinks', () => {
  assert.equal(commentIdFromPermalink('https://www.facebook.com/p/posts/x?comment_id=1_2&reply_comment_id=3'), '3');
  assert.equal(commentIdFromPermalink('/p/posts/x?comment_id=1_2'), '1_2');
  assert.equal(commentIdFromPermalink('https://www.facebook.com/p'), null);
});
