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
  const st = await ext.runtime.sendMessage({ type: MessageUItoBG.STATUS });
  const stateEl = document.getElementById('state');
  stateEl.dataset.state = st?.state ?? 'unknown';
  let text = pageText(lang, `state_${st?.state ?? 'unknown'}`);
  if (st && !st.paired && st.reason) text += ` — ${pageText(lang, `pair_${st.reason}`) || st.reason}`;
  stateEl.textContent = text;
  const w = document.getElementById('waiting');
  w.textContent = pageText(lang, 'waiting', st?.waiting ?? '?');
  w.dataset.count = String(st?.waiting ?? '');
  const r = document.getElementById('rejected');
  r.hidden = !st?.rejected;
  r.textContent = pageText(lang, 'rejected', st?.rejected ?? 0);
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
