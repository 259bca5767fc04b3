// Reading the times social networks print ("5 минут назад", "вчера в 21:00", "2 ч.")
// into Date objects, and printing how long a comment has waited. Pure: `now` is given.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const NUMBER_WORDS = {
  одну: 1, одна: 1, один: 1, минуту: 1, час: 1, две: 2, два: 2, пару: 2, три: 3, четыре: 4, пять: 5,
  шесть: 6, семь: 7, восемь: 8, девять: 9, десять: 10, a: 1, an: 1, one: 1, two: 2, three: 3,
  four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

const MONTHS = {
  янв: 0, фев: 1, мар: 2, апр: 3, мая: 4, май: 4, июн: 5, июл: 6, авг: 7, сен: 8, окт: 9,
  ноя: 10, дек: 11, jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8,
  oct: 9, nov: 10, dec: 11,
};

// Unit stems of both languages and both networks' short forms ("мин.", "ч", "h").
const UNITS = [
  [/^(сек|с\.?$|s$|sec)/, 1000],
  [/^(мин|m$|min|хв)/, MINUTE],
  [/^(час|ч\.?$|h$|hr|hour|std|stunde)/, HOUR],
  [/^(дн|день|дня|д\.?$|d$|day)/, DAY],
  [/^(нед|н\.?$|w$|wk|week)/, WEEK],
  [/^(мес|mo)/, 30 * DAY],
  [/^(год|лет|г\.?$|y$|yr|year)/, 365 * DAY],
];

function unitMs(word) {
  for (const [re, ms] of UNITS) if (re.test(word)) return ms;
  return null;
}

function clock(text) {
  const m = /(\d{1,2}):(\d{2})\s*(am|pm)?/i.exec(text);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const ampm = m[3]?.toLowerCase();
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return [h, min];
}

function atClock(day, hm) {
  const d = new Date(day);
  d.setHours(hm ? hm[0] : 0, hm ? hm[1] : 0, 0, 0);
  return d;
}

/**
 * A network's printed time → Date, or null when it cannot be read.
 * `unixSeconds` (VK's `time` attribute, Facebook's `data-utime`) wins when present.
 */
export function parseSiteTime(text, now = new Date(), unixSeconds = null) {
  if (unixSeconds !== null && unixSeconds !== undefined && String(unixSeconds).trim() !== '') {
    const n = Number(unixSeconds);
    if (Number.isFinite(n) && n > 0) return new Date(n * 1000);
  }
  if (!text) return null;
  const s = String(text).toLowerCase().replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (/^(только что|сейчас|just now|now)$/.test(s)) return new Date(now);

  const hm = clock(s);
  if (/^(сегодня|today)/.test(s)) return atClock(now, hm);
  if (/^(вчера|yesterday)/.test(s)) return atClock(new Date(now.getTime() - DAY), hm);
  if (/^позавчера/.test(s)) return atClock(new Date(now.getTime() - 2 * DAY), hm);
  if (/^(полчаса назад|half an hour ago)$/.test(s)) return new Date(now.getTime() - 30 * MINUTE);

  // "5 минут назад", "две минуты назад", "час назад", "10 сек. назад", "5 minutes ago",
  // "an hour ago"
  const rel = /^(?:(\d+|[a-zа-яё]+) )?([a-zа-яё]+)\.? (?:назад|ago)$/.exec(s);
  if (rel) {
    const ms = unitMs(rel[2]);
    const n = rel[1] === undefined ? 1 : /^\d+$/.test(rel[1]) ? Number(rel[1]) : NUMBER_WORDS[rel[1]];
    if (ms !== null && n !== undefined) return new Date(now.getTime() - n * ms);
  }
  // The short forms: "5 мин.", "2 ч", "3h", "1 нед.", Ukrainian "35 хв", German "2 Std."
  const compact = /^(\d+)\s*([a-zа-яёіїєґ]+)\.?$/.exec(s);
  if (compact) {
    // A bare «2 год» is Ukrainian Facebook's hours (година); Russian never prints it for
    // years (that is «2 г.» or «2 года назад»).
    const ms = compact[2] === 'год' ? HOUR : unitMs(compact[2]);
    if (ms !== null) return new Date(now.getTime() - Number(compact[1]) * ms);
  }

  // "22 ноя в 10:00", "22 ноября 2025", "22 Nov at 10:00 am", "Nov 22 at 10:00"
  let dm = /(\d{1,2})\s+([a-zа-яё]{3,})\.?(?:\s+(\d{4}))?/.exec(s);
  let day;
  let monthWord;
  let year;
  if (dm) [, day, monthWord, year] = dm;
  else {
    dm = /([a-z]{3,})\s+(\d{1,2})(?:,?\s+(\d{4}))?/.exec(s);
    if (dm) [, monthWord, day, year] = dm;
  }
  if (dm) {
    const month = MONTHS[monthWord.slice(0, 3)];
    if (month !== undefined) {
      const y = year ? Number(year) : now.getFullYear();
      const d = new Date(y, month, Number(day));
      const res = atClock(d, hm);
      // A date printed without a year that lies in the future belongs to last year.
      if (!year && res.getTime() > now.getTime() + DAY) res.setFullYear(y - 1);
      return res;
    }
  }
  return null;
}

// A printed time this far past the computer's clock is no clock drift: the page writes its
// times in another time zone (an operator abroad, the account set to Moscow time).
const AHEAD_MS = 5 * MINUTE;

/** Is `postedAt` later than `now` by more than a clock's drift (the wait is unknown)? */
export function timeAhead(postedAt, now = new Date()) {
  return Boolean(postedAt) && postedAt.getTime() - now.getTime() > AHEAD_MS;
}

/** How long something has waited, short: "4 мин", "1 ч 05 мин", "3 дн" / "4 min", "1 h 05 min". */
export function formatWait(ms, lang = 'ru') {
  const en = lang === 'en';
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const mins = Math.floor(ms / MINUTE);
  if (mins < 1) return en ? '<1 min' : '<1 мин';
  if (mins < 60) return en ? `${mins} min` : `${mins} мин`;
  const hours = Math.floor(mins / 60);
  if (hours < 24) {
    const rest = String(mins % 60).padStart(2, '0');
    return en ? `${hours} h ${rest} min` : `${hours} ч ${rest} мин`;
  }
  const days = Math.floor(hours / 24);
  return en ? `${days} d` : `${days} дн`;
}

/** Where a wait stands against the team's target: ok (< half), soon, late (over). */
export function waitLevel(ms, targetMinutes = 20) {
  const target = targetMinutes * MINUTE;
  if (ms >= target) return 'late';
  if (ms >= target / 2) return 'soon';
  return 'ok';
}

export function iso(date = new Date()) {
  return new Date(date).toISOString();
}
