// The background worker: the only part of the extension that talks to the companion.
// It answers the content scripts and the extension's pages, keeps the outbox of timing
// events, and shows the connection on the toolbar icon.
import { ext } from '../compat.js';
import { uuid } from '../compat.js';
import { MessageCStoBG, MessageUItoBG, PORT_NAME, decodeMessage, encodeAnswer } from '../messages.js';
import { Companion, State } from '../core/companion.js';
import { Outbox, REJECTED_KEY } from '../core/queue.js';
import { chunks } from '../core/batch.js';
import { checkCompanionUrl, loadSettings, saveSettings } from '../core/settings.js';
import { AnalysisCache } from './analysisCache.js';
import { WORKER_KEYS, WorkerStore, migrate } from './workerStore.js';
import { refuse } from './senders.js';
import { showState } from './icon.js';

const FLUSH_ALARM = 'otklik-flush';
const HEALTH_ALARM = 'otklik-health';
const SEEN_KEY = 'seen'; // "platform:comment_id" → first seen_at, so a reload does not resend
const MAX_SEEN = 5000;
const ANALYZE_BATCH = 500;
const HEALTH_KEY = 'pageHealth'; // tab id → {platform, page_kind, state, reason, at}
const HEALTH_PENDING_KEY = 'pageHealthPending'; // misses not yet counted by the companion
const MAX_HEALTH_PENDING = 200;

// The outbox and the first-seen map live in the worker's own store (workerStore.js: no
// storage change reaches the pages), once what an older version kept in
// chrome.storage.local has moved there; chrome.storage.local where IndexedDB cannot open.
const bookkeeping = (async () => {
  const store = new WorkerStore();
  try {
    await store.open();
  } catch {
    return ext.storage.local;
  }
  try {
    await migrate(ext.storage.local, store);
  } catch (err) {
    console.error('otklik: moving the outbox to the worker store failed; next start tries again', err);
  }
  return store;
})();
const area = {
  get: async (key) => (await bookkeeping).get(key),
  set: async (obj) => (await bookkeeping).set(obj),
  remove: async (key) => (await bookkeeping).remove(key),
};
const outbox = new Outbox(area);
const cache = new AnalysisCache();
let state = State.UNKNOWN;
let detail = ''; // why, beside the state: 'not_companion', 'store_unavailable'
// Answers from these say whether the team store is there; an analysis does not.
const STORE_PATHS = new Set(['/comments/handled', '/comments/claim', '/settings']);

async function companion(settings = null) {
  const s = settings ?? (await loadSettings(ext.storage.local));
  return { client: new Companion({ baseUrl: s.companionUrl, token: s.token }), settings: s };
}

async function setState(next, lang, why = '') {
  if (next === state && why === detail) return;
  state = next;
  detail = why;
  await showState(next, lang, why);
}

/** The icon's detail after an answer to `path`. */
function detailAfter(r, path) {
  if (r.error?.code === 'not_companion') return 'not_companion';
  if (r.error?.code === 'store_unavailable') return 'store_unavailable';
  if (r.state !== State.ONLINE || STORE_PATHS.has(path)) return '';
  return detail === 'store_unavailable' ? detail : ''; // an analysis does not touch the store
}

async function call(method, path, body) {
  const { client, settings } = await companion();
  const r = await client.request(method, path, body, { timeoutMs: path === '/analyze' ? 20000 : 8000 });
  await setState(r.state, settings.lang, detailAfter(r, path));
  if (r.state === State.ONLINE) scheduleFlush();
  return r;
}

// ---- the outbox ----------------------------------------------------------------

let flushing = null;

/** Send what waits; one flush at a time. The alarm retries while anything is left. */
function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    try {
      const { client, settings } = await companion();
      const res = await outbox.flush(async (events) => {
        try {
          return await client.sendEvents(events);
        } catch (err) {
          if (err.kind === 'offline') await setState(State.OFFLINE, settings.lang);
          if (err.code === 'store_unavailable') await setState(State.ONLINE, settings.lang, err.code);
          throw err;
        }
      });
      if (res.sent) await setState(State.ONLINE, settings.lang);
      await keepAlive(res.left);
      return res;
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

// While events wait, an alarm wakes the worker every 30 s to try again; the browser
// would otherwise stop an idle worker and nothing would retry.
async function keepAlive(left) {
  if (left > 0) {
    const existing = await ext.alarms.get(FLUSH_ALARM);
    if (!existing) await ext.alarms.create(FLUSH_ALARM, { periodInMinutes: 0.5 });
  } else {
    await ext.alarms.clear(FLUSH_ALARM);
  }
}

function scheduleFlush() {
  outbox.size().then((n) => (n ? flush() : null)).catch(() => {});
}

async function firstSeen(event) {
  const key = `${event.platform}:${event.comment_id}`;
  const got = await area.get(SEEN_KEY);
  const seen = got[SEEN_KEY] ?? {};
  return { seen, key, at: seen[key] ?? null };
}

/** Queue one event from a page: give it its UUID, fill what the page cannot know. */
const NAMELESS_KEY = 'nameless'; // reply_sent events waiting for the operator's name
const MAX_NAMELESS = 500;

async function holdNameless(e) {
  const held = (await ext.storage.local.get(NAMELESS_KEY))[NAMELESS_KEY] ?? [];
  held.push(e);
  await ext.storage.local.set({ [NAMELESS_KEY]: held.slice(-MAX_NAMELESS) });
}

/** The operator has a name now: the replies they sent before go out under it. */
async function releaseNameless(name) {
  const held = (await ext.storage.local.get(NAMELESS_KEY))[NAMELESS_KEY] ?? [];
  if (!held.length) return;
  await ext.storage.local.remove(NAMELESS_KEY);
  const size = await outbox.add(held.map((e) => ({ ...e, operator: name })));
  await keepAlive(size);
  flush().catch(() => {});
}

ext.storage.onChanged.addListener((changes, area) => {
  const name = area === 'local' ? changes.settings?.newValue?.operator?.trim() : '';
  if (name) releaseNameless(name).catch(() => {});
});

/** The options page's «Подключить»: collect the token the operator granted on the
 * companion's /pair page for this code (the companion checks our Origin). */
async function claimPairing(msg, settings) {
  let baseUrl;
  try {
    baseUrl = checkCompanionUrl(msg.companionUrl ?? settings.companionUrl);
  } catch {
    return { ok: false, reason: 'bad_url' };
  }
  const r = await new Companion({ baseUrl, token: '' }).request('POST', '/pair/claim', { code: msg.code });
  if (r.status !== 200 || !r.data?.token) {
    return { ok: false, pending: r.status === 404, reason: r.error?.code ?? 'network' };
  }
  const s = await saveSettings(ext.storage.local, {
    companionUrl: baseUrl,
    token: r.data.token,
    operator: r.data.operator || settings.operator,
  });
  const check = await new Companion({ baseUrl, token: s.token }).checkPairing();
  await setState(check.state, s.lang);
  return { ok: check.ok, operator: s.operator, token: s.token, version: r.data.version, reason: check.reason };
}

async function queueEvent(event, settings) {
  if (!event || !['comment_seen', 'reply_sent', 'customer_followup'].includes(event.type)) {
    return { error: { code: 'bad_event', message: 'unknown event type' } };
  }
  const e = { ...event, uuid: uuid() };
  if (e.type === 'reply_sent') {
    // A reply is counted for a named operator or not yet: never for "unknown". Without
    // a name the event waits until the operator gives one (pairing asks for it).
    const name = (e.operator || settings.operator || '').trim();
    if (!name) {
      await holdNameless(e);
      return { queued: false, waitingForName: true };
    }
    e.operator = name;
    if (!e.first_seen_at) {
      const { at } = await firstSeen(e);
      if (at) e.first_seen_at = at;
    }
  } else if (e.type === 'customer_followup') {
    // The companion keeps one follow-up per comment, whoever sends it and how often.
    if (!e.operator && settings.operator) e.operator = settings.operator;
  } else {
    // A comment is "first seen" once per browser, not once per page load.
    const { seen, key, at } = await firstSeen(e);
    if (at) return { queued: false, duplicate: true };
    seen[key] = e.seen_at;
    const keys = Object.keys(seen);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_SEEN))) delete seen[k];
    await area.set({ [SEEN_KEY]: seen });
    if (!e.operator && settings.operator) e.operator = settings.operator;
  }
  const size = await outbox.add([e]);
  await keepAlive(size);
  flush().catch(() => {});
  return { queued: true, uuid: e.uuid, waiting: size };
}

/**
 * Several comment_seen events at once (the comments a scroll brought into view): one
 * read and one write of the seen map and of the outbox for them all, where one by one
 * made three storage writes per comment, each sent to every open page as a storage
 * change. Answers in the events' order, as queueEvent gives them.
 */
async function queueSeen(events, settings) {
  const seen = (await area.get(SEEN_KEY))[SEEN_KEY] ?? {};
  const answers = [];
  const fresh = [];
  for (const event of events) {
    const e = { ...event, uuid: uuid() };
    const key = `${e.platform}:${e.comment_id}`;
    if (seen[key]) {
      answers.push({ queued: false, duplicate: true });
      continue;
    }
    seen[key] = e.seen_at;
    if (!e.operator && settings.operator) e.operator = settings.operator;
    fresh.push(e);
    answers.push({ queued: true, uuid: e.uuid });
  }
  if (!fresh.length) return answers;
  const keys = Object.keys(seen);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_SEEN))) delete seen[k];
  await area.set({ [SEEN_KEY]: seen });
  const size = await outbox.add(fresh);
  for (const a of answers) if (a.queued) a.waiting = size;
  await keepAlive(size);
  flush().catch(() => {});
  return answers;
}

// ---- page health -----------------------------------------------------------------

// The popup shows the state of its tab; session storage survives the worker sleeping.
const healthArea = () => ext.storage.session ?? ext.storage.local;

async function pageHealth(msg, sender) {
  const tabId = sender.tab?.id;
  const entry = {
    platform: String(msg.platform ?? ''),
    page_kind: String(msg.page_kind ?? 'page').slice(0, 40),
    state: String(msg.state ?? 'unknown'),
    reason: msg.reason ? String(msg.reason) : null,
    at: new Date().toISOString(),
  };
  if (tabId !== undefined) {
    const area = healthArea();
    const got = (await area.get(HEALTH_KEY))[HEALTH_KEY] ?? {};
    got[tabId] = entry;
    await area.set({ [HEALTH_KEY]: got });
  }
  if (entry.state === 'miss' && msg.count) {
    const pending = (await ext.storage.local.get(HEALTH_PENDING_KEY))[HEALTH_PENDING_KEY] ?? [];
    pending.push({ platform: entry.platform, page_kind: entry.page_kind, reason: entry.reason, at: entry.at });
    await ext.storage.local.set({ [HEALTH_PENDING_KEY]: pending.slice(-MAX_HEALTH_PENDING) });
    await sendHealth();
  }
  return { ok: true };
}

/** Tell the companion about misses (counts only, no texts); what fails waits for the next try. */
async function sendHealth() {
  const pending = (await ext.storage.local.get(HEALTH_PENDING_KEY))[HEALTH_PENDING_KEY] ?? [];
  if (!pending.length) return 0;
  const { client } = await companion();
  const left = [];
  for (const miss of pending) {
    const r = await client.request('POST', '/page-health', miss);
    if (r.status !== 200 && r.status !== 201 && !(r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 404)) left.push(miss);
  }
  await ext.storage.local.set({ [HEALTH_PENDING_KEY]: left });
  return pending.length - left.length;
}

// A closed tab's state goes with it.
ext.tabs?.onRemoved?.addListener((tabId) => {
  const area = healthArea();
  area.get(HEALTH_KEY).then((got) => {
    const all = got[HEALTH_KEY] ?? {};
    if (!(tabId in all)) return null;
    delete all[tabId];
    return area.set({ [HEALTH_KEY]: all });
  }).catch(() => {});
});

async function tabHealth(tabId) {
  if (tabId === undefined || tabId === null) return null;
  const got = (await healthArea().get(HEALTH_KEY))[HEALTH_KEY] ?? {};
  return got[tabId] ?? null;
}

// ---- requests from pages -------------------------------------------------------

function errorOf(r) {
  if (r.status === 404) return { code: 'not_available', message: 'the companion has no such endpoint yet' };
  return r.error ?? { code: 'unknown', message: 'no answer' };
}

async function analyze({ platform, comments, lang }) {
  const results = {};
  const missing = [];
  for (const c of comments ?? []) {
    if (!c || typeof c.id !== 'string' || typeof c.text !== 'string') continue;
    const hit = cache.get(platform, c);
    if (hit) results[c.id] = hit;
    else missing.push(c);
  }
  let error = null;
  for (const part of chunks(missing, ANALYZE_BATCH)) {
    const r = await call('POST', '/analyze', { comments: part, ...(lang ? { lang } : {}) });
    if (r.status !== 200) {
      error = errorOf(r);
      break;
    }
    const asked = new Map(part.map((x) => [x.id, x]));
    for (const item of r.data?.results ?? []) {
      const c = asked.get(item.id);
      if (!c) continue;
      cache.set(platform, c, item);
      results[item.id] = item;
    }
  }
  return { results, error };
}

/** Keep the team's settings (working hours, calendar) the companion serves; stored
 * only when they changed, so pages do not redraw every minute. */
async function refreshTeam(client, settings) {
  const r = await client.request('GET', '/settings', undefined, { timeoutMs: 5000 });
  if (r.status !== 200 || !r.data) return;
  if (JSON.stringify(r.data) === JSON.stringify(settings.team)) return;
  await saveSettings(ext.storage.local, { team: r.data });
}

async function status(tabId = null) {
  const { client, settings } = await companion();
  const pairing = await client.checkPairing();
  const storeDown = pairing.ok && pairing.health?.store?.ok === false;
  await setState(pairing.state, settings.lang, pairing.reason === 'not_companion' ? 'not_companion' : storeDown ? 'store_unavailable' : '');
  let res = null;
  if (pairing.ok) {
    res = await flush();
    await refreshTeam(client, settings).catch(() => {});
    await sendHealth().catch(() => 0);
  }
  const rejected = (await area.get(REJECTED_KEY))[REJECTED_KEY] ?? [];
  return {
    state: pairing.state,
    paired: pairing.ok,
    reason: pairing.reason,
    version: pairing.version,
    companionUrl: settings.companionUrl,
    waiting: await outbox.size(),
    rejected: rejected.length,
    // The newest few set-aside events with the companion's reason, for the popup.
    rejectedLatest: rejected.slice(-3).reverse().map((r) => ({
      reason: String(r.reason ?? ''),
      type: r.event?.type ?? '',
      comment: r.event?.comment_id ?? '',
      at: r.at ?? '',
    })),
    sent: res?.sent ?? 0,
    health: await tabHealth(tabId),
    // The companion's store (its /health): {engine, ok, reason}; the popup says when it is down.
    store: pairing.health?.store ?? null,
  };
}

/** The answered comment as the coach reads it: known fields only, strings only. */
function coachComment(c) {
  const out = {};
  for (const key of ['text', 'tone', 'persona', 'author_name']) {
    if (typeof c[key] === 'string' && c[key]) out[key] = c[key];
  }
  return out;
}

async function handle(raw, sender) {
  const why = refuse(raw?.type, sender, {
    extensionId: ext.runtime.id,
    extensionOrigin: ext.runtime.getURL(''),
  });
  if (why) return { error: { code: 'forbidden', message: why } };
  let msg;
  try {
    msg = decodeMessage(raw);
  } catch (err) {
    return { error: { code: 'bad_message', message: String(err?.message ?? err) } };
  }
  const settings = await loadSettings(ext.storage.local);
  switch (msg.type) {
    case MessageCStoBG.ANALYZE:
      return analyze(msg);
    case MessageCStoBG.CHECK_DRAFT: {
      const r = await call('POST', '/drafts/check', {
        text: String(msg.text ?? ''),
        ...(msg.comment_id ? { comment_id: String(msg.comment_id) } : {}),
        ...(msg.platform ? { platform: String(msg.platform) } : {}),
        ...(msg.lang ? { lang: String(msg.lang) } : {}),
        ...(msg.comment && typeof msg.comment === 'object' ? { comment: coachComment(msg.comment) } : {}),
      });
      return r.status === 200 ? { result: r.data } : { error: errorOf(r) };
    }
    case MessageCStoBG.HANDLED: {
      const r = await call('POST', '/comments/handled', { platform: msg.platform, comment_ids: msg.comment_ids ?? [] });
      return r.status === 200
        ? { handled: r.data?.handled ?? {}, claims: r.data?.claims ?? {} }
        : { handled: {}, error: errorOf(r) };
    }
    case MessageCStoBG.CLAIM: {
      // Not queued: a claim is worth something only now (it expires on the companion).
      const r = await call('POST', '/comments/claim', {
        platform: String(msg.platform ?? ''),
        comment_id: String(msg.comment_id ?? ''),
        ...(msg.release ? { release: true } : {}),
        ...(settings.operator ? { operator: settings.operator } : {}),
      });
      return r.status === 200 ? { claim: r.data } : { error: errorOf(r) };
    }
    case MessageCStoBG.EVENT: {
      if (!Array.isArray(msg.events)) return queueEvent(msg.event, settings);
      // Several at once (the comments that came into view together): first-seen events
      // together, any other batch one by one in order.
      const events = msg.events.slice(0, 500);
      let answers = [];
      if (events.length && events.every((e) => e?.type === 'comment_seen')) answers = await queueSeen(events, settings);
      else for (const event of events) answers.push(await queueEvent(event, settings));
      return { queued: answers.filter((a) => a.queued).length, answers };
    }
    case MessageCStoBG.PAGE_HEALTH:
      return pageHealth(msg, sender);
    case MessageUItoBG.STATUS:
      return status(msg.tabId ?? null);
    case MessageUItoBG.CLAIM_PAIRING:
      return claimPairing(msg, settings);
    case MessageUItoBG.TEST_PAIRING: {
      let baseUrl;
      try {
        baseUrl = checkCompanionUrl(msg.companionUrl ?? settings.companionUrl);
      } catch {
        return { ok: false, reason: 'bad_url' };
      }
      const client = new Companion({ baseUrl, token: msg.token ?? settings.token });
      const res = await client.checkPairing();
      await setState(res.state, settings.lang);
      return res;
    }
    default:
      return { error: { code: 'unknown_message', message: String(msg?.type) } };
  }
}

// The pages' content scripts ask over one port each (src/content/channel.js); the
// sender is the port's, checked like a message's.
ext.runtime.onConnect.addListener((port) => {
  if (port.name !== PORT_NAME) return;
  port.onMessage.addListener((msg) => {
    // The requests a page made in one task, answered one by one as each is ready.
    for (const req of Array.isArray(msg?.batch) ? msg.batch : []) {
      const reply = (value) => {
        try {
          port.postMessage({ id: req?.id, body: encodeAnswer(req?.body, value) });
        } catch {
          // The page went away before its answer: nothing to tell.
        }
      };
      handle(req?.body, port.sender).then(reply, (err) => reply({ error: { code: 'worker', message: String(err?.message ?? err) } }));
    }
  });
});

ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const answer = (value) => sendResponse(encodeAnswer(msg, value));
  handle(msg, sender).then(answer, (err) => answer({ error: { code: 'worker', message: String(err?.message ?? err) } }));
  return true; // answered asynchronously
});

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === FLUSH_ALARM) flush().catch(() => {});
  if (alarm.name === HEALTH_ALARM) {
    status().catch(() => {});
  }
});

async function wake() {
  await ext.alarms.create(HEALTH_ALARM, { periodInMinutes: 1 });
  const settings = await loadSettings(ext.storage.local);
  await showState(State.UNKNOWN, settings.lang);
  state = State.UNKNOWN;
  status().catch(() => {});
}

ext.runtime.onInstalled.addListener(() => {
  wake();
});
ext.runtime.onStartup.addListener(() => {
  wake();
});
// A worker woken by an alarm or a message resumes the outbox at once.
scheduleFlush();

// For the end-to-end tests and for debugging from the worker's console.
// `read(key)`: a value of the worker's store (outbox, seen, ...) or of chrome.storage.local.
globalThis.otklik = {
  flush,
  status,
  outbox,
  read: async (key) => (WORKER_KEYS.includes(key) ? area : ext.storage.local).get(key).then((got) => got[key]),
};
