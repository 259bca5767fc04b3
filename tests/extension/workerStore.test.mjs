// The worker's own store (IndexedDB; fake-indexeddb here): chrome.storage's shape for the
// outbox, kept across a new connection (a worker restart), and the one-time move of an
// older version's outbox and first-seen map out of chrome.storage.local, exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { WorkerStore, migrate, WORKER_KEYS } from '../../extension/src/background/workerStore.js';
import { Outbox, MemoryArea, SendError, QUEUE_KEY } from '../../extension/src/core/queue.js';

// fake-indexeddb is a devDependency of extension/; resolve it from there.
const { IDBFactory } = createRequire(new URL('../../extension/package.json', import.meta.url))('fake-indexeddb');

const ev = (i) => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'comment_seen', platform: 'vk', comment_id: `c${i}`, seen_at: '2026-11-22T10:00:00Z' });

test('get/set/remove with chrome.storage\'s shape; values survive a new connection', async () => {
  const idb = new IDBFactory();
  const store = new WorkerStore(idb);
  assert.deepEqual(await store.get('outbox'), {});
  await store.set({ outbox: [ev(1)], seen: { 'vk:c1': '2026-11-22T10:00:00Z' } });
  assert.deepEqual(await store.get(['outbox', 'seen', 'missing']), {
    outbox: [ev(1)], seen: { 'vk:c1': '2026-11-22T10:00:00Z' },
  });
  // A restarted worker opens the database anew and finds the same.
  const again = new WorkerStore(idb);
  assert.deepEqual((await again.get('outbox')).outbox, [ev(1)]);
  await again.remove(['outbox']);
  assert.deepEqual(await again.get(['outbox', 'seen']), { seen: { 'vk:c1': '2026-11-22T10:00:00Z' } });
});

test('a write with a value that cannot be stored writes none of its keys', async () => {
  const store = new WorkerStore(new IDBFactory());
  await store.set({ outbox: [ev(1)] });
  await assert.rejects(store.set({ outbox: [ev(1), ev(2)], seen: { bad: () => 0 } }));
  assert.deepEqual(await store.get(['outbox', 'seen']), { outbox: [ev(1)] });
});

test('the outbox on the store: events wait offline and are sent once', async () => {
  const box = new Outbox(new WorkerStore(new IDBFactory()));
  const stored = new Map();
  let down = true;
  const send = async (events) => {
    if (down) throw new SendError('offline', 'connection refused');
    for (const e of events) if (!stored.has(e.uuid)) stored.set(e.uuid, e);
    return events.map((e) => ({ uuid: e.uuid, status: 'stored' }));
  };
  await box.add([ev(1), ev(2)]);
  await box.add([ev(2), ev(3)]);
  assert.equal((await box.flush(send)).left, 3);
  down = false;
  const r = await box.flush(send);
  assert.equal(r.sent, 3);
  assert.equal(await box.size(), 0);
  assert.equal(stored.size, 3);
});

test('an older version\'s outbox and first-seen map move once, without duplicates', async () => {
  const old = new MemoryArea();
  await old.set({
    [QUEUE_KEY]: [ev(1), ev(2)],
    seen: { 'vk:c1': '2026-11-22T10:00:00Z', 'vk:c2': '2026-11-22T11:00:00Z' },
    outbox_failures: { [ev(2).uuid]: 1 },
    settings: { operator: 'Анна' },
  });
  const store = new WorkerStore(new IDBFactory());
  // Already here from a move that stopped before the old keys were removed: ev(2), and
  // an earlier first-seen moment for c2.
  await store.set({ [QUEUE_KEY]: [ev(2), ev(3)], seen: { 'vk:c2': '2026-11-22T09:00:00Z' } });
  assert.equal(await migrate(old, store), true);
  const got = await store.get(WORKER_KEYS);
  assert.deepEqual(got.outbox.map((e) => e.comment_id), ['c1', 'c2', 'c3']);
  assert.deepEqual(got.seen, { 'vk:c1': '2026-11-22T10:00:00Z', 'vk:c2': '2026-11-22T09:00:00Z' });
  assert.deepEqual(got.outbox_failures, { [ev(2).uuid]: 1 });
  // The old keys are gone, the others stay; a second start moves nothing.
  assert.deepEqual(Object.keys(await old.get(null)), ['settings']);
  assert.equal(await migrate(old, store), false);
  assert.equal((await store.get(QUEUE_KEY)).outbox.length, 3);
});
