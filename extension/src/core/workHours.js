// Waiting time in the team's working hours, from the settings the companion serves
// (GET /api/v1/settings: time zone, the week's hours, dates with other hours: holidays,
// shortened days, the trainer's own). The same rule as the dashboard's
// (companion/dashboard/stats.py Schedule): both instants become the team's wall-clock
// time and only the minutes inside working hours count. Pure: no clock, no storage.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MAX_DAYS = 400;

const formatters = new Map();

function formatter(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The team's wall-clock time of an instant, as milliseconds of a UTC-like epoch. */
export function wallMs(instant, timeZone) {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall + (((ms % 1000) + 1000) % 1000);
}

function minutes(hhmm) {
  const [h, m] = String(hhmm).split(':').map(Number);
  return h * 60 + (m || 0);
}

function hoursOn(dayMs, team) {
  const key = new Date(dayMs).toISOString().slice(0, 10);
  const spans = team.days && key in team.days ? team.days[key] : team.week?.[WEEKDAYS[(new Date(dayMs).getUTCDay() + 6) % 7]];
  return (spans ?? []).map(([a, b]) => [minutes(a), minutes(b)]);
}

/** Does the team count waiting time by its working hours? */
export function usesWorkingHours(team) {
  return Boolean(team && team.sla_working_hours && team.timezone && team.week);
}

/**
 * Milliseconds of working time between two instants (Dates or ms) for `team`
 * ({timezone, week: {mon: [["09:00","18:00"]]}, days: {"2026-11-04": []}}); 0 when
 * end is before start. Dates beyond `team.days` use the week's hours.
 */
export function workMsBetween(start, end, team) {
  const a = wallMs(start, team.timezone);
  const b = wallMs(end, team.timezone);
  if (!(b > a)) return 0;
  let total = 0;
  const first = Math.floor(a / DAY) * DAY;
  for (let day = first, n = 0; day < b && n < MAX_DAYS; day += DAY, n += 1) {
    for (const [from, to] of hoursOn(day, team)) {
      const lo = Math.max(a, day + from * MINUTE);
      const hi = Math.min(b, day + to * MINUTE);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** How long a comment posted at `postedAt` has waited by `now`: working time when the
 * team works by a schedule, wall-clock time otherwise. */
export function waitedMs(postedAt, now, team) {
  if (usesWorkingHours(team)) return workMsBetween(postedAt, now, team);
  return Math.max(0, now.getTime() - postedAt.getTime());
}
