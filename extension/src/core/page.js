// The small core every feature registers with: it finds comments (once, then as the
// page adds them), keeps one record per comment id, asks the worker for analyses in
// batches, and passes events between features. A feature never calls another one;
// it reads records and listens to events here.
import { MessageCStoBG } from '../messages.js';
import { chunks } from './batch.js';
import { Overlay } from './overlay.js';
import { insertText, rememberCaret } from './insert.js';

export const SEEN_ATTR = 'data-otklik-seen';
const ANALYZE_BATCH = 500; // the companion's limit per POST /analyze
const TICK_MS = 30_000;

export class Page {
  /**
   * doc: the document; adapter: a site adapter; settings: merged settings;
   * send(type, payload) → Promise of the worker's answer; now() → Date.
   */
  constructor({ doc, adapter, settings, send, now = () => new Date() }) {
    this.doc = doc;
    this.adapter = adapter;
    this.settings = settings;
    this.send = send;
    this.now = now;
    this.records = new Map(); // comment id → record
    this.byElement = new WeakMap(); // comment element → record
    this.listeners = new Map();
    this.overlay = new Overlay(doc, adapter);
    this.draftResults = new WeakMap(); // editor → {text, result}: the draft watcher's last check
    this.connection = 'unknown';
    this.observer = null;
    this.pendingRoots = new Set();
    this.flushScheduled = false;
    this.timers = [];
    this.lastReplyClicked = null; // the comment whose «Ответить» was clicked last
    this.lastEditor = null;
  }

  get lang() {
    return this.settings.lang === 'en' ? 'en' : 'ru';
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
  }

  emit(event, payload) {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        fn(payload);
      } catch (err) {
        // One broken feature must not take the others down with it.
        console.error(`otklik: ${event} listener failed`, err);
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
    this.emit('comments', fresh);
    this.analyze(fresh);
  }

  /** New records for the comments under `root` not marked seen yet. */
  find(root) {
    if (!root) return [];
    const now = this.now();
    const fresh = [];
    for (const el of this.adapter.findComments(root)) {
      if (el.hasAttribute(SEEN_ATTR)) continue;
      el.setAttribute(SEEN_ATTR, '');
      const info = this.adapter.read(el, now);
      if (!info) continue;
      const known = this.records.get(info.id);
      if (known) {
        // The site re-rendered a comment we know: keep what we learned, follow the node.
        known.el = el;
        this.byElement.set(el, known);
        fresh.push(known);
        continue;
      }
      const record = { ...info, el, analysis: null, analysisError: null, handled: null, foundAt: now };
      this.records.set(info.id, record);
      this.byElement.set(el, record);
      fresh.push(record);
    }
    return fresh;
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
    const sel = this.adapter.selectors;
    this.doc.addEventListener('click', (e) => {
      const button = e.target.closest?.(sel.replyButton);
      const record = button && this.recordOf(button);
      if (record && this.adapter.replyButton(record.el) === button) this.lastReplyClicked = record.el;
    }, true);
    const remember = (e) => {
      const editor = this.adapter.editorOf(e.target);
      if (!editor) return;
      this.lastEditor = editor;
      rememberCaret(editor);
    };
    for (const type of ['keyup', 'mouseup', 'input', 'focusin']) this.doc.addEventListener(type, remember, true);
  }

  /** Insert text at the caret of a reply box; features hear 'editor-input' after it. */
  insert(editor, text) {
    const how = insertText(editor, text);
    this.emit('editor-input', { editor, how });
    return how;
  }

  /** Ask the worker (and through it the companion) about comments without an analysis. */
  async analyze(records) {
    const todo = records.filter((r) => !r.team && !r.analysis && r.text);
    for (const part of chunks(todo, ANALYZE_BATCH)) {
      let answer;
      try {
        answer = await this.send(MessageCStoBG.ANALYZE, {
          platform: this.adapter.id,
          lang: this.lang,
          comments: part.map((r) => ({
            id: r.id,
            text: r.text,
            ...(r.authorId ? { author: r.authorId } : {}),
            ...(r.postedAt ? { posted_at: r.postedAt.toISOString() } : {}),
          })),
        });
      } catch (err) {
        answer = { error: { code: 'extension', message: String(err?.message ?? err) } };
      }
      const results = answer?.results ?? {};
      for (const r of part) {
        if (results[r.id]) r.analysis = results[r.id];
        else r.analysisError = answer?.error ?? { code: 'missing' };
      }
      this.emit('analysis', part);
    }
  }

  /** Start watching the page for comments added later (scroll, «показать ещё», replies). */
  start() {
    this.watchOperator();
    this.scan();
    const MO = this.doc.defaultView.MutationObserver;
    this.observer = new MO((mutations) => {
      for (const m of mutations) {
        for (const node of m.addedNodes) {
          if (node.nodeType !== 1 || node.hasAttribute('data-otklik-host')) continue;
          this.pendingRoots.add(node);
        }
      }
      this.scheduleScan();
    });
    this.observer.observe(this.doc.body, { childList: true, subtree: true });
    this.timers.push(setInterval(() => this.emit('tick', this.now()), TICK_MS));
    this.emit('started', this);
  }

  // Many mutations arrive per site update: scan them once, in the next frame.
  scheduleScan() {
    if (this.flushScheduled || !this.pendingRoots.size) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      const roots = [...this.pendingRoots].filter((n) => n.isConnected);
      this.pendingRoots.clear();
      const fresh = [];
      for (const root of roots) fresh.push(...this.find(root));
      this.announce(fresh);
      this.emit('mutations', roots);
    };
    const raf = this.doc.defaultView.requestAnimationFrame;
    if (raf && !this.doc.hidden) raf(run);
    else setTimeout(run, 16);
  }

  stop() {
    this.observer?.disconnect();
    for (const t of this.timers) clearInterval(t);
  }
}
