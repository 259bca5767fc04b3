// The core and the page features on the VK fixture in jsdom. The worker's side is a
// small stand-in that answers like the companion (docs/api.md shapes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixture } from './helpers.mjs';
import { Page, SEEN_ATTR } from '../../extension/src/core/page.js';
import { createAdapter } from '../../extension/src/sites/vk.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';

const NOW = new Date('2026-11-22T10:00:00');

function analysisFor(c) {
  const angry = /!!!|УСНУЛИ/.test(c.text);
  return {
    id: c.id,
    tone: { label: angry ? 'negative' : /Спасибо/.test(c.text) ? 'positive' : 'neutral', scores: { negative: angry ? 0.9 : 0.05, neutral: 0.05, positive: angry ? 0.05 : 0.9 } },
    gratitude: /Спасибо/.test(c.text),
    persona: angry
      ? { label: 'aggressor', confidence: 0.9, signals: ['!!!'], behaviour: 'Выслушайте, извинитесь', phrasings: ['мы вас услышали', 'понимаем вас'] }
      : { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
  };
}

function setup({ handled = {} } = {}) {
  const doc = loadFixture('vk/wall_post.html', 'https://vk.com/wall-12345_678');
  const calls = [];
  const send = async (type, payload) => {
    calls.push({ type, payload });
    if (type === MessageCStoBG.ANALYZE) {
      return { results: Object.fromEntries(payload.comments.map((c) => [c.id, analysisFor(c)])) };
    }
    if (type === MessageCStoBG.HANDLED) return { handled };
    if (type === MessageCStoBG.CHECK_DRAFT) {
      return { result: { score: 0.93, level: 'high', nearest: { id: 't1', text: 'Приносим извинения за доставленные неудобства', source: 'template' }, spans: [], cliches: [{ phrase: 'в настоящее время', start: 0, end: 17, alternative: 'сейчас' }] } };
    }
    return { queued: true };
  };
  const page = new Page({ doc, adapter: createAdapter(), settings: mergeSettings({ operator: 'Анна' }), send, now: () => NOW });
  for (const f of FEATURES) page.use(f);
  return { doc, page, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 80));
const chips = (page, id, slot) => page.overlay.slot(page.records.get(id).el, slot);

test('one scan marks each comment once and asks for all analyses in one batch', async () => {
  const { doc, page, calls } = setup();
  page.scan();
  page.scan();
  await tick();
  assert.equal(doc.querySelectorAll(`[${SEEN_ATTR}]`).length, 5);
  const analyze = calls.filter((c) => c.type === MessageCStoBG.ANALYZE);
  assert.equal(analyze.length, 1);
  // The community's own reply is not analysed.
  assert.deepEqual(analyze[0].payload.comments.map((c) => c.id), ['-12345_678_910', '-12345_678_911', '-12345_678_912', '-12345_678_913']);
  assert.equal(analyze[0].payload.comments[0].author, '111');
});

test('badges show tone, gratitude, persona and waiting time in a shadow root', async () => {
  const { doc, page } = setup();
  page.scan();
  await tick();
  const angry = chips(page, '-12345_678_910', 'tone');
  assert.equal(angry.dataset.tone, 'negative');
  assert.equal(angry.textContent, 'негатив');
  assert.equal(chips(page, '-12345_678_911', 'gratitude').textContent, '♥ благодарит');
  assert.equal(chips(page, '-12345_678_910', 'persona').textContent, 'Агрессор ▾');
  assert.equal(chips(page, '-12345_678_911', 'persona').textContent, '');
  const wait = chips(page, '-12345_678_910', 'wait');
  assert.equal(wait.textContent, 'ждёт 34 мин');
  assert.equal(wait.dataset.level, 'late');
  assert.equal(chips(page, '-12345_678_913', 'wait').dataset.level, 'ok');
  // The badge lives next to the comment text, never inside the editor.
  const host = doc.querySelector('otklik-badge');
  assert.ok(host.shadowRoot);
  assert.equal(doc.querySelector('.submit_post_field').children.length, 0);
});

test('a comment with a team reply in its thread shows as handled; the panel leaves it out', async () => {
  const { page } = setup({ handled: { '-12345_678_913': { operator: 'Борис', reply_sent_at: '2026-11-22T09:59:00Z' } } });
  page.scan();
  await tick();
  assert.equal(chips(page, '-12345_678_912', 'handled').textContent, '✓ отвечено');
  assert.equal(chips(page, '-12345_678_913', 'handled').textContent, '✓ ответил(а) Борис');
  assert.equal(chips(page, '-12345_678_912', 'wait').textContent, '');
  const panel = page.doc.querySelector('otklik-panel').shadowRoot;
  const ids = [...panel.querySelectorAll('li')].map((li) => li.dataset.commentId);
  // Negative first, then the longest waiting; handled ones gone.
  assert.deepEqual(ids, ['-12345_678_910', '-12345_678_911']);
  assert.match(panel.querySelector('.otklik-panel-head').textContent, /Без ответа: 2.*цель 20 мин/);
});

test('comments added later are picked up by the observer in one batch', async () => {
  const { doc, page, calls } = setup();
  page.start();
  await tick();
  const list = doc.getElementById('replies-12345_678');
  for (const n of [3001, 3002]) {
    const div = doc.createElement('div');
    div.className = 'reply';
    div.setAttribute('data-post-id', `-12345_${n}`);
    div.innerHTML = `<a class="author" data-from-id="9${n}" href="/id9">X</a><div class="wall_reply_text">Новый комментарий ${n}</div><a href="/wall-12345_678?reply=${n}"><span class="rel_date">только что</span></a>`;
    list.appendChild(div);
  }
  await tick();
  page.stop();
  const batches = calls.filter((c) => c.type === MessageCStoBG.ANALYZE);
  assert.equal(batches.length, 2);
  assert.deepEqual(batches[1].payload.comments.map((c) => c.id), ['-12345_678_3001', '-12345_678_3002']);
  assert.equal(chips(page, '-12345_678_3002', 'tone').textContent, 'нейтрально');
});
