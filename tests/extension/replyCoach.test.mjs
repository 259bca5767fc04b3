// The reply coach under the draft on the VK fixture in jsdom: the draft check carries
// the answered comment's tone, persona and author; the checklist shows unmet items
// first; it hides with the draft. The worker's side answers like the companion
// (docs/api.md shapes; the companion's own checks are tested in tests/test_coach.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vkWallPage } from './helpers.mjs';
import { MessageCStoBG } from '../../extension/src/messages.js';
import { coachView } from '../../extension/src/features/replyCoach.js';
import { answeredComment } from '../../extension/src/features/draftWatcher.js';

const NOW = new Date('2026-11-22T10:00:00');
const ANGRY_ID = '-12345_678_910';
const COACH = {
  score: 0.25, met: 2, total: 4,
  items: [
    { id: 'addresses', key: 'addresses', met: true, title: 'Обращение к человеку', reason: 'Обращаетесь по имени.' },
    { id: 'apologises', key: 'apologises', met: false, title: 'Извиняется', reason: 'Нет извинения.' },
    { id: 'persona_fit', key: 'persona_fit.aggressor', met: false, title: 'Спокойно и по-деловому (агрессор)', reason: 'Без шуток и эмодзи (эмодзи).' },
    { id: 'no_cliches', key: 'no_cliches', met: true, title: 'Без канцелярита', reason: 'Без канцелярита.' },
  ],
};

function setup() {
  return vkWallPage({
    now: NOW,
    analysis: (c) => ({
      id: c.id,
      tone: { label: c.id === ANGRY_ID ? 'negative' : 'neutral', scores: {} },
      gratitude: false,
      persona: { label: c.id === ANGRY_ID ? 'aggressor' : 'none', confidence: 0.9, signals: [], behaviour: '', phrasings: [] },
    }),
    answer: (type) => (type === MessageCStoBG.CHECK_DRAFT
      ? { result: { score: 0.1, level: 'ok', nearest: null, spans: [], cliches: [], coach: COACH } }
      : undefined),
  });
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

function type(doc, editor, text) {
  editor.textContent = text;
  editor.dispatchEvent(new doc.defaultView.InputEvent('input', { bubbles: true }));
}

test('coachView: unmet items first, heading with the count, nothing for no items', () => {
  const view = coachView(COACH, 'ru');
  assert.equal(view.heading, 'Ответ по плейбуку: 2 из 4');
  assert.equal(view.allMet, false);
  assert.deepEqual(view.items.map((i) => i.id), ['apologises', 'persona_fit', 'addresses', 'no_cliches']);
  assert.equal(coachView({ items: [] }, 'ru'), null);
  assert.equal(coachView(undefined, 'ru'), null);
  assert.equal(coachView(COACH, 'en').heading, 'Reply by the playbook: 2 of 4');
});

test('answeredComment: text, tone, persona and author of the record, nothing undefined', () => {
  const record = { text: 'Где деньги?!', authorName: 'Ольга', analysis: { tone: { label: 'negative' }, persona: { label: 'aggressor' } } };
  assert.deepEqual(answeredComment(record), { text: 'Где деньги?!', tone: 'negative', persona: 'aggressor', author_name: 'Ольга' });
  assert.deepEqual(answeredComment({ text: 'x', analysis: null }), { text: 'x' });
});

test('typing a reply to the aggressor shows the checklist under the draft, unmet first', async () => {
  const { doc, page, calls } = setup();
  page.start(); // watches which «Ответить» was clicked
  await wait(50);
  const record = page.records.get(ANGRY_ID);
  record.el.querySelector('.reply_link').click();
  const editor = doc.querySelector('.submit_post_field');
  type(doc, editor, 'Ну не кипятитесь так 😂 Всё скоро заработает)))');
  await wait(450); // the draft watcher's pause, then its answer
  const check = calls.find((c) => c.type === MessageCStoBG.CHECK_DRAFT);
  assert.equal(check.payload.comment_id, ANGRY_ID);
  assert.equal(check.payload.platform, 'vk');
  assert.equal(check.payload.lang, 'ru');
  assert.equal(check.payload.comment.tone, 'negative');
  assert.equal(check.payload.comment.persona, 'aggressor');
  assert.match(check.payload.comment.text, /Третий день нет интернета/);
  const host = doc.querySelector('otklik-draft');
  const box = host.shadowRoot.querySelector('.otklik-coach');
  assert.equal(box.hidden, false);
  // Beside the template warning, in the same host under the reply form.
  assert.ok(host.shadowRoot.querySelector('.otklik-draft'));
  assert.equal(box.querySelector('.otklik-coach-head').textContent, 'Ответ по плейбуку: 2 из 4');
  const lines = [...box.querySelectorAll('li')];
  assert.deepEqual(lines.map((li) => li.dataset.met), ['false', 'false', 'true', 'true']);
  assert.match(lines[1].textContent, /агрессор.*эмодзи/);
  // Never inside the editor; sending is not blocked (nothing added to the editor).
  assert.equal(editor.children.length, 0);
  // Erasing the draft hides the checklist with the warning.
  type(doc, editor, '');
  await wait(450);
  assert.equal(box.hidden, true);
  page.stop();
});
