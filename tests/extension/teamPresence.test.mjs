// Working as one team on the VK fixture in jsdom: typing a reply claims the comment
// (once, released when the box is emptied or the reply is sent); the page asks again
// for the shown comments on its timer (one batched request), and a colleague's claim
// shows as «отвечает …» on the comment and moves it down the unanswered panel; a
// colleague's stored reply marks the comment handled without a reload. The worker's
// side answers like the companion (docs/api.md shapes; the companion's own claims are
// tested in tests/test_claims.py and tests/test_team_e2e.py).
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { vkWallPage } from './helpers.mjs';
import { MessageCStoBG } from '../../extension/src/messages.js';
import { POLL_MS, claimText } from '../../extension/src/features/teamPresence.js';
import { topUnanswered } from '../../extension/src/core/priority.js';

const NOW = new Date('2026-11-22T10:00:00');
const ANGRY_ID = '-12345_678_910';
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

function type(doc, editor, text) {
  editor.textContent = text;
  editor.dispatchEvent(new doc.defaultView.InputEvent('input', { bubbles: true }));
}

/** The fixture page with a stand-in companion whose team state the test changes. */
function setup() {
  const team = { handled: {}, claims: {} };
  const page = vkWallPage({
    now: NOW,
    analysis: (c) => ({
      id: c.id,
      tone: { label: c.id === ANGRY_ID ? 'negative' : 'neutral', scores: {} },
      gratitude: false,
      persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
    }),
    answer: (type, payload) => {
      if (type === MessageCStoBG.HANDLED) {
        const pick = (map) => Object.fromEntries(payload.comment_ids.filter((id) => map[id]).map((id) => [id, map[id]]));
        return { handled: pick(team.handled), claims: pick(team.claims) };
      }
      if (type === MessageCStoBG.CLAIM) return { claim: { operator: 'Анна' } };
      return undefined;
    },
  });
  return { ...page, team };
}

const claimChip = (record) => record.el.querySelector('otklik-badge')?.shadowRoot.querySelector('.otklik-claim')?.textContent ?? '';
const panelIds = (doc) => [...doc.querySelector('otklik-panel').shadowRoot.querySelectorAll('li')].map((li) => li.dataset.commentId);

test('claimText: who is answering, Russian first, English too', () => {
  assert.equal(claimText({ operator: 'Борис', since: '2026-11-22T09:59:00Z' }, 'ru'), '✎ отвечает Борис');
  assert.equal(claimText({ operator: 'Boris' }, 'en'), '✎ Boris is answering');
  assert.equal(claimText(null, 'ru'), '');
});

test('topUnanswered: a comment a colleague is answering goes after every other', () => {
  const items = [
    { id: 'a', postedAt: new Date(NOW - 30 * 60e3), analysis: { tone: { label: 'negative' } }, claim: { operator: 'Борис' } },
    { id: 'b', postedAt: new Date(NOW - 60e3), analysis: { tone: { label: 'neutral' } } },
    { id: 'c', postedAt: new Date(NOW - 5 * 60e3), analysis: { tone: { label: 'neutral' } } },
  ];
  assert.deepEqual(topUnanswered(items, NOW).top.map((i) => i.id), ['c', 'b', 'a']);
});

test('typing a reply claims the comment once; emptying the box releases it', async () => {
  const { doc, page, calls } = setup();
  page.start();
  await wait(60);
  const record = page.records.get(ANGRY_ID);
  record.el.querySelector('.reply_link').click();
  const editor = doc.querySelector('.submit_post_field');
  type(doc, editor, 'Здравствуйте');
  type(doc, editor, 'Здравствуйте, Ольга');
  type(doc, editor, 'Здравствуйте, Ольга! Сейчас');
  const claims = () => calls.filter((c) => c.type === MessageCStoBG.CLAIM).map((c) => c.payload);
  assert.deepEqual(claims(), [{ platform: 'vk', comment_id: ANGRY_ID }]);
  type(doc, editor, '');
  assert.deepEqual(claims().at(-1), { platform: 'vk', comment_id: ANGRY_ID, release: true });
  assert.equal(claims().length, 2);
  page.stop();
});

test("a colleague's claim and reply show without a reload, in one request per poll", async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const { doc, page, calls, team } = setup();
    page.start();
    await wait(120);
    const angry = page.records.get(ANGRY_ID);
    assert.equal(panelIds(doc)[0], ANGRY_ID); // negative: first
    assert.equal(claimChip(angry), '');

    // Борис starts answering the angry comment at another desk.
    team.claims[ANGRY_ID] = { operator: 'Борис', since: '2026-11-22T09:59:30Z' };
    const before = calls.filter((c) => c.type === MessageCStoBG.HANDLED).length;
    mock.timers.tick(POLL_MS);
    await wait(120);
    const asked = calls.filter((c) => c.type === MessageCStoBG.HANDLED).slice(before);
    assert.equal(asked.length, 1, 'one batched request for all the shown comments');
    assert.ok(asked[0].payload.comment_ids.includes(ANGRY_ID));
    assert.equal(claimChip(angry), '✎ отвечает Борис');
    assert.equal(panelIds(doc).at(-1), ANGRY_ID, 'the claimed comment moves down the panel');
    const li = doc.querySelector('otklik-panel').shadowRoot.querySelector(`li[data-comment-id="${ANGRY_ID}"]`);
    assert.equal(li.dataset.claimed, 'true');
    assert.match(li.textContent, /отвечает Борис/);

    // Борис sends his reply: handled here, gone from the panel, the claim chip with it.
    delete team.claims[ANGRY_ID];
    team.handled[ANGRY_ID] = { operator: 'Борис', reply_sent_at: '2026-11-22T10:00:10Z' };
    mock.timers.tick(POLL_MS);
    await wait(120);
    assert.equal(angry.handled.operator, 'Борис');
    assert.equal(claimChip(angry), '');
    assert.ok(!panelIds(doc).includes(ANGRY_ID));
    const chip = angry.el.querySelector('otklik-badge').shadowRoot.querySelector('.otklik-handled');
    assert.equal(chip.textContent, '✓ ответил(а) Борис');
    page.stop();
  } finally {
    mock.timers.reset();
  }
});

test('a released claim loses its chip; a hidden or offline page does not ask', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const { doc, page, calls, team } = setup();
    page.start();
    await wait(60);
    const angry = page.records.get(ANGRY_ID);
    team.claims[ANGRY_ID] = { operator: 'Борис', since: '2026-11-22T09:59:30Z' };
    mock.timers.tick(POLL_MS);
    await wait(60);
    assert.equal(claimChip(angry), '✎ отвечает Борис');
    delete team.claims[ANGRY_ID];
    mock.timers.tick(POLL_MS);
    await wait(60);
    assert.equal(claimChip(angry), '');
    assert.equal(angry.claim, null);

    const count = () => calls.filter((c) => c.type === MessageCStoBG.HANDLED).length;
    const n = count();
    page.connection = 'offline';
    mock.timers.tick(POLL_MS);
    page.connection = 'online';
    Object.defineProperty(doc, 'visibilityState', { configurable: true, get: () => 'hidden' });
    mock.timers.tick(POLL_MS);
    await wait(60);
    assert.equal(count(), n);
    page.stop();
  } finally {
    mock.timers.reset();
  }
});
