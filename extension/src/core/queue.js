// The outbox of timing events, kept in extension storage so that nothing is lost while
// the companion is stopped or the worker sleeps. An event leaves the outbox only after
// the companion answered for its UUID; the companion stores each UUID once, so sending
// again after a lost answer cannot make a duplicate. Exactly once, end to end.

export const QUEUE_KEY = 'outbox';
export const REJECTED_KEY = 'outbox_rejected';
export const FAILURES_KEY = 'outbox_failures';
export const MAX_BATCH = 500; // the companion's limit per POST /events
// A server error (5xx) this many times for one event sent alone sets it aside: a
// companion that cannot store it (a bug, bytes it chokes on) must not hold the rest.
export const MAX_SERVER_ERRORS = 3;
const MAX_REJECTED = 100;

/**
 * What a failed send means for the events in it:
 * 'wait' – the companion's state, not the events' (offline, 401, 503 disk full, 429):
 *          keep everything, retry later;
 * 'event' – a 400 naming events[i]: that event is bad;
 * 'batch' – some event in the batch is refused (another 4xx) or breaks the server (5xx),
 *          but the answer does not say which: send the events one by one to find it.
 */
export function blame(err) {
  if (!(err instanceof SendError)) return 'wait';
  if (err.kind === 'rejected') return 'event';
  if (err.kind !== 'http' || !err.status) return 'wait';
  if ([401, 403, 408, 429, 503].includes(err.status)) return 'wait';
  return err.status >= 400 ? 'batch' : 'wait';
}

export class SendError extends Error {
  /** kind: 'offline' (retry later), 'rejected' (400 naming events[i]), 'auth', 'http' */
  constructor(kind, message, { status = null, field = null, code = null } = {}) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.field = field;
    this.code = code; // the companion's error code, e.g. store_unavailable
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
      // After a batch failed without naming its culprit, this many events go one by one.
      let alone = 0;
      const failedNow = new Set(); // events that failed alone in this flush: not again
      for (;;) {
        const q = await this.read();
        if (!q.length) return { sent, left: 0, rejected, error: null };
        const batch = q.slice(0, alone > 0 ? 1 : MAX_BATCH);
        let results;
        try {
          results = await send(batch);
        } catch (err) {
          const fault = blame(err);
          if (fault === 'event') {
            // One bad event must not hold the others hostage: set it aside, keep going.
            const i = /^events\[(\d+)\]/.exec(err.field ?? '')?.[1];
            const bad = batch[i === undefined ? 0 : Number(i)];
            await this.setAside(bad, err.message);
            rejected += 1;
            continue;
          }
          if (fault === 'batch' && batch.length > 1) {
            alone = batch.length;
            continue;
          }
          if (fault === 'batch' && !failedNow.has(batch[0].uuid)) {
            const event = batch[0];
            failedNow.add(event.uuid); // counted once a flush; next time, stop here
            if (err.status < 500 || (await this.countFailure(event)) >= MAX_SERVER_ERRORS) {
              await this.setAside(event, `HTTP ${err.status}: ${err.message}`);
              rejected += 1;
            } else {
              await this.moveToEnd(event); // its turn again after the others
            }
            alone = Math.max(0, alone - 1);
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
        await this.forgetFailures(done);
        sent += now.length - rest.length;
        alone = Math.max(0, alone - batch.length);
      }
    });
  }

  /** One more server error for `event` sent alone; returns how many it has had. */
  async countFailure(event) {
    const got = (await this.area.get(FAILURES_KEY))?.[FAILURES_KEY] ?? {};
    got[event.uuid] = (got[event.uuid] ?? 0) + 1;
    await this.area.set({ [FAILURES_KEY]: got });
    return got[event.uuid];
  }

  async forgetFailures(uuids) {
    const got = (await this.area.get(FAILURES_KEY))?.[FAILURES_KEY];
    if (!got || !Object.keys(got).some((u) => uuids.has(u))) return;
    for (const u of uuids) delete got[u];
    await this.area.set({ [FAILURES_KEY]: got });
  }

  async moveToEnd(event) {
    const q = await this.read();
    await this.area.set({ [QUEUE_KEY]: [...q.filter((e) => e.uuid !== event.uuid), event] });
  }

  async setAside(event, reason) {
    const q = await this.read();
    const rest = q.filter((e) => e.uuid !== event.uuid);
    const bad = await this.read(REJECTED_KEY);
    bad.push({ event, reason, at: new Date().toISOString() });
    await this.area.set({ [QUEUE_KEY]: rest, [REJECTED_KEY]: bad.slice(-MAX_REJECTED) });
    await this.forgetFailures(new Set([event.uuid]));
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
