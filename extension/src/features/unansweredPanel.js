// A compact panel of the page's unanswered comments by priority (negative and
// aggressor first, then the longest waiting), with the team's target in sight.
import { t } from '../core/i18n.js';
import { formatWait, waitLevel } from '../core/time.js';
import { topUnanswered, urgency } from '../core/priority.js';
import { targetMinutesOf } from '../core/settings.js';

const SHOWN = 8;
const BURST_MS = 50;
const WAIT_FOR_ANALYSIS_MS = 1000;
const FLASH_MS = 2500; // how long a comment chosen in the panel stays lit

/**
 * What the panel shows, as a string, less the count of unanswered comments: when it has
 * not changed, nothing is redrawn (a scroll that loads comments mostly changes the count
 * alone, and that is two texts).
 */
function viewKey(page, state, { count, top }, target) {
  const items = top.map((item) => [
    item.id, item.authorName, item.text, urgency(item.analysis), item.claim?.operator ?? null,
    item.waitedMs === null ? null : formatWait(item.waitedMs, page.lang),
    item.waitedMs === null ? null : waitLevel(item.waitedMs, target),
  ]);
  return JSON.stringify([
    page.lang, state.collapsed, page.connection, page.health, target, count > 0, count > SHOWN, items,
  ]);
}

function countText(page, count) {
  return `${t(page.lang, 'panel_title')}: ${count}`;
}

function render(page, state) {
  const doc = page.doc;
  const now = page.now();
  // Only comments on the page now: records of a post the operator navigated away from stay
  // known (their ids do not change) but are not listed.
  const { count, top } = topUnanswered(page.shown(), now, page.settings.team, SHOWN);
  const target = targetMinutesOf(page.settings);
  // The host is kept (a query of the whole page each time costs more than the drawing).
  if (!state.host?.host.isConnected) {
    state.host = page.overlay.floating('panel');
    state.key = null;
  }
  const key = viewKey(page, state, { count, top }, target);
  if (key === state.key) {
    if (count === state.count) return;
    state.count = count;
    state.title.textContent = countText(page, count);
    if (state.foot) state.foot.textContent = t(page.lang, 'panel_more', count - SHOWN);
    return;
  }
  state.key = key;
  state.count = count;
  state.foot = null;
  const { root } = state.host;
  let panel = root.querySelector('.otklik-panel');
  if (!panel) {
    panel = doc.createElement('section');
    panel.className = 'otklik-panel';
    root.appendChild(panel);
  }
  panel.dataset.collapsed = String(state.collapsed);
  panel.replaceChildren();
  const head = doc.createElement('button');
  head.type = 'button';
  head.className = 'otklik-panel-head';
  head.title = t(page.lang, 'panel_toggle');
  head.setAttribute('aria-expanded', String(!state.collapsed));
  const title = doc.createElement('span');
  title.className = 'otklik-count';
  title.textContent = countText(page, count);
  state.title = title;
  const tg = doc.createElement('span');
  tg.className = 'otklik-target';
  tg.textContent = t(page.lang, 'panel_target', target);
  head.append(title, tg);
  head.addEventListener('click', () => {
    state.collapsed = !state.collapsed;
    render(page, state);
  });
  panel.appendChild(head);
  if (page.connection === 'offline') {
    const off = doc.createElement('div');
    off.className = 'otklik-offline';
    off.textContent = t(page.lang, 'offline');
    panel.appendChild(off);
  }
  panel.dataset.health = page.health.state;
  if (page.health.state === 'miss' && !count) {
    // Never «all answered» on a page whose comments could not be read.
    const miss = doc.createElement('div');
    miss.className = 'otklik-health';
    miss.setAttribute('role', 'alert');
    const head = doc.createElement('strong');
    head.textContent = t(page.lang, page.health.reason === 'editor' ? 'health_editor' : 'health_miss');
    const what = doc.createElement('div');
    what.textContent = t(page.lang, 'health_what');
    miss.append(head, what);
    panel.appendChild(miss);
    return;
  }
  if (!count) {
    if (page.health.state === 'unknown') return; // not judged yet: say nothing rather than «all answered»
    const empty = doc.createElement('div');
    empty.className = 'otklik-panel-empty';
    empty.textContent = t(page.lang, 'panel_empty');
    panel.appendChild(empty);
    return;
  }
  const ol = doc.createElement('ol');
  for (const item of top) {
    const li = doc.createElement('li');
    li.dataset.commentId = item.id;
    const b = doc.createElement('button');
    b.type = 'button';
    const dot = doc.createElement('span');
    dot.className = 'otklik-dot';
    dot.dataset.urgent = String(urgency(item.analysis) === 0);
    const text = doc.createElement('span');
    text.className = 'otklik-item-text';
    // A sticker or a photo alone waits for an answer too: say what it is, not «Имя: ».
    text.textContent = `${item.authorName ?? ''}: ${item.text || t(page.lang, 'panel_no_text')}`;
    const wait = doc.createElement('span');
    wait.className = 'otklik-item-wait';
    if (item.waitedMs !== null) {
      wait.textContent = formatWait(item.waitedMs, page.lang);
      wait.dataset.level = waitLevel(item.waitedMs, target);
    }
    b.append(dot, text, wait);
    if (item.claim?.operator) {
      // A colleague is on it: listed last, and saying who.
      li.dataset.claimed = 'true';
      const who = doc.createElement('span');
      who.className = 'otklik-item-claim';
      who.textContent = t(page.lang, 'claimed_by', item.claim.operator);
      b.append(who);
    }
    b.addEventListener('click', () => {
      const el = page.records.get(item.id)?.el;
      if (!el?.isConnected) return;
      el.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      // Among look-alike comments of a long thread, show which one: its badge lights up.
      const box = page.overlay.badge(el).box;
      box.dataset.flash = 'true';
      setTimeout(() => delete box.dataset.flash, FLASH_MS);
    });
    li.appendChild(b);
    ol.appendChild(li);
  }
  panel.appendChild(ol);
  if (count > SHOWN) {
    const foot = doc.createElement('div');
    foot.className = 'otklik-panel-foot';
    foot.textContent = t(page.lang, 'panel_more', count - SHOWN);
    panel.appendChild(foot);
    state.foot = foot;
  }
}

const overlaps = (a, b) => a.width > 0 && b.width > 0 &&
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Keep the panel off the reply box the operator types in (and off the draft hints under
 * it): on a laptop's 1024×600 or a phone-size window the fixed corner is where composers
 * end and their send button sits. The panel moves to the other bottom corner; where that
 * covers the box too, it steps away until the operator leaves the box. Reads a few
 * rectangles on focus and after a draft check, never per keystroke.
 */
function avoid(page, state, editor) {
  const host = state.host?.host;
  if (!host?.isConnected) return;
  const home = page.adapter.panelSide ?? 'right';
  const box = page.adapter.draftAnchor?.(editor) ?? editor;
  const zones = [editor.getBoundingClientRect(), box.getBoundingClientRect()];
  const hints = box.nextElementSibling;
  if (hints?.hasAttribute?.('data-otklik-host')) zones.push(hints.getBoundingClientRect());
  const clear = () => !zones.some((z) => overlaps(host.getBoundingClientRect(), z));
  comeBack(page, state);
  if (clear()) return;
  host.dataset.side = home === 'right' ? 'left' : 'right';
  if (clear()) return;
  host.dataset.side = home;
  host.dataset.away = 'true';
}

function comeBack(page, state) {
  const host = state.host?.host;
  if (!host) return;
  host.removeAttribute('data-away');
  host.dataset.side = page.adapter.panelSide ?? 'right';
}

export const unansweredPanel = {
  name: 'unanswered-panel',
  init(page) {
    const state = { collapsed: false, timer: null, host: null, key: null, since: 0, count: 0, title: null, foot: null };
    // Out of the way of the reply box being typed in (avoid), back when the operator is no
    // longer in it — however they left: focus elsewhere, the box removed after sending or by
    // the site's navigation (no focusout then in Firefox), another post opened.
    let avoiding = null; // the box the panel stepped off for
    const step = (editor) => {
      if (!editor?.isConnected) return;
      avoiding = editor;
      page.track('otklik:panel-avoid', () => avoid(page, state, editor));
    };
    const check = () => {
      if (!avoiding) return;
      const active = page.doc.activeElement;
      if (avoiding.isConnected && (page.adapter.editorOf(active) === avoiding || active?.closest?.('[data-otklik-host]'))) return;
      avoiding = null;
      comeBack(page, state);
    };
    page.doc.addEventListener('focusin', (e) => {
      const editor = page.adapter.editorOf(e.target);
      if (editor) step(editor);
      // (Into our own hosts — a phrasing, the coach — the operator is still replying.)
      else if (!e.target?.closest?.('[data-otklik-host]')) check();
    }, true);
    // Focus may go nowhere (a click on the page's background): judged once it has moved.
    page.doc.addEventListener('focusout', () => setTimeout(check, 0), true);
    for (const ev of ['mutations', 'tick', 'navigated', 'reply-sent']) page.on(ev, check);
    page.on('draft-checked', ({ editor }) => {
      if (editor && page.doc.activeElement && page.adapter.editorOf(page.doc.activeElement) === editor) step(editor);
    });
    // Comments, analyses and handled marks arrive in bursts: draw once after a burst.
    // New comments are followed by their analysis (which reorders the list): while it is
    // on its way, wait for it, up to WAIT_FOR_ANALYSIS_MS, rather than draw twice.
    const draw = () => {
      state.timer = null;
      const drawn = state.key !== null; // the first drawing does not wait
      if (drawn && page.analysing > 0 && Date.now() - state.since < WAIT_FOR_ANALYSIS_MS) {
        state.timer = setTimeout(draw, BURST_MS);
        return;
      }
      page.track('otklik:panel', () => render(page, state));
    };
    const soon = () => {
      if (state.timer) return;
      state.since = Date.now();
      state.timer = setTimeout(draw, BURST_MS);
    };
    // ('gone': a comment deleted in place left the page while its block stayed.)
    for (const ev of ['comments', 'gone', 'handled', 'tick', 'settings', 'connection', 'started', 'health', 'navigated', 'claimed']) page.on(ev, soon);
    // The last analysis on its way came: draw now, in the task that places its badges, so
    // the page lays out and paints once for both, not again a frame later.
    page.on('analysis', () => {
      if (page.analysing > 0) return soon();
      clearTimeout(state.timer);
      state.timer = null;
      page.track('otklik:panel', () => render(page, state));
    });
  },
};
