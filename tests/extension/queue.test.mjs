// The outbox against a stand-in for the companion's POST /events that keeps its promise
// (each UUID stored once, the same answer on a replay) and can lose answers or be down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, MemoryArea, SendError, QUEUE_KEY, REJECTED_KEY } from '../../extension/src/core/queue.js';
import { Companion, State } from '../../extension/src/core/companion.js';

class Store {
  constructor() {
    this.rows = new Map();
    this.down = false;
    this.loseAnswers = 0;
  }
  async send(events) {
    if (this.down) throw new SendError('offline', 'connection refused');
    const bad = events.findIndex((e) => !e.comment_id);
    if (bad >= 0) throw new SendError('rejected', 'comment_id is required', { status: 400, field: `events[${bad}].comment_id` });
    for (const e of events) if (!this.rows.has(e.uuid)) this.rows.set(e.uuid, e);
    if (this.loseAnswers > 0) {
      this.loseAnswers -= 1;
      throw new SendError('offline', 'answer lost');
    }
    return events.map((e) => ({ uuid: e.uuid, status: 'stored' }));
  }
}

const ev = (i, extra = {}) => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'comment_seen', platform: 'vk', comment_id: `c${i}`, seen_at: '2026-11-22T10:00:00Z', ...extra });

test('events wait while the companion is down and arrive once when it is back', async () => {
  const area = new MemoryArea();
  const box = new Outbox(area);
  const store = new Store();
  store.down = true;
  await box.add([ev(1), ev(2)]);
  const r1 = await box.flush((b) => store.send(b));
  assert.equal(r1.left, 2);
  assert.equal(r1.error.kind, 'offline');
  assert.equal(store.rows.size, 0);
  store.down = false;
  const r2 = await box.flush((b) => store.send(b));
  assert.deepEqual([r2.sent, r2.left], [2, 0]);
  assert.equal(store.rows.size, 2);
  assert.deepEqual((await area.get(QUEUE_KEY))[QUEUE_KEY], []);
});

test('a lost answer means a resend, and the resend stores nothing twice', async () => {
  const box = new Outbox(new MemoryArea());
  const store = new Store();
  store.loseAnswers = 1;
  await box.add([ev(1), ev(2), ev(3)]);
  assert.equal((await box.flush((b) => store.send(b))).left, 3);
  assert.equal((await box.flush((b) => store.send(b))).left, 0);
  assert.equal(store.rows.size, 3);
});

test('the same event added twice is queued once; batches follow the 500 limit', async () => {
  const box = new Outbox(new MemoryArea());
  await box.add([ev(1)]);
  await box.add([ev(1)]);
  assert.equal(await box.size(), 1);
  await box.add(Array.from({ length: 1200 }, (_, i) => ev(i + 10)));
  const sizes = [];
  const store = new Store();
  const r = await box.flush((b) => {
    sizes.push(b.length);
    return store.send(b);
  });
  assert.deepEqual(sizes, [500, 500, 201]);
  assert.equal(r.sent, 1201);
});

test('an event the companion rejects is set aside; the others still go', async () => {
  const area = new MemoryArea();
  const box = new Outbox(area);
  const store = new Store();
  await box.add([ev(1), ev(2, { comment_id: '' }), ev(3)]);
  const r = await box.flush((b) => store.send(b));
  assert.deepEqual([r.sent, r.left, r.rejected], [2, 0, 1]);
  const bad = (await area.get(REJECTED_KEY))[REJECTED_KEY];
  assert.equal(bad[0].event.uuid, ev(2).uuid);
});

test('events added during a flush are kept', async () => {
  const box = new Outbox(new MemoryArea());
  const store = new Store();
  await box.add([ev(1)]);
  let added;
  const flushing = box.flush(async (b) => {
    added = box.add([ev(2)]); // queued behind the flush's lock, must survive it
    return store.send(b);
  });
  await flushing;
  await added;
  assert.equal(await box.size(), 1);
  assert.equal((await box.flush((b) => store.send(b))).sent, 1);
});

test('the client: an answer without X-Otklik-Version is not the companion', async () => {
  const fakeFetch = (headers, status = 200, body = {}) => async () => new Response(JSON.stringify(body), { status, headers });
  const other = new Companion({ baseUrl: 'http://127.0.0.1:1', token: 't', fetchFn: fakeFetch({ 'Content-Type': 'application/json' }) });
  const r = await other.health();
  assert.equal(r.state, State.OFFLINE);
  assert.equal(r.error.code, 'not_companion');
  const ours = new Companion({ baseUrl: 'http://127.0.0.1:1', token: 't', fetchFn: fakeFetch({ 'X-Otklik-Version': '0.1.0' }, 200, { name: 'otklik' }) });
  assert.equal((await ours.health()).state, State.ONLINE);
  const refused = new Companion({ baseUrl: 'http://127.0.0.1:1', fetchFn: async () => { throw new TypeError('Failed to fetch'); } });
  assert.equal((await refused.health()).error.code, 'network');
  const rejecting = new Companion({ baseUrl: 'http://127.0.0.1:1', fetchFn: fakeFetch({ 'X-Otklik-Version': '0.1.0' }, 400, { error: { code: 'bad_request', message: 'm', field: 'events[2].text' } }) });
  await assert.rejects(rejecting.sendEvents([]), (e) => e.kind === 'rejected' && e.field === 'events[2].text');
});

// A companion that breaks on one event (a 500, or a 4xx that names no event), as one
// with a lone surrogate did before it answered 400: that event alone is set aside.
class Choking {
  constructor(badUuid, status) {
    this.bad = badUuid;
    this.status = status;
    this.rows = new Map();
    this.calls = 0;
  }
  async send(events) {
    this.calls += 1;
    if (events.some((e) => e.uuid === this.bad)) {
      throw new SendError('http', `Internal error (${this.status})`, { status: this.status });
    }
    for (const e of events) this.rows.set(e.uuid, e);
    return events.map((e) => ({ uuid: e.uuid, status: 'stored' }));
  }
}

test('a 5xx for one event: the others go through at once, that one is set aside after repeated 5xx', async () => {
  const area = new MemoryArea();
  const box = new Outbox(area);
  await box.add([ev(1), ev(2), ev(3), ev(4)]);
  const server = new Choking(ev(2).uuid, 500);
  const first = await box.flush((b) => server.send(b));
  assert.deepEqual([first.sent, first.left, first.rejected], [3, 1, 0]);
  assert.deepEqual([...server.rows.keys()].sort(), [ev(1).uuid, ev(3).uuid, ev(4).uuid].sort());
  await box.add([ev(5)]);
  const second = await box.flush((b) => server.send(b));
  assert.equal(second.sent, 1); // ev(5) did not wait behind ev(2)
  const third = await box.flush((b) => server.send(b));
  assert.deepEqual([third.left, third.rejected], [0, 1]);
  const aside = (await area.get(REJECTED_KEY))[REJECTED_KEY];
  assert.equal(aside.length, 1);
  assert.equal(aside[0].event.uuid, ev(2).uuid);
  assert.match(aside[0].reason, /HTTP 500/);
  assert.equal(server.rows.size, 4);
});

test('a 4xx that names no event: that event is found alone and set aside at once', async () => {
  const area = new MemoryArea();
  const box = new Outbox(area);
  await box.add([ev(1), ev(2), ev(3)]);
  const server = new Choking(ev(3).uuid, 413);
  const r = await box.flush((b) => server.send(b));
  assert.deepEqual([r.sent, r.left, r.rejected], [2, 0, 1]);
  const aside = (await area.get(REJECTED_KEY))[REJECTED_KEY];
  assert.equal(aside[0].event.uuid, ev(3).uuid);
  assert.match(aside[0].reason, /HTTP 413/);
});

test('503 (disk full), 401 and offline blame no event: everything waits', async () => {
  for (const err of [
    new SendError('http', 'disk full', { status: 503 }),
    new SendError('auth', 'token', { status: 401 }),
    new SendError('offline', 'down'),
  ]) {
    const area = new MemoryArea();
    const box = new Outbox(area);
    await box.add([ev(1), ev(2)]);
    for (let i = 0; i < 5; i += 1) {
      const r = await box.flush(async () => { throw err; });
      assert.deepEqual([r.left, r.rejected], [2, 0]);
    }
    assert.equal((await area.get(REJECTED_KEY))[REJECTED_KEY], undefined);
  }
});

test('the companion client reports a 500 and a 413 with their status', async () => {
  for (const status of [500, 413]) {
    const fetchFn = async () => new Response(JSON.stringify({ error: { code: 'x', message: 'boom', field: null } }), {
      status,
      headers: { 'X-Otklik-Version': '1', 'Content-Type': 'application/json' },
    });
    const c = new Companion({ baseUrl: 'http://127.0.0.1:1', token: 't', fetchFn });
    await assert.rejects(c.sendEvents([ev(1)]), (err) => err.kind === 'http' && err.status === status);
  }
});

test('the client sends a page text the companion would refuse as U+FFFD, not a 400 for all', async () => {
  // An emoji cut in half (a lone surrogate) or a NUL in one comment made the companion
  // refuse the whole /analyze batch (no badge on the page) or set an event aside.
  let sent = null;
  const fetchFn = async (_url, init) => {
    sent = init.body;
    return new Response('{}', { status: 200, headers: { 'X-Otklik-Version': '1', 'Content-Type': 'application/json' } });
  };
  const c = new Companion({ baseUrl: 'http://127.0.0.1:1', token: 't', fetchFn });
  const cut = 'Спасибо \uD83D'; // the first half of 😀
  await c.request('POST', '/analyze', { comments: [{ id: 'a', text: cut }, { id: 'b', text: 'a\0b 😀' }] });
  assert.ok(!/\\ud83d"|\\u0000/i.test(sent), sent);
  const back = JSON.parse(sent);
  assert.equal(back.comments[0].text, 'Спасибо \uFFFD');
  assert.equal(back.comments[1].text, 'a\uFFFDb 😀'); // a whole emoji stays as it is
});
