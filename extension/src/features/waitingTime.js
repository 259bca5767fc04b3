// Per comment: how long it has waited for an answer, against the team's target.
import { t } from '../core/i18n.js';
import { formatWait, timeAhead, waitLevel } from '../core/time.js';
import { waitedMs } from '../core/workHours.js';
import { targetMinutesOf } from '../core/settings.js';

/** {text, level, title?} or null (answered, or no posting time). Pure. `team`: the companion's
 * settings; with a schedule the wait counts working hours only. */
export function waitView(postedAt, now, handled, targetMinutes, lang, team = null) {
  if (handled || !postedAt) return null;
  // A time ahead of the clock (another time zone): say the wait is unknown, never «<1 мин».
  if (timeAhead(postedAt, now)) return { text: `${t(lang, 'waited')} ${t(lang, 'wait_ahead')}`, level: 'unknown', title: t(lang, 'wait_ahead_title') };
  const ms = waitedMs(postedAt, now, team);
  return { text: `${t(lang, 'waited')} ${formatWait(ms, lang)}`, level: waitLevel(ms, targetMinutes) };
}

function render(page, record, now) {
  if (record.team) return;
  const s = page.settings;
  const view = waitView(record.postedAt, now, record.handled, targetMinutesOf(s), page.lang, s.team);
  page.overlay.show(record.el, 'wait', view ? view.text : '', view ? { 'data-level': view.level, title: view.title ?? null } : {});
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
