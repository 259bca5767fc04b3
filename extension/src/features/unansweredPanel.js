// A compact panel of the page's unanswered comments by priority (negative and
// aggressor first, then the longest waiting), with the team's target in sight.
import { t } from '../core/i18n.js';
import { formatWait, waitLevel } from '../core/time.js';
import { rankUnanswered, urgency } from '../core/priority.js';
import { targetMinutesOf } from '../core/settings.js';

const SHOWN = 8;

function render(page, state) {
  const doc = page.doc;
  const { root } = page.overlay.floating('panel');
  const now = page.now();
  const ranked = rankUnanswered([...page.records.values()], now, page.settings.team);
  const target = targetMinutesOf(page.settings);
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
  title.textContent = `${t(page.lang, 'panel_title')}: ${ranked.length}`;
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
  if (!ranked.length) {
    const empty = doc.createElement('div');
    empty.className = 'otklik-panel-empty';
    empty.textContent = t(page.lang, 'panel_empty');
    panel.appendChild(empty);
    return;
  }
  const ol = doc.createElement('ol');
  for (const item of ranked.slice(0, SHOWN)) {
    const li = doc.createElement('li');
    li.dataset.commentId = item.id;
    const b = doc.createElement('button');
    b.type = 'button';
    const dot = doc.createElement('span');
    dot.className = 'otklik-dot';
    dot.dataset.urgent = String(urgency(item.analysis) === 0);
    const text = doc.createElement('span');
    text.className = 'otklik-item-text';
    text.textContent = `${item.authorName ?? ''}: ${item.text}`;
    const wait = doc.createElement('span');
    wait.className = 'otklik-item-wait';
    if (item.waitedMs !== null) {
      wait.textContent = formatWait(item.waitedMs, page.lang);
      wait.dataset.level = waitLevel(item.waitedMs, target);
    }
    b.append(dot, text, wait);
    b.addEventListener('click', () => {
      const el = page.records.get(item.id)?.el;
      el?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    });
    li.appendChild(b);
    ol.appendChild(li);
  }
  panel.appendChild(ol);
  if (ranked.length > SHOWN) {
    const foot = doc.createElement('div');
    foot.className = 'otklik-panel-foot';
    foot.textContent = t(page.lang, 'panel_more', ranked.length - SHOWN);
    panel.appendChild(foot);
  }
}

export const unansweredPanel = {
  name: 'unanswered-panel',
  init(page) {
    const state = { collapsed: false, timer: null };
    // Comments, analyses and handled marks arrive in bursts: draw once after a burst.
    const soon = () => {
      if (state.timer) return;
      state.timer = setTimeout(() => {
        state.timer = null;
        render(page, state);
      }, 50);
    };
    for (const ev of ['comments', 'analysis', 'handled', 'tick', 'settings', 'connection', 'started']) page.on(ev, soon);
  },
};
