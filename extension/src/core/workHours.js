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

// Wall-clock times already worked out, per time zone: the unanswered panel and the waiting
// times ask for every shown comment's posting time on each batch and each tick, and one
// formatToParts costs ~10 µs (with a schedule, the panel over 600 comments took ~50 ms).
const walls = new Map(); // time zone → Map(instant ms → wall ms)
const MAX_WALLS = 20_000;

/** The team's wall-clock time of an instant, as milliseconds of a UTC-like epoch. */
export function wallMs(instant, timeZone) {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  let known = walls.get(timeZone);
  if (!known) walls.set(timeZone, (known = new Map()));
  let wall = known.get(ms);
  if (wall === undefined) {
    const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
      + (((ms % 1000) + 1000) % 1000);
    if (known.size >= MAX_WALLS) known.clear();
    known.set(ms, wall);
  }
  return wall;
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
 * end is before start. Dates beyond `team.days` use the week's hours. At most MAX_DAYS
 * days from the start's count.
 */
export function workMsBetween(start, end, team) {
  const a = wallMs(start, team.timezone);
  const b = wallMs(end, team.timezone);
  if (!(b > a)) return 0;
  const first = Math.floor(a / DAY) * DAY;
  const last = Math.floor(b / DAY) * DAY;
  const p = daySums(team, last);
  // (The rare rest day by day: spans past midnight or unreadable, a start too long ago.)
  if (!p.plain || first < p.first) return workByDays(a, b, team);
  const upTo = (x, day) => {
    const i = (day - p.first) / DAY;
    return p.sums[i] + within(x, day, p.spans[i]);
  };
  return upTo(b, last) - upTo(a, first);
}

/** workMsBetween walking day by day, as it did before the sums (the rare cases, tests). */
export function workMsByDays(start, end, team) {
  return workByDays(wallMs(start, team.timezone), wallMs(end, team.timezone), team);
}

/** Working time between two wall-clock times, day by day (MAX_DAYS at most). */
function workByDays(a, b, team) {
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

/** Working time of a day's `spans` before the wall-clock time `x`. */
function within(x, day, spans) {
  let t = 0;
  for (const [from, to] of spans) t += Math.min(Math.max(x - (day + from * MINUTE), 0), Math.max(to - from, 0) * MINUTE);
  return t;
}

// Per team settings object (replaced, never changed, when the companion's settings
// change) and day: the working time before each of the MAX_DAYS days up to that day, so
// that a wait is a difference of two sums, not a walk over every day since the posting.
const sumsByTeam = new WeakMap();

function daySums(team, last) {
  const known = sumsByTeam.get(team);
  if (known?.last === last) return known;
  const first = last - (MAX_DAYS - 1) * DAY;
  const sums = new Float64Array(MAX_DAYS + 1);
  const spans = [];
  let plain = true;
  for (let i = 0; i < MAX_DAYS; i += 1) {
    const day = first + i * DAY;
    const hours = hoursOn(day, team);
    spans.push(hours);
    // Within the day and readable: a later day's sum counts each span whole.
    if (hours.some(([from, to]) => !(from >= 0 && to <= 24 * 60))) plain = false;
    sums[i + 1] = sums[i] + within(day + DAY, day, hours);
  }
  const p = { last, first, sums, spans, plain };
  sumsByTeam.set(team, p);
  return p;
}

/** How long a comment posted at `postedAt` has waited by `now`: working time when the
 * team works by a schedule, wall-clock time otherwise. */
export function waitedMs(postedAt, now, team) {
  if (usesWorkingHours(team)) return workMsBetween(postedAt, now, team);
  return Math.max(0, now.getTime() - postedAt.getTime());
}
