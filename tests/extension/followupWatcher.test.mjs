// Reply outcomes on the VK fixture in jsdom: a customer's comment after a team reply to
// their earlier comment is sent once as a customer_followup; other people's comments and
// comments before the reply are not. The companion's linking is tested in
// tests/test_outcomes.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vkWallPage } from './helpers.mjs';
import { MessageCStoBG } from '../../extension/src/messages.js';
import { followupEvent } from '../../extension/src/features/followupWatcher.js';
import { replySentEvent } from '../../extension/src/features/timingCapture.js';

const NOW = new Date('2026-11-22T10:00:00');

function setup() {
  return vkWallPage({
    now: NOW,
    analysis: (c) => ({
      id: c.id,
      tone: { label: /Спасибо/.test(c.text) ? 'positive' : 'neutral', scores: {} },
      gratitude: /Спасибо/.test(c.text),
      persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
    }),
  });
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const followups = (calls) => calls.filter((c) => c.type === MessageCStoBG.EVENT && c.payload.event.type === 'customer_followup').map((c) => c.payload.event);

/** A new comment in the fixture's thread, by `authorId`, after `afterId`'s element. */
function addComment(doc, { id, authorId, name, text, afterId }) {
  const template = doc.getElementById('post-12345_913');
  const el = template.cloneNode(true);
  el.id = `post-12345_${id}`;
  el.setAttribute('data-post-id', `-12345_${id}`);
  el.removeAttribute('data-otklik-seen');
  for (const host of el.querySelectorAll('[data-otklik-host]')) host.remove();
  const author = el.querySelector('.author');
  author.setAttribute('href', `/id${authorId}`);
  author.setAttribute('data-from-id', authorId);
  author.setAttribute('data-post-id', `-12345_${id}`);
  author.textContent = name;
  el.querySelector('.wall_reply_text').textContent = text;
  el.querySelector('.wall_reply_text').parentElement.id = `wpt-12345_${id}`;
  el.querySelector('.wd_lnk').setAttribute('href', `/wall-12345_678?reply=${id}`);
  doc.getElementById(`post-12345_${afterId}`).insertAdjacentElement('afterend', el);
  return el;
}

test('a customer thanking after the team answered them is sent once as a follow-up', async () => {
  const { doc, page, calls } = setup();
  page.start();
  await wait(60);
  // Олег (id333) wrote 912; the community answered in 915 (in the fixture). Nobody
  // else's comment, and nothing of Олег's before the answer, is a follow-up.
  assert.deepEqual(followups(calls), []);
  addComment(doc, { id: 920, authorId: '333', name: 'Олег Смирнов', text: 'Спасибо, заработало!', afterId: '913' });
  addComment(doc, { id: 921, authorId: '444', name: 'Нина Кузнецова', text: 'А у меня всё ещё нет', afterId: '920' });
  await wait(120);
  const sent = followups(calls);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].comment_id, '-12345_678_920');
  assert.equal(sent[0].answered_comment_id, '-12345_678_912');
  assert.equal(sent[0].author_id, '333');
  assert.equal(sent[0].gratitude, true);
  assert.equal(sent[0].tone, 'positive');
  assert.equal(sent[0].operator, 'Анна');
  // Shown again (the site re-renders): not sent twice.
  page.scan();
  await wait(60);
  assert.equal(followups(calls).length, 1);
  page.stop();
});

test('followupEvent and the coach verdict in reply_sent carry nothing undefined', () => {
  const record = { platform: 'vk', id: 'c2', authorId: '1', text: 'ну и?', postedAt: null, analysis: null };
  assert.deepEqual(followupEvent({ record, answered: { id: 'c1' }, seenAt: NOW, operator: '' }), {
    type: 'customer_followup', platform: 'vk', comment_id: 'c2', answered_comment_id: 'c1',
    author_id: '1', text: 'ну и?', seen_at: NOW.toISOString(),
  });
  const event = replySentEvent({
    record: { platform: 'vk', id: 'c1', text: 'x', analysis: null },
    session: { lastText: 'Ответ', startedAt: null }, sentAt: NOW, operator: 'Анна',
    draft: { score: 0.2, level: 'ok', cliches: [], coach: { score: 0.5, items: [
      { id: 'apologises', key: 'apologises', met: false }, { id: 'addresses', key: 'addresses', met: true }] } },
  });
  assert.deepEqual(event.draft.coach, { score: 0.5, met: 1, total: 2, unmet: ['apologises'] });
});
