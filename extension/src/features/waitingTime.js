// Per comment: how long it has waited for an answer, against the team's target.
import { t } from '../core/i18n.js';
import { formatWait, waitLevel } from '../core/time.js';

/** {text, level} or null (answered, or no posting time). Pure. */
export function waitView(postedAt, now, handled, targetMinutes, lang) {
  if (handled || !postedAt) return null;
  const ms = Math.max(0, now.getTime() - postedAt.getTime());
  return { text: `${t(lang, 'waited')} ${formatWait(ms, lang)}`, level: waitLevel(ms, targetMinutes) };
}

function render(page, record, now) {
  if (record.team) return;
  const slot = page.overlay.slot(record.el, 'wait');
  const view = waitView(record.postedAt, now, record.handled, page.settings.targetMinutes, page.lang);
  const text = view ? view.text : '';
  if (slot.textContent !== text) slot.textContent = text;
  if (view && slot.dataset.level !== view.level) slot.dataset.level = view.level;
}

export const waitingTime = {
  name: 'waiting-time',
  init(page) {
    const all = (records) => {
      const now = page.now();
      records.forEach((r) => render(page, r, now));
    };
    page.on('comments', all);
    page.on('handled', all);
    page.on('tick', () => all([...page.records.values()]));
    page.on('settings', () => all([...page.records.values()]));
  },
};
