// The outbox of timing events, kept in extension storage so that nothing is lost while
// the companion is stopped or the worker sleeps. An event leaves the outbox only after
// the companion answered for its UUID; the companion stores each UUID once, so sending
// again after a lost answer cannot make a duplicate. Exactly once, end to end.

export const QUEUE_KEY = 'outbox';
export const REJECTED_KEY = 'outbox_rejected';
export const MAX_BATCH = 500; // the companion's limit per POST /events
const MAX_REJECTED = 100;

export class SendError extends Error {
  /** kind: 'offline' (retry later), 'rejected' (400 naming events[i]), 'auth', 'http' */
  constructor(kind, message, { status = null, field = null } = {}) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.field = field;
  }
}

export class Outbox {
  /** `area`: a storage area with promise get/set (chrome.storage.local or a test double). */
  constructor(area) {
    this.area = area;
    this.lock = Promise.resolve();
  }

  // Storage has no transactions: every read-modify-write runs one after another here.
  serial(fn) {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }

  async read(key = QUEUE_KEY) {
    const got = await this.area.get(key);
    return Array.isArray(got?.[key]) ? got[key] : [];
  }

  add(events) {
    return this.serial(async () => {
      const q = await this.read();
      const known = new Set(q.map((e) => e.uuid));
      for (const e of events) if (!known.has(e.uuid)) q.push(e);
      await this.area.set({ [QUEUE_KEY]: q });
      return q.length;
    });
  }

  size() {
    return this.read().then((q) => q.length);
  }

  /**
   * Send waiting events in batches with `send(events) → results` until the outbox is
   * empty or the companion is unreachable. Returns {sent, left, rejected, error}.
   */
  flush(send) {
    return this.serial(async () => {
      let sent = 0;
      let rejected = 0;
      for (;;) {
        const q = await this.read();
        if (!q.length) return { sent, left: 0, rejected, error: null };
        const batch = q.slice(0, MAX_BATCH);
        let results;
        try {
          results = await send(batch);
        } catch (err) {
          if (err instanceof SendError && err.kind === 'rejected') {
            // One bad event must not hold the others hostage: set it aside, keep going.
            const i = /^events\[(\d+)\]/.exec(err.field ?? '')?.[1];
            const bad = batch[i === undefined ? 0 : Number(i)];
            await this.setAside(bad, err.message);
            rejected += 1;
            continue;
          }
          return { sent, left: q.length, rejected, error: err };
        }
        const done = new Set(
          (results ?? []).filter((r) => r && r.status === 'stored').map((r) => r.uuid),
        );
        if (!done.size) return { sent, left: q.length, rejected, error: new Error('no results') };
        // Re-read: events may have been added while the batch was on its way.
        const now = await this.read();
        const rest = now.filter((e) => !done.has(e.uuid));
        await this.area.set({ [QUEUE_KEY]: rest });
        sent += now.length - rest.length;
      }
    });
  }

  async setAside(event, reason) {
    const q = await this.read();
    const rest = q.filter((e) => e.uuid !== event.uuid);
    const bad = await this.read(REJECTED_KEY);
    bad.push({ event, reason, at: new Date().toISOString() });
    await this.area.set({ [QUEUE_KEY]: rest, [REJECTED_KEY]: bad.slice(-MAX_REJECTED) });
  }
}

/** A storage area in memory with chrome.storage's promise shape (tests, fallbacks). */
export class MemoryArea {
  constructor() {
    this.data = {};
  }
  async get(key) {
    const keys = key === null || key === undefined ? Object.keys(this.data) : [].concat(key);
    const out = {};
    for (const k of keys) if (k in this.data) out[k] = structuredClone(this.data[k]);
    return out;
  }
  async set(obj) {
    for (const [k, v] of Object.entries(obj)) this.data[k] = structuredClone(v);
  }
  async remove(key) {
    for (const k of [].concat(key)) delete this.data[k];
  }
}
