// The worker's own store for its bookkeeping (the outbox, what it set aside, the
// first-seen map): IndexedDB of the extension's origin, with chrome.storage's promise
// shape so that the Outbox uses it as it is. Why not chrome.storage.local: every write
// there is delivered, old and new value, to every open VK and Facebook tab as a
// storage change and converted on the tab's main thread. The first-seen map (up to 5,000
// comments) cost each tab 1.7 ms of its main thread per write at 600 entries and ~11 ms
// at 5,000 (CDP TaskDuration, e2e browser, 2026-12-01), once per batch of comments seen:
// work that grew with the history, not the batch. IndexedDB tells no one; it is kept
// across restarts like chrome.storage.local.

export const DB_NAME = 'otklik-worker';
const STORE = 'kv';

/** Keys the worker keeps here rather than in chrome.storage.local. */
export const WORKER_KEYS = ['outbox', 'outbox_rejected', 'outbox_failures', 'seen'];

const done = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

export class WorkerStore {
  /** `idb`: an IDBFactory (the worker's indexedDB; fake-indexeddb in unit tests). */
  constructor(idb = globalThis.indexedDB, name = DB_NAME) {
    this.idb = idb;
    this.name = name;
    this.db = null;
  }

  open() {
    if (!this.db) {
      const req = this.idb.open(this.name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      this.db = done(req).then((db) => {
        // Another version elsewhere (an update of the extension): let it in, reopen later.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        return db;
      });
      this.db.catch(() => {
        this.db = null;
      });
    }
    return this.db;
  }

  /** One transaction; resolves with `fn`'s result once it is committed. */
  async run(mode, fn) {
    const db = await this.open();
    const tx = db.transaction(STORE, mode);
    const committed = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    let result;
    try {
      result = fn(tx.objectStore(STORE));
    } catch (err) {
      // A value that cannot be stored: nothing of this write, not half of it.
      committed.catch(() => {});
      tx.abort();
      throw err;
    }
    await committed;
    return result;
  }

  /** {key: value} for a key or a list of keys (the ones present), as chrome.storage's get. */
  async get(key) {
    const keys = [].concat(key);
    const out = {};
    await this.run('readonly', (store) => {
      for (const k of keys) {
        store.get(k).onsuccess = (e) => {
          if (e.target.result !== undefined) out[k] = e.target.result;
        };
      }
    });
    return out;
  }

  /** Write every key of `obj` in one transaction (all or none). */
  set(obj) {
    return this.run('readwrite', (store) => {
      for (const [k, v] of Object.entries(obj)) store.put(v, k);
    });
  }

  remove(key) {
    return this.run('readwrite', (store) => {
      for (const k of [].concat(key)) store.delete(k);
    });
  }
}

/**
 * Move what an older version kept in chrome.storage.local (`from`) into the store (`to`),
 * once: outbox events by UUID (an event already here is not added twice), the first-seen
 * map with the earlier moment per comment, set-aside events and failure counts appended
 * and merged. The old keys are removed only after the new ones are written: a stop in
 * between moves the same again next time, without a duplicate.
 */
export async function migrate(from, to) {
  const old = await from.get(WORKER_KEYS);
  if (!Object.keys(old).length) return false;
  const cur = await to.get(WORKER_KEYS);
  const next = {};
  if (Array.isArray(old.outbox)) {
    const q = Array.isArray(cur.outbox) ? cur.outbox : [];
    const known = new Set(q.map((e) => e.uuid));
    next.outbox = [...old.outbox.filter((e) => !known.has(e.uuid)), ...q];
  }
  if (old.seen && typeof old.seen === 'object') {
    const seen = { ...old.seen };
    for (const [k, at] of Object.entries(cur.seen ?? {})) if (!seen[k] || at < seen[k]) seen[k] = at;
    next.seen = seen;
  }
  if (Array.isArray(old.outbox_rejected)) {
    const mine = Array.isArray(cur.outbox_rejected) ? cur.outbox_rejected : [];
    const known = new Set(mine.map((r) => r.event?.uuid));
    next.outbox_rejected = [...old.outbox_rejected.filter((r) => !known.has(r.event?.uuid)), ...mine];
  }
  if (old.outbox_failures && typeof old.outbox_failures === 'object') {
    next.outbox_failures = { ...old.outbox_failures, ...cur.outbox_failures };
  }
  if (Object.keys(next).length) await to.set(next);
  await from.remove(WORKER_KEYS);
  return true;
}
