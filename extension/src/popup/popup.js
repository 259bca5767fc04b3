// The toolbar popup: is the companion connected, how many events wait to be sent.
import { ext } from '../compat.js';
import { MessageUItoBG } from '../messages.js';
import { loadSettings } from '../core/settings.js';
import { pageText } from '../ui/strings.js';

async function refresh() {
  const s = await loadSettings(ext.storage.local);
  const lang = s.lang;
  document.documentElement.lang = lang;
  document.getElementById('options').textContent = pageText(lang, 'openOptions');
  // The active tab, for its page health (tabs.query gives ids without the tabs permission).
  // Opened as a page of its own (from the options or a bookmark), it tells about the tab
  // the operator used last instead of itself.
  let tabId = null;
  try {
    const me = await ext.tabs.getCurrent?.();
    if (me) {
      const tabs = (await ext.tabs.query({ lastFocusedWindow: true })).filter((t) => t.id !== me.id);
      tabId = tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0]?.id ?? null;
    } else {
      const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
      tabId = tab?.id ?? null;
    }
  } catch {
    tabId = null;
  }
  const st = await ext.runtime.sendMessage({ type: MessageUItoBG.STATUS, tabId });
  const stateEl = document.getElementById('state');
  // The companion answering is no connection yet: an unpaired extension (or a rotated
  // token) gets an amber dot and «Подключить», not a green «подключён».
  const unpaired = st?.state === 'online' && !st.paired && st.reason === 'bad_token';
  const state = unpaired ? 'unpaired' : st?.state ?? 'unknown';
  stateEl.dataset.state = state;
  let text = pageText(lang, `state_${state}`);
  if (st && !st.paired && st.reason) text += ` — ${pageText(lang, `pair_${st.reason}`) || st.reason}`;
  stateEl.textContent = text;
  // Team mode: the companion answers but cannot reach the team's PostgreSQL.
  const store = document.getElementById('store');
  store.hidden = st?.store?.ok !== false;
  store.textContent = store.hidden ? '' : `${pageText(lang, 'storeDown')}${st.store.reason ? `: ${st.store.reason}` : ''}`;
  const w = document.getElementById('waiting');
  w.textContent = pageText(lang, 'waiting', st?.waiting ?? '?');
  w.dataset.count = String(st?.waiting ?? '');
  const r = document.getElementById('rejected');
  r.hidden = !st?.rejected;
  r.textContent = pageText(lang, 'rejected', st?.rejected ?? 0);
  const health = document.getElementById('health');
  const miss = st?.health?.state === 'miss';
  health.hidden = !miss;
  health.dataset.state = st?.health?.state ?? 'unknown';
  health.textContent = miss
    ? `${pageText(lang, st.health.reason === 'editor' ? 'health_editor' : 'health_miss')}. ${pageText(lang, 'health_what')}`
    : '';
  // Each set-aside event with the companion's reason (textContent: never markup).
  const list = document.getElementById('rejected-list');
  list.replaceChildren(
    ...(st?.rejectedLatest ?? []).map((x) => {
      const li = document.createElement('li');
      li.textContent = `${x.type} ${x.comment}: ${x.reason}`;
      li.title = x.at;
      return li;
    }),
  );
  list.hidden = !list.children.length;
  const op = document.getElementById('operator');
  op.hidden = Boolean(s.operator);
  op.textContent = pageText(lang, 'noOperator');
}

document.getElementById('options').addEventListener('click', () => ext.runtime.openOptionsPage());
refresh();
