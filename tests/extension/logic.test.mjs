import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSiteTime, formatWait, waitLevel } from '../../extension/src/core/time.js';
import { rankUnanswered, topUnanswered } from '../../extension/src/core/priority.js';
import { sameReply, normalize } from '../../extension/src/core/text.js';
import { segments, draftHeading } from '../../extension/src/features/draftWatcher.js';
import { toneView } from '../../extension/src/features/toneBadge.js';
import { personaView } from '../../extension/src/features/personaPopover.js';
import { waitView } from '../../extension/src/features/waitingTime.js';
import { replySentEvent, commentSeenEvent } from '../../extension/src/features/timingCapture.js';
import { checkCompanionUrl, parseOverrides, mergeSettings } from '../../extension/src/core/settings.js';
import { selectorNames } from '../../extension/src/sites/index.js';
import { refuse } from '../../extension/src/background/senders.js';
import { t } from '../../extension/src/core/i18n.js';
import {
  MAX_MESSAGE_CHARS, decodeAnswer, decodeMessage, encodeAnswer, encodeMessage,
} from '../../extension/src/messages.js';

const NOW = new Date('2026-11-22T10:00:00');
const MIN = 60_000;

test('site times in both languages and both networks', () => {
  const cases = {
    'только что': 0, 'минуту назад': 1, 'две минуты назад': 2, '34 минуты назад': 34, 'час назад': 60,
    '2 часа назад': 120, '5 мин.': 5, '2 ч.': 120, '1 дн.': 1440, '5m': 5, '2h': 120, '1w': 7 * 1440,
    'Just now': 0, '5 minutes ago': 5, 'an hour ago': 60, '10 сек. назад': 1 / 6,
    '5 мин. назад': 5, 'пару минут назад': 2, 'полчаса назад': 30, 'half an hour ago': 30,
    // Facebook in Ukrainian and German (tests/fixtures/qa3): «2 год» is hours there, not years.
    '2 год': 120, '35 хв': 35, '3 д': 3 * 1440, '2 Std.': 120, '45 Min.': 45, 'год назад': 365 * 1440,
  };
  for (const [text, mins] of Object.entries(cases)) {
    assert.equal(parseSiteTime(text, NOW).getTime(), NOW.getTime() - mins * MIN, text);
  }
  assert.equal(parseSiteTime('сегодня в 9:15', NOW).getHours(), 9);
  assert.equal(parseSiteTime('вчера в 21:00', NOW).getDate(), 21);
  const dayBefore = parseSiteTime('позавчера в 18:30', NOW);
  assert.deepEqual([dayBefore.getDate(), dayBefore.getHours(), dayBefore.getMinutes()], [20, 18, 30]);
  assert.equal(parseSiteTime('yesterday at 9:00 pm', NOW).getHours(), 21);
  const dec = parseSiteTime('3 дек в 8:00', NOW);
  assert.equal(dec.getFullYear(), 2025, 'a date without a year in the future is last year');
  assert.equal(parseSiteTime('22 ноября 2024', NOW).getFullYear(), 2024);
  assert.equal(parseSiteTime('Иван Петров', NOW), null);
  assert.equal(parseSiteTime('', NOW), null);
  assert.equal(parseSiteTime('x', NOW, '1700000000').getTime(), 1_700_000_000_000);
});

test('waiting time, printed and against the target', () => {
  assert.equal(formatWait(30_000), '<1 мин');
  assert.equal(formatWait(34 * MIN), '34 мин');
  assert.equal(formatWait(65 * MIN), '1 ч 05 мин');
  assert.equal(formatWait(3 * 1440 * MIN, 'en'), '3 d');
  assert.equal(waitLevel(5 * MIN), 'ok');
  assert.equal(waitLevel(10 * MIN), 'soon');
  assert.equal(waitLevel(20 * MIN), 'late');
  assert.equal(waitView(new Date(NOW - 25 * MIN), NOW, null, 20, 'ru').level, 'late');
  assert.equal(waitView(new Date(NOW - 25 * MIN), NOW, { operator: 'A' }, 20, 'ru'), null);
  assert.equal(waitView(null, NOW, null, 20, 'ru'), null);
});

test('unanswered by priority: negative and aggressor first, then the longest waiting', () => {
  const at = (m) => new Date(NOW - m * MIN);
  const items = [
    { id: 'calm-old', postedAt: at(90), analysis: { tone: { label: 'neutral' }, persona: { label: 'talker' } } },
    { id: 'angry-new', postedAt: at(2), analysis: { tone: { label: 'negative' }, persona: { label: 'none' } } },
    { id: 'aggr-neutral', postedAt: at(10), analysis: { tone: { label: 'neutral' }, persona: { label: 'aggressor' } } },
    { id: 'calm-new', postedAt: at(1), analysis: { tone: { label: 'positive' } } },
    { id: 'answered', postedAt: at(500), analysis: { tone: { label: 'negative' } }, handled: { operator: 'A' } },
    { id: 'ours', postedAt: at(3), team: true },
    { id: 'no-time', postedAt: null, analysis: null },
  ];
  assert.deepEqual(rankUnanswered(items, NOW).map((i) => i.id), ['aggr-neutral', 'angry-new', 'calm-old', 'calm-new', 'no-time']);
  // The panel's cut: the same order, the first n copied, the count of all.
  const { count, top } = topUnanswered(items, NOW, null, 2);
  assert.equal(count, 5);
  assert.deepEqual(top, rankUnanswered(items, NOW).slice(0, 2));
  assert.equal(top[0].waitedMs, 10 * MIN);
});

test('a page time ahead of the clock (another time zone) is an unknown wait, not «<1 мин»; a clock\'s drift is not', () => {
  const ahead = waitView(new Date(+NOW + 3 * 60 * MIN), NOW, null, 20, 'ru');
  assert.deepEqual([ahead.text, ahead.level], ['ждёт время?', 'unknown']);
  assert.match(ahead.title, /часовой пояс/);
  assert.equal(waitView(new Date(+NOW + 3 * 60 * MIN), NOW, null, 20, 'en').text, 'waiting time?');
  assert.deepEqual(waitView(new Date(+NOW + 2 * MIN), NOW, null, 20, 'ru'), { text: 'ждёт <1 мин', level: 'ok' });
  const items = [
    { id: 'ahead', postedAt: new Date(+NOW + 3 * 60 * MIN), analysis: { tone: { label: 'neutral' } } },
    { id: 'fresh', postedAt: new Date(NOW - 2 * MIN), analysis: { tone: { label: 'neutral' } } },
  ];
  const ranked = rankUnanswered(items, NOW);
  assert.deepEqual(ranked.map((i) => [i.id, i.waitedMs]), [['fresh', 2 * MIN], ['ahead', null]]);
});

test('a reply shown in the thread is recognised as the typed draft', () => {
  assert.ok(sameReply('Иван,  мы вас услышали ', 'иван, мы вас услышали'));
  assert.ok(sameReply('Мария, спасибо за тёплые слова, передадим мастеру', 'Мария, спасибо за тёплые слова, передадим мастеру!'));
  assert.ok(!sameReply('Спасибо', 'Спасибо за отзыв, очень приятно это читать'));
  assert.ok(!sameReply('', 'x'));
  // Classic VK shows the prefilled addressee declined, as a link (QA pass 4).
  assert.ok(sameReply('Ирина, извините, уже разбираемся с заказом', 'Ирине, извините, уже разбираемся с заказом'));
  assert.ok(!sameReply('Ирина, извините, уже разбираемся с заказом', 'Олегу, извините, уже разбираемся с заказом'));
  assert.ok(!sameReply('Ирина, спасибо', 'Ирине, спасибо большое за отзыв'));
  assert.ok(sameReply('Ирина, извините, уже разбираемся с заказом', ', извините, уже разбираемся с заказом'));
  assert.ok(!sameReply('Ирина, спасибо!', 'спасибо!'));
  assert.ok(sameReply('Ирина,извините, уже разбираемся с заказом', 'Ирине, извините, уже разбираемся с заказом'));
  assert.equal(normalize('a\u00a0 b\u200b'), 'a b');
});

test('draft segments mark clichés with their alternatives and template spans', () => {
  const text = 'В настоящее время мы работаем';
  const seg = segments(text, [{ start: 18, end: 20 }], [{ phrase: 'в настоящее время', start: 0, end: 17, alternative: 'сейчас' }]);
  assert.deepEqual(seg.map((s) => [s.text, s.kind]), [['В настоящее время', 'cliche'], [' ', 'plain'], ['мы', 'template'], [' работаем', 'plain']]);
  assert.equal(seg[0].alternative, 'сейчас');
  assert.equal(seg.map((s) => s.text).join(''), text);
  assert.deepEqual(draftHeading({ score: 0.914, level: 'high' }, 'ru'), { level: 'high', text: 'Почти дословно шаблон · Шаблонность 91%' });
  assert.equal(draftHeading({ score: 0.1, level: 'ok' }, 'en').text, 'Sounds like a person · Template-likeness 10%');
  // Not a template, yet канцелярит is listed under it: the heading does not say «по-живому».
  const cliche = { score: 0.1, level: 'ok', cliches: [{ phrase: 'в настоящее время', start: 0, end: 17 }] };
  assert.equal(draftHeading(cliche, 'ru').text, 'Не шаблон, но есть канцелярит · Шаблонность 10%');
  assert.equal(draftHeading(cliche, 'en').level, 'ok');
});

test('draft segments count code points, as the companion does (emoji, styled letters)', () => {
  // The companion (Python) finds «в настоящее время» at 4..21 of this text (code points).
  const text = '😊 𝐁 в настоящее время';
  const seg = segments(text, [], [{ phrase: 'в настоящее время', start: 4, end: 21, alternative: 'сейчас' }]);
  assert.deepEqual(seg.map((s) => [s.text, s.kind]), [['😊 𝐁 ', 'plain'], ['в настоящее время', 'cliche']]);
});

test('tone and persona views follow the companion labels; unknown labels show nothing', () => {
  const a = { tone: { label: 'negative', scores: { negative: 0.8, neutral: 0.15, positive: 0.05 } }, persona: { label: 'expert', confidence: 0.9, behaviour: 'b', phrasings: ['p1', 3, ''] } };
  assert.deepEqual(toneView(a, null, 'ru').tone, 'negative');
  assert.equal(toneView(a, null, 'en').text, 'negative');
  assert.match(toneView(a, null, 'ru').title, /негатив: 80%/);
  assert.equal(toneView(null, { code: 'not_available' }, 'ru').tone, 'unavailable');
  assert.equal(toneView(null, null, 'ru').tone, 'pending');
  assert.equal(toneView({ tone: { label: 'furious' } }, null, 'ru').tone, 'pending');
  assert.deepEqual(personaView(a, 'ru').phrasings, ['p1']);
  assert.equal(personaView(a, 'ru').name, 'Сисадмин');
  assert.equal(personaView({ persona: { label: 'none' } }, 'ru'), null);
});

test('persona view honours the confidence threshold and never shows the brand its own reply', () => {
  const hint = (confidence, role = 'customer') => ({ author_role: role, persona: { label: 'aggressor', confidence, behaviour: 'b', phrasings: [] } });
  assert.equal(personaView(hint(0.5), 'ru'), null); // below the default threshold
  assert.equal(personaView(hint(0.9), 'ru').label, 'aggressor');
  assert.equal(personaView(hint(0.5), 'ru', 0.4).label, 'aggressor'); // the team's own threshold
  assert.equal(personaView(hint(0.79), 'ru', 0.8), null);
  assert.equal(personaView(hint(0.95, 'brand'), 'ru', 0), null);
});

test('a persona hint without a meaningful confidence is never shown, whatever the threshold', () => {
  const hint = (confidence) => ({ author_role: 'customer', persona: { label: 'aggressor', confidence, behaviour: 'b', phrasings: [] } });
  for (const threshold of [0, 0.66]) {
    assert.equal(personaView(hint(0), 'ru', threshold), null); // «0%» says nothing
    assert.equal(personaView(hint(undefined), 'ru', threshold), null);
    assert.equal(personaView(hint('0.9'), 'ru', threshold), null);
    assert.equal(personaView(hint(Number.NaN), 'ru', threshold), null);
  }
  assert.equal(personaView(hint(0.3), 'ru', 0).confidence, 0.3); // a team that wants them all
});

test('timing events carry what the companion expects and nothing undefined', () => {
  const record = {
    id: '-1_2_3', platform: 'vk', text: 'Где мастер?!', authorId: '9', authorName: 'Иван', permalink: 'https://vk.com/wall-1_2?reply=3',
    postedAt: new Date('2026-11-22T09:40:00Z'), firstSeenAt: new Date('2026-11-22T09:55:00Z'),
    analysis: { tone: { label: 'negative' }, persona: { label: 'aggressor' }, gratitude: false },
  };
  const e = replySentEvent({
    record, session: { startedAt: new Date('2026-11-22T09:58:00Z'), lastText: 'Иван, мы вас услышали' }, sentAt: new Date('2026-11-22T10:01:00Z'),
    operator: 'Анна', draft: { score: 0.12, level: 'ok', nearest: { id: 'd01' }, cliches: [{ phrase: 'в настоящее время' }] }, shownText: 'x',
  });
  assert.deepEqual(e, {
    type: 'reply_sent', platform: 'vk', comment_id: '-1_2_3', operator: 'Анна', text: 'Иван, мы вас услышали',
    reply_sent_at: '2026-11-22T10:01:00.000Z', permalink: 'https://vk.com/wall-1_2?reply=3', comment_text: 'Где мастер?!',
    comment_author_id: '9', comment_author_name: 'Иван', comment_posted_at: '2026-11-22T09:40:00.000Z',
    first_seen_at: '2026-11-22T09:55:00.000Z', reply_started_at: '2026-11-22T09:58:00.000Z', tone: 'negative',
    persona: 'aggressor', gratitude: false, draft: { score: 0.12, level: 'ok', nearest_id: 'd01', cliches: ['в настоящее время'] },
  });
  const seen = commentSeenEvent({ ...record, postedAt: null }, new Date('2026-11-22T09:55:00Z'), '');
  assert.equal(seen.type, 'comment_seen');
  assert.equal('posted_at' in seen, false);
  assert.equal('operator' in seen, false);
});

test('settings: loopback addresses only, overrides checked by site and name', () => {
  assert.equal(checkCompanionUrl(' http://127.0.0.1:8765/api/v1/ '), 'http://127.0.0.1:8765');
  assert.equal(checkCompanionUrl('http://localhost:9000'), 'http://localhost:9000');
  assert.throws(() => checkCompanionUrl('http://192.168.1.5:8765'));
  assert.throws(() => checkCompanionUrl('https://evil.example'));
  const names = selectorNames();
  assert.deepEqual(parseOverrides('{"vk": {"comment": ".x"}}', names), { vk: { comment: '.x' } });
  assert.deepEqual(parseOverrides('  ', names), {});
  assert.throws(() => parseOverrides('{"vk": {"nope": ".x"}}', names), /unknown selector/);
  assert.throws(() => parseOverrides('{"ok": {}}', names), /unknown site/);
  assert.throws(() => parseOverrides('{', names), /JSON/);
  assert.deepEqual(mergeSettings({ sites: { vk: false } }).sites, { vk: false, facebook: true });
});

test('the worker refuses messages from the wrong senders', () => {
  const ctx = { extensionId: 'abc', extensionOrigin: 'chrome-extension://abc/' };
  const tab = { id: 1 };
  assert.equal(refuse('cs-bg:analyze', { id: 'abc', tab, url: 'https://vk.com/wall-1_2' }, ctx), null);
  assert.equal(refuse('cs-bg:analyze', { id: 'abc', tab, url: 'https://www.facebook.com/x' }, ctx), null);
  assert.match(refuse('cs-bg:analyze', { id: 'abc', tab, url: 'https://evil.example/' }, ctx), /not a supported site/);
  assert.match(refuse('cs-bg:analyze', { id: 'abc', tab, url: 'http://vk.com/' }, ctx), /https/);
  assert.match(refuse('cs-bg:analyze', { id: 'other', tab, url: 'https://vk.com/' }, ctx), /extension/);
  assert.match(refuse('cs-bg:analyze', { id: 'abc', url: 'https://vk.com/' }, ctx), /tabs/);
  assert.equal(refuse('ui-bg:status', { id: 'abc', url: 'chrome-extension://abc/src/popup/popup.html' }, ctx), null);
  assert.match(refuse('ui-bg:status', { id: 'abc', tab, url: 'https://vk.com/' }, ctx), /extension page/);
  assert.match(refuse('nope', { id: 'abc', url: 'chrome-extension://abc/' }, ctx), /unknown/);
});

test('interface strings exist in both languages', () => {
  assert.equal(t('en', 'panel_target', 20), 'target 20 min');
  assert.equal(t('ru', 'panel_target', 20), 'цель 20 мин');
  assert.equal(t('xx', 'handled'), 'отвечено');
});

test('content messages travel as one JSON string each way; plain messages still work', () => {
  const payload = { platform: 'vk', comments: [{ id: '1_2_3', text: 'Нет интернета' }] };
  const msg = encodeMessage('cs-bg:analyze', payload);
  assert.equal(typeof msg.json, 'string');
  assert.deepEqual(decodeMessage(msg), { ...payload, type: 'cs-bg:analyze' });
  // The type is the envelope's: a payload cannot change it.
  assert.equal(decodeMessage({ type: 'cs-bg:event', json: '{"type":"ui-bg:status"}' }).type, 'cs-bg:event');
  const answer = { results: { '1_2_3': { tone: { label: 'negative' } } } };
  assert.deepEqual(decodeAnswer(encodeAnswer(msg, answer)), answer);
  // The extension's pages send and read plain objects.
  const plain = { type: 'ui-bg:status', tabId: 4 };
  assert.equal(decodeMessage(plain), plain);
  assert.equal(encodeAnswer(plain, answer), answer);
  assert.equal(decodeAnswer(answer), answer);
  assert.throws(() => decodeMessage({ type: 'x', json: '[1]' }), /not an object/);
  assert.throws(() => decodeMessage({ type: 'x', json: '{' }), SyntaxError);
  assert.throws(() => decodeMessage({ type: 'x', json: ' '.repeat(MAX_MESSAGE_CHARS + 1) }), /over/);
});

test('the top few of the unanswered are the first few of the whole ranking, ties in page order', () => {
  const at = (min) => new Date(NOW.getTime() - min * MIN);
  const items = [];
  for (let i = 0; i < 200; i += 1) {
    items.push({
      id: `c${i}`,
      postedAt: i % 7 === 0 ? null : at((i * 37) % 50), // many equal waits, some unknown
      analysis: i % 3 === 0 ? { tone: { label: 'negative' } } : i % 5 === 0 ? null : { tone: { label: 'neutral' } },
      handled: i % 11 === 0 ? { operator: null } : null,
      team: i % 13 === 0,
    });
  }
  const all = rankUnanswered(items, NOW).map((i) => i.id);
  for (const n of [0, 1, 8, 50, 199, 500]) {
    const { count, top } = topUnanswered(items, NOW, null, n);
    assert.equal(count, all.length);
    assert.deepEqual(top.map((i) => i.id), all.slice(0, n), `n=${n}`);
  }
});

test('the page\'s port to the worker: one post per task, answers by request, a closed port fails its requests and reopens', async () => {
  const { portChannel } = await import('../../extension/src/content/channel.js');
  const ports = [];
  const connect = ({ name }) => {
    const port = { name, sent: [], listeners: { message: [], disconnect: [] }, closed: false };
    port.onMessage = { addListener: (fn) => port.listeners.message.push(fn) };
    port.onDisconnect = { addListener: (fn) => port.listeners.disconnect.push(fn) };
    port.postMessage = (m) => {
      if (port.closed) throw new Error('Attempting to use a disconnected port object');
      port.sent.push(m);
    };
    port.answer = (id, body) => port.listeners.message.forEach((fn) => fn({ id, body }));
    port.close = () => {
      port.closed = true;
      port.listeners.disconnect.forEach((fn) => fn());
    };
    ports.push(port);
    return port;
  };
  let posts = 0;
  const request = portChannel(connect, (fn) => { posts += 1; return fn(); });
  const a = request({ type: 'x', json: '{"n":1}' });
  const b = request({ type: 'x', json: '{"n":2}' });
  await Promise.resolve(); // the post goes at the end of the task
  assert.equal(ports.length, 1);
  assert.equal(ports[0].name, 'otklik-page');
  assert.equal(ports[0].sent.length, 1); // both requests in one post
  assert.equal(posts, 1);
  const [ra, rb] = ports[0].sent[0].batch;
  assert.deepEqual(rb.body, { type: 'x', json: '{"n":2}' });
  ports[0].answer(rb.id, { json: '"two"' }); // out of order
  ports[0].answer(ra.id, { json: '"one"' });
  assert.deepEqual(await a, { json: '"one"' });
  assert.deepEqual(await b, { json: '"two"' });
  const c = request({ type: 'x', json: '{}' });
  await Promise.resolve();
  ports[0].close(); // the worker stopped
  await assert.rejects(c, /closed/);
  const d = request({ type: 'x', json: '{}' });
  await Promise.resolve();
  assert.equal(ports.length, 2); // a new port for the next request
  ports[1].answer(ports[1].sent[0].batch[0].id, { json: '1' });
  assert.deepEqual(await d, { json: '1' });
  // A port that closed unnoticed: the post fails, its requests with it, and the next reopens.
  ports[1].closed = true;
  const e = request({ type: 'x', json: '{}' });
  await assert.rejects(e, /disconnected/);
  const f = request({ type: 'x', json: '{}' });
  await Promise.resolve();
  assert.equal(ports.length, 3);
  ports[2].answer(ports[2].sent[0].batch[0].id, { json: '2' });
  assert.deepEqual(await f, { json: '2' });
});
