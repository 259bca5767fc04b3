// The community's top-level comment opening with a mention of a person (41cd1a2) answers
// that person's latest earlier comment — for every reader of the reply target alike: the
// record's replyTo, and the adapter's parentComment/replyToId that the follow-up watcher
// and the handled marker ask (the watcher then sends the customer's next comment as the
// follow-up of that answer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domFrom } from './helpers.mjs';
import { Page } from '../../extension/src/core/page.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';
import * as vkSite from '../../extension/src/sites/vk.js';

const URL = 'https://vk.com/wall-1_7';
const cid = (n) => `-1_7_${n}`;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

function block(n, html, { who, name, min }) {
  return `<div data-testid="wall_comments_comment_root" id="5_${n}" style="--comment-layout-level: 0">` +
    `<a data-testid="comment-avatar" href="${who}"></a><div class="content">` +
    `<div class="title"><a data-testid="comment-owner" href="${who}">${name}</a></div>` +
    `<div data-testid="comment-text"><div data-testid="showmoretext"><span data-testid="showmoretext-in">${html}</span></div></div>` +
    `<div class="footer"><a data-testid="wall_comment_date" href="${URL}?reply=${n}">${min} минут назад</a>` +
    '<span role="button" data-testid="comment-reply">Ответить</span></div></div></div>';
}

const OLEG = { who: '/id51', name: 'Олег Денисов' };
const BRAND = { who: '/club1', name: 'Бренд' };
const PAGE = `<div data-testid="post" data-post-id="-1_7"><a data-testid="post-header-title" href="/club1">Бренд</a><div id="comments">${
  block(1, 'Третий день жду заказ, никто не отвечает', { ...OLEG, min: 50 }) +
  block(2, 'Отличный чай, спасибо', { who: '/id52', name: 'Ирина Ковалёва', min: 40 }) +
  block(3, '<a href="/id51" class="mem_link" mention="" mention_id="id51">Олег</a>, простите! Заказ у курьера, будет сегодня.', { ...BRAND, min: 30 }) +
  block(4, 'Получил, спасибо за помощь!', { ...OLEG, min: 10 })
}</div></div>`;

test('VK: the brand\'s top-level mention answer — parentComment and replyToId name the mentioned person\'s comment, as the record\'s replyTo does', () => {
  const doc = domFrom(PAGE, URL);
  const adapter = vkSite.createAdapter();
  const el = doc.getElementById('5_3');
  assert.equal(adapter.read(el, new Date()).replyTo, cid(1));
  assert.equal(adapter.replyToId(el), cid(1));
  assert.equal(adapter.parentComment(el), doc.getElementById('5_1'));
  // A customer's mention of another answers nobody (qa5's reading).
  assert.equal(adapter.parentComment(doc.getElementById('5_2')), null);
});

test('VK: after the brand\'s top-level mention answer, the customer\'s next comment is sent as its follow-up', async () => {
  const doc = domFrom(PAGE, URL);
  const events = [];
  const send = async (type, payload) => {
    if (type === MessageCStoBG.ANALYZE) {
      return { results: Object.fromEntries(payload.comments.map((c) => [c.id, {
        id: c.id, tone: { label: 'positive', scores: { negative: 0.1, neutral: 0.1, positive: 0.8 } }, gratitude: true,
        persona: { label: 'none', confidence: 0.5, signals: [], behaviour: '', phrasings: [] },
      }])) };
    }
    if (type === MessageCStoBG.EVENT) events.push(payload.event);
    if (type === MessageCStoBG.HANDLED) return { handled: {} };
    return { queued: true };
  };
  const page = new Page({ doc, adapter: vkSite.createAdapter(), settings: mergeSettings({ operator: 'Лена' }), send, now: () => new Date(), placeWaitMs: 20 });
  for (const f of FEATURES) page.use(f);
  page.scan();
  await wait(60);
  assert.equal(Boolean(page.records.get(cid(1)).handled), true);
  const followups = events.filter((e) => e.type === 'customer_followup');
  assert.deepEqual(followups.map((e) => [e.comment_id, e.answered_comment_id]), [[cid(4), cid(1)]]);
  page.stop();
});
