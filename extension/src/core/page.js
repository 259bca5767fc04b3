// The small core every feature registers with: it finds comments (once, then as the
// page adds them), keeps one record per comment id, asks the worker for analyses in
// batches, and passes events between features. A feature never calls another one;
// it reads records and listens to events here.
import { MessageCStoBG } from '../messages.js';
import { chunks } from './batch.js';
import { Overlay } from './overlay.js';
import { insertText, rememberCaret } from './insert.js';
import { editableRoot } from './dom.js';
import { looksLikeCommentBox, looksLikeComments } from './health.js';
import { backgroundTheme, watchTheme } from './theme.js';

export const SEEN_ATTR = 'data-otklik-seen';
export const ID_ATTR = 'data-otklik-id'; // the comment's id, for the operator's dev tools and the e2e checks
const ANALYZE_BATCH = 500; // the companion's limit per POST /analyze
const TICK_MS = 30_000;
const HEALTH_DELAY_MS = 1500; // pages render comments in bursts: judge after a quiet moment
// Comments still rendering (the site's loading skeletons, aria-busy blocks) are no miss
// yet: judged again after each quiet moment, for this long at most — a list that never
// fills gets the notice then (a slow connection's 6 s load does not).
const LOADING_GRACE_MS = 8000;
// characterData: a text written in place (React sets a text node's data) may be a known
// comment's text growing («Показать полностью…» expanded in place): see around().
const OBSERVED = { childList: true, subtree: true, characterData: true };
// A new comment's badge waits off the page for its analysis, to be laid out once with it;
// an analysis slower than this shows the badge «pending» first.
export const PLACE_WAIT_MS = 1000;

const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** Is `text` the start of `whole` cut with «…» (a long text collapsed again)? */
function cutOf(text, whole) {
  const m = /^([\s\S]*?)\s*(?:…|\.\.\.)\s*$/.exec(text);
  if (!m || !m[1].trim()) return false;
  const start = squash(m[1]);
  const all = squash(whole);
  return all.length > start.length && all.startsWith(start);
}

export class Page {
  /**
   * doc: the document; adapter: a site adapter; settings: merged settings;
   * send(type, payload) → Promise of the worker's answer; now() → Date; placeWaitMs: how
   * long a new badge waits off the page for its analysis.
   */
  constructor({ doc, adapter, settings, send, now = () => new Date(), placeWaitMs = PLACE_WAIT_MS }) {
    this.doc = doc;
    this.adapter = adapter;
    this.settings = settings;
    this.send = send;
    this.now = now;
    this.placeWaitMs = placeWaitMs;
    this.records = new Map(); // comment id → record
    this.byElement = new WeakMap(); // comment element → record
    this.listeners = new Map();
    this.overlay = new Overlay(doc, adapter);
    this.draftResults = new WeakMap(); // editor → {text, result}: the draft watcher's last check
    this.connection = 'unknown';
    this.observer = null;
    this.pendingRoots = new Set();
    this.pendingTexts = new Set(); // text nodes the site added or rewrote (around() reads their comment again)
    this.flushScheduled = false;
    this.timers = [];
    this.lastReplyClicked = null; // the comment whose «Ответить» was clicked last
    this.lastEditor = null;
    // Page health: 'unknown' until judged, 'ok' (comments read), 'empty' (none shown),
    // 'miss' (comments or a comment box shown that the adapter cannot read).
    this.health = { state: 'unknown', reason: null };
    this.healthTimer = null;
    this.reported = new Set(); // miss reasons told to the worker on this page
    this.workMs = 0; // main-thread time spent by the overlay (scans and listeners)
    this.analysing = 0; // analysis requests on their way (the panel waits for them)
  }

  get lang() {
    return this.settings.lang === 'en' ? 'en' : 'ru';
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
  }

  emit(event, payload) {
    this.track(`otklik:${event}`, () => {
      for (const fn of this.listeners.get(event) ?? []) {
        try {
          fn(payload);
        } catch (err) {
          // One broken feature must not take the others down with it.
          console.error(`otklik: ${event} listener failed`, err);
        }
      }
    });
  }

  clock() {
    return this.doc.defaultView?.performance?.now() ?? Date.now();
  }

  /**
   * Run `fn` and count the main-thread time it took (outermost calls only, so nested
   * work is not counted twice); the time also goes on the page's performance timeline
   * (performance.measure) and into data-otklik-work-ms, where the speed checks read it.
   */
  track(name, fn) {
    this.depth = (this.depth ?? 0) + 1;
    const t0 = this.depth === 1 ? this.clock() : 0;
    try {
      return fn();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) {
        const t1 = this.clock();
        this.workMs += t1 - t0;
        try {
          this.doc.defaultView?.performance?.measure?.(name, { start: t0, end: t1 });
        } catch {
          // measure with options is missing in old engines; the total still counts.
        }
        this.doc.documentElement?.setAttribute('data-otklik-work-ms', this.workMs.toFixed(2));
      }
    }
  }

  use(feature) {
    feature.init(this);
    return this;
  }

  /** Find comments not seen yet under `root`; make records; tell the features. */
  scan(root = this.doc.body) {
    const fresh = this.find(root);
    this.announce(fresh);
    return fresh;
  }

  announce(fresh) {
    if (!fresh.length) return;
    const asked = this.analyze(fresh);
    this.quietly(() => {
      this.emit('comments', fresh);
      // Records that moved to a new node already know their analysis: draw it there too.
      const known = fresh.filter((r) => r.analysis || r.analysisError);
      if (known.length) this.emit('analysis', known);
      this.place(fresh.filter((r) => !asked.has(r)));
    });
    if (asked.size) setTimeout(() => this.place([...asked]), this.placeWaitMs);
    this.scheduleHealth();
  }

  /** Put the badges of these records on the page (once each; unseen by the observer). */
  place(records) {
    // (Stopped: the operator switched the site off and its badges were removed.)
    if (!records.length || this.stopped) return;
    this.track('otklik:place', () => this.quietly(() => this.overlay.place(records.map((r) => r.el))));
  }

  /**
   * Run `fn`, which adds the overlay's own nodes (a badge per new comment), unseen by the
   * page's observer: each would be a mutation record only to be skipped. What the site
   * changed before is taken first and scanned as usual.
   */
  quietly(fn) {
    const observer = this.observer;
    if (!observer) return fn();
    this.noteMutations(observer.takeRecords());
    observer.disconnect();
    try {
      return fn();
    } finally {
      observer.observe(this.doc.body, OBSERVED);
    }
  }

  /** Remember the nodes the site added (and texts it rewrote), to scan them in the next frame. */
  noteMutations(mutations) {
    for (const m of mutations) {
      if (m.type === 'characterData') {
        this.pendingTexts.add(m.target);
        continue;
      }
      for (const node of m.addedNodes) {
        // A bare text node put in (a cut text replaced by the whole one): only the comment
        // around it may change, so it is not scanned for comments, nor counted as a change
        // of the page (a ticking clock's text must not keep putting off the health check).
        if (node.nodeType === 3) this.pendingTexts.add(node);
        if (node.nodeType !== 1 || node.hasAttribute('data-otklik-host')) continue;
        this.pendingRoots.add(node);
      }
    }
    this.scheduleScan();
  }

  /** New records for the comments under `root` not marked seen yet. */
  find(root, now = this.now()) {
    if (!root) return [];
    return this.track('otklik:scan', () => this.findNow(root, now));
  }

  findNow(root, now = this.now()) {
    const fresh = [];
    for (const el of this.adapter.findComments(root)) {
      if (el.hasAttribute(SEEN_ATTR)) continue;
      el.setAttribute(SEEN_ATTR, '');
      const info = this.adapter.read(el, now);
      if (!info) {
        // Not readable yet (the site renders a comment in parts): try again when it grows.
        el.removeAttribute(SEEN_ATTR);
        continue;
      }
      const known = this.records.get(info.id);
      if (known) {
        if (known.el === el) continue;
        // The site rendered a comment we know anew (sort change, re-render, navigation):
        // one record per id, its overlay follows the node, none is left on the old one.
        if (known.el.isConnected) this.overlay.drop(known.el);
        known.el.removeAttribute(ID_ATTR); // an old copy left in the DOM names nothing
        known.el = el;
        el.setAttribute(ID_ATTR, info.id);
        if (info.text) this.retext(known, info.text);
        this.byElement.set(el, known);
        fresh.push(known);
        continue;
      }
      const record = { ...info, el, analysis: null, analysisError: null, handled: null, foundAt: now };
      el.setAttribute(ID_ATTR, info.id);
      this.records.set(info.id, record);
      this.byElement.set(el, record);
      fresh.push(record);
    }
    return fresh;
  }

  /** Records whose comment node is on the page now. */
  shown() {
    return [...this.records.values()].filter((r) => r.el.isConnected);
  }

  recordOf(el) {
    const c = el?.closest?.(this.adapter.selectors.comment);
    return c ? (this.byElement.get(c) ?? null) : null;
  }

  /** The record of the comment an open reply box answers, or null. */
  replyTarget(editor) {
    const el = this.adapter.replyTarget(editor, this.lastReplyClicked);
    return el ? this.recordOf(el) : null;
  }

  /** The reply box for a comment: the open one answering it, else open it with «Ответить». */
  async replyBoxFor(record) {
    const active = this.adapter.editorOf(this.doc.activeElement) ?? this.lastEditor;
    if (active?.isConnected && this.replyTarget(active) === record) return active;
    const button = this.adapter.replyButton(record.el);
    if (button) {
      button.click();
      this.lastReplyClicked = record.el;
    }
    for (let i = 0; i < 20; i += 1) {
      const editor = this.adapter.editorNear(record.el);
      if (editor) return editor;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  // What the operator is doing, for the features: which comment they reply to, where
  // the caret was. Read-only listeners in the capture phase; the site sees every event.
  watchOperator() {
    this.doc.addEventListener('click', (e) => {
      // The comment's own reply control, as the adapter finds it (by hook or by label).
      const record = this.recordOf(e.target);
      const button = record && this.adapter.replyButton(record.el);
      if (button?.contains(e.target)) this.lastReplyClicked = record.el;
    }, true);
    const remember = (e) => {
      const editor = this.adapter.editorOf(e.target);
      if (!editor) return;
      this.lastEditor = editor;
      rememberCaret(editor);
    };
    for (const type of ['keyup', 'mouseup', 'input', 'focusin']) this.doc.addEventListener(type, remember, true);
    // Rich editors (Facebook's Lexical) insert a paste, a drop or some keystrokes themselves,
    // the browser's default prevented: no `input` event follows. Tell the features once the
    // site's own handler has run.
    const handledBySite = (e) => {
      const editor = this.adapter.editorOf(e.target);
      if (editor) setTimeout(() => { if (e.defaultPrevented) this.emit('editor-input', { editor, how: 'site' }); }, 0);
    };
    for (const type of ['beforeinput', 'paste', 'drop']) this.doc.addEventListener(type, handledBySite, true);
    // Typing in a comment box the adapter does not know: the draft hints cannot work.
    this.doc.addEventListener('input', (e) => {
      if (this.adapter.editorOf(e.target)) return;
      const box = editableRoot(e.target);
      if (!box || box.closest('[data-otklik-host]') || !looksLikeCommentBox(box)) return;
      this.setHealth('miss', 'editor');
    }, true);
  }

  /** Judge the page's health after a quiet moment (comments arrive in bursts). */
  scheduleHealth() {
    if (this.healthTimer) clearTimeout(this.healthTimer);
    this.healthTimer = setTimeout(() => {
      this.healthTimer = null;
      this.track('otklik:health', () => this.checkHealth());
    }, HEALTH_DELAY_MS);
  }

  checkHealth() {
    // (Judged after every batch: the first comment on the page decides, not a list of all.)
    for (const r of this.records.values()) if (r.el.isConnected) return this.setHealth('ok', null);
    if (this.health.reason === 'editor') return this.health;
    const hint = this.adapter.selectors.commentHint;
    const shown = looksLikeComments(this.doc, hint) || Boolean(this.adapter.commentsShown?.(this.doc));
    if (shown && this.stillLoading()) {
      this.scheduleHealth();
      return this.health;
    }
    return shown ? this.setHealth('miss', 'comments') : this.setHealth('empty', null);
  }

  /** Does the page show the site's loading placeholders (within the grace since first seen)? */
  stillLoading() {
    const loading = this.adapter.selectors.loading;
    if (!loading || !this.doc.querySelector(loading)) return false;
    this.loadingSince ??= this.clock();
    return this.clock() - this.loadingSince < LOADING_GRACE_MS;
  }

  setHealth(state, reason) {
    const was = this.health;
    if (was.state === state && was.reason === reason) return was;
    if (state === 'ok' && was.reason === 'editor') return was; // the box stays unknown
    this.health = { state, reason };
    const kind = this.adapter.pageKind?.(this.doc.location, this.doc) ?? 'page';
    const firstMiss = state === 'miss' && !this.reported.has(reason);
    if (firstMiss) this.reported.add(reason);
    // The worker keeps the tab's state for the popup and counts a miss once per page.
    this.send(MessageCStoBG.PAGE_HEALTH, {
      platform: this.adapter.id, page_kind: kind, state, reason, count: firstMiss,
    }).catch(() => {});
    this.emit('health', this.health);
    return this.health;
  }

  /** Insert text at the caret of a reply box; features hear 'editor-input' after it. */
  insert(editor, text) {
    const how = insertText(editor, text);
    this.emit('editor-input', { editor, how });
    return how;
  }

  /**
   * Ask the worker (and through it the companion) about comments without an analysis;
   * each batch is drawn and its badges placed when its answer comes. Returns the records
   * asked about (at once: the answers come later).
   */
  analyze(records) {
    // (`asking`: the text a request on its way was sent with. A comment re-rendered while
    // its answer is on the way is not asked about again for the same words.)
    const todo = records.filter((r) => !r.team && !r.analysis && r.text && r.asking !== r.text);
    for (const r of todo) r.asking = r.text;
    for (const part of chunks(todo, ANALYZE_BATCH)) this.analyzePart(part);
    return new Set(todo);
  }

  async analyzePart(part) {
    let answer;
    const texts = part.map((r) => r.text); // the words asked about
    this.analysing += 1;
    try {
      answer = await this.send(MessageCStoBG.ANALYZE, {
        platform: this.adapter.id,
        lang: this.lang,
        comments: part.map((r, i) => ({
          id: r.id,
          text: texts[i],
          ...(r.authorId ? { author: r.authorId } : {}),
          ...(r.postedAt ? { posted_at: r.postedAt.toISOString() } : {}),
        })),
      });
    } catch (err) {
      answer = { error: { code: 'extension', message: String(err?.message ?? err) } };
    } finally {
      this.analysing -= 1;
    }
    this.track('otklik:analysis', () => {
      const results = answer?.results ?? {};
      const current = [];
      part.forEach((r, i) => {
        if (r.asking === texts[i]) r.asking = null;
        // The site changed the text while this answer was on its way (an edit, «Показать
        // полностью» expanded): it judges the old words. The request for the new ones
        // decides, whichever comes back first; this one is never drawn.
        if (r.text !== texts[i]) return;
        current.push(r);
        if (results[r.id]) r.analysis = results[r.id];
        else r.analysisError = answer?.error ?? { code: 'missing' };
      });
      this.emit('analysis', current);
      this.place(part);
    });
  }

  /** Start watching the page for comments added later (scroll, «показать ещё», replies). */
  start() {
    this.watchOperator();
    // The site's theme first, so the first badges are made in it; then followed live.
    this.unwatchTheme = watchTheme(
      this.doc,
      (doc) => (this.adapter.theme ? this.adapter.theme(doc) : backgroundTheme(doc)),
      (theme) => {
        this.overlay.setTheme(theme);
        // For the operator's dev tools and the e2e checks: which theme otklik follows.
        this.doc.documentElement.dataset.otklikTheme = theme;
      },
      { attributes: this.adapter.themeAttributes, track: (name, fn) => this.track(name, fn) },
    );
    this.scan();
    const MO = this.doc.defaultView.MutationObserver;
    this.observer = new MO((mutations) => this.track('otklik:mutations', () => this.noteMutations(mutations)));
    this.observer.observe(this.doc.body, OBSERVED);
    this.timers.push(setInterval(() => this.emit('tick', this.now()), TICK_MS));
    this.scheduleHealth();
    // In-app navigation (another post in the same tab): judge the new page afresh.
    let href = this.doc.location?.href;
    this.timers.push(setInterval(() => {
      if (this.doc.location?.href === href) return;
      href = this.doc.location.href;
      this.reported.clear();
      this.health = { state: 'unknown', reason: null };
      this.loadingSince = undefined;
      this.scheduleHealth();
      this.emit('navigated', href);
    }, 1000));
    this.emit('started', this);
  }

  /**
   * Comments whose overlay the site removed while re-rendering their insides, comments
   * not readable before that grew since, and known comments whose text the site changed
   * in place: all sit above an added node or a rewritten text. `checked`: the records
   * read again in this batch (each once, however many of its nodes changed).
   */
  around(root, now = this.now(), checked = new Set()) {
    const sel = this.adapter.selectors.comment;
    const up = root.parentElement?.closest(sel);
    if (!up) return [];
    if (!up.hasAttribute(SEEN_ATTR)) {
      const found = this.find(up, now);
      for (const r of found) checked.add(r);
      return found;
    }
    const record = this.byElement.get(up);
    if (!record) return [];
    if (!this.overlay.lost(up)) {
      // The badge is in place but the insides changed: a long text cut with «Показать
      // полностью…»/"Show more" and expanded in place kept its cut text in the record (the
      // tone judged and the panel listing it without its end). Read the comment again,
      // once per batch, never for the operator's draft in a reply box inside it; a text
      // that changed is analysed again on the same record and badge.
      if (checked.has(record) || root.parentElement.isContentEditable) return [];
      // Only a change at the comment's text can change its text: a site clock rewriting
      // «5 минут назад» in every comment each minute, a like counter, a reply form opened
      // inside it read nothing (the adapter knows where its text is; a full read costs a
      // dozen queries, and hundreds of comments tick at once).
      if (this.adapter.touchesText && !this.adapter.touchesText(up, root)) return [];
      checked.add(record);
      const info = this.adapter.read(up, now);
      // Deleted in place with the badge left where it was (only the text and the date
      // rewritten): gone, as below.
      if (!info) return this.forget(up, record);
      return info.id === record.id && info.text && this.retext(record, info.text) ? [record] : [];
    }
    // The site rewrote the comment's insides. A comment deleted in place (VK keeps the
    // block and writes «Комментарий удалён. Восстановить» in it) no longer reads as one:
    // its node names nothing now, as a removed node (the record keeps its marks), so it
    // leaves the unanswered panel; restored, the block is found again by its id.
    const info = this.adapter.read(up, now);
    if (!info) return this.forget(up, record);
    // (Rewritten insides may hold another text too: analysed again if so.)
    if (info.id === record.id && info.text) this.retext(record, info.text);
    return [record];
  }

  /** A comment node that no longer reads as one (deleted in place): it names nothing now. */
  forget(up, record) {
    up.removeAttribute(SEEN_ATTR);
    up.removeAttribute(ID_ATTR);
    this.byElement.delete(up);
    this.overlay.drop(up);
    record.el = this.doc.createElement(up.localName);
    this.emit('gone', record);
    return [];
  }

  /** A record's text as the site shows it now; a changed text loses its old analysis (true). */
  retext(record, text) {
    if (text === record.text) return false;
    // «Свернуть»/"See less" cuts an expanded text back to its start and «…»: the same
    // comment shown shorter, whose whole text was read and judged — kept, not analysed
    // again as the cut one. (An edit that shortens a text ends without «…»: read.)
    if (record.text && cutOf(text, record.text)) return false;
    record.text = text;
    record.analysis = null;
    record.analysisError = null;
    return true;
  }

  // Many mutations arrive per site update: scan them once, in the next frame.
  scheduleScan() {
    if (this.flushScheduled || (!this.pendingRoots.size && !this.pendingTexts.size)) return;
    this.flushScheduled = true;
    const run = () => this.track('otklik:flush', () => {
      this.flushScheduled = false;
      const roots = [...this.pendingRoots].filter((n) => n.isConnected);
      const texts = [...this.pendingTexts].filter((n) => n.isConnected);
      this.pendingRoots.clear();
      this.pendingTexts.clear();
      const fresh = new Set();
      // One moment for the whole batch: its comments were found together (and a time the
      // site prints is read once per moment).
      const now = this.now();
      const checked = new Set();
      for (const root of roots) {
        // (Found in this batch: just read, never read again for a text put in them in the
        // same frame — React fills a block's text after mounting it.)
        for (const r of this.find(root, now)) {
          fresh.add(r);
          checked.add(r);
        }
        for (const r of this.around(root, now, checked)) fresh.add(r);
      }
      for (const text of texts) for (const r of this.around(text, now, checked)) fresh.add(r);
      this.announce([...fresh]);
      this.emit('mutations', roots);
      if (roots.length && !fresh.size && this.health.state !== 'ok') this.scheduleHealth();
    });
    const raf = this.doc.defaultView.requestAnimationFrame;
    if (raf && !this.doc.hidden) raf(run);
    else setTimeout(run, 16);
  }

  stop() {
    this.stopped = true;
    this.observer?.disconnect();
    this.unwatchTheme?.();
    for (const t of this.timers) clearInterval(t);
    if (this.healthTimer) clearTimeout(this.healthTimer);
  }
}
