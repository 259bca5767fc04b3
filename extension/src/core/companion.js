// The client of the companion's HTTP API (docs/api.md). Used only by the background
// worker: content scripts never call the companion themselves.

import { SendError } from './queue.js';

export const API_PREFIX = '/api/v1';
export const VERSION_HEADER = 'X-Otklik-Version';

// What the companion refuses in any string (docs/api.md: a lone surrogate, NUL), which a
// page's text can hold (an emoji cut in half by a script, a NUL from the site's data):
// one such comment must not cost a whole batch its analysis, nor an event its storage.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** JSON.stringify's replacer: each such character becomes U+FFFD, the rest is as given. */
export function storable(_key, value) {
  return typeof value === 'string' ? value.replace(UNSTORABLE, '\uFFFD') : value;
}

/** Connection states shown on the toolbar icon. */
export const State = Object.freeze({ ONLINE: 'online', OFFLINE: 'offline', UNKNOWN: 'unknown' });

export class Companion {
  constructor({ baseUrl, token, fetchFn = globalThis.fetch.bind(globalThis), timeoutMs = 5000 }) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.token = token ?? '';
    this.fetchFn = fetchFn;
    this.timeoutMs = timeoutMs;
  }

  /**
   * One call. Resolves to {state, status, data, error, version}; never rejects.
   * state is 'offline' for no answer, a timeout, or an answer without the companion's
   * version header (another program on the port).
   */
  async request(method, path, body, { timeoutMs = this.timeoutMs } = {}) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    const headers = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await this.fetchFn(`${this.baseUrl}${API_PREFIX}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body, storable),
        signal: ctl.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (err) {
      return {
        state: State.OFFLINE,
        status: 0,
        data: null,
        error: { code: ctl.signal.aborted ? 'timeout' : 'network', message: String(err?.message ?? err) },
      };
    } finally {
      clearTimeout(timer);
    }
    const version = res.headers.get(VERSION_HEADER);
    if (!version) {
      return {
        state: State.OFFLINE,
        status: res.status,
        data: null,
        error: { code: 'not_companion', message: `Something else answers at ${this.baseUrl}` },
      };
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    const error = res.ok ? null : (data?.error ?? { code: `http_${res.status}`, message: res.statusText });
    return { state: State.ONLINE, status: res.status, data, error, version };
  }

  health() {
    return this.request('GET', '/health', undefined, { timeoutMs: 3000 });
  }

  /** Address and token both right? {ok, state, reason}: reason no_answer/not_companion/bad_token. */
  async checkPairing() {
    const h = await this.health();
    if (h.state !== State.ONLINE) return { ok: false, state: h.state, reason: h.error?.code ?? 'network', version: null };
    if (h.data?.name !== 'otklik') return { ok: false, state: State.OFFLINE, reason: 'not_companion', version: null };
    const r = await this.request('POST', '/comments/handled', { platform: 'vk', comment_ids: [] });
    if (r.status === 401) return { ok: false, state: State.ONLINE, reason: 'bad_token', version: h.version };
    // The team store down is not a pairing problem: the token was accepted (the popup
    // says what is down from health.store).
    if (r.error && r.error.code !== 'store_unavailable') return { ok: false, state: r.state, reason: r.error.code, version: h.version };
    return { ok: true, state: State.ONLINE, reason: null, version: h.version, health: h.data };
  }

  /** POST /events for the outbox: results, or a SendError saying how to go on. */
  async sendEvents(events) {
    const r = await this.request('POST', '/events', { events }, { timeoutMs: 15000 });
    if (r.state !== State.ONLINE) throw new SendError('offline', r.error?.message ?? 'offline');
    if (r.status === 200) return r.data?.results ?? [];
    if (r.status === 400 && /^events\[\d+\]/.test(r.error?.field ?? '')) {
      throw new SendError('rejected', r.error.message, { status: 400, field: r.error.field });
    }
    if (r.status === 401) throw new SendError('auth', r.error?.message ?? 'token', { status: 401 });
    throw new SendError('http', r.error?.message ?? `HTTP ${r.status}`, { status: r.status, code: r.error?.code ?? null });
  }
}
