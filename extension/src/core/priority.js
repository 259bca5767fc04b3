// The order of the unanswered panel: negative and aggressor first, then the longest waiting.
import { waitedMs } from './workHours.js';
import { timeAhead } from './time.js';

/** 0 = most urgent. Comments without an analysis yet rank after negative ones. */
export function urgency(analysis) {
  if (!analysis) return 1;
  const aggressor = analysis.persona?.label === 'aggressor';
  const negative = analysis.tone?.label === 'negative';
  if (aggressor || negative) return 0;
  return 1;
}

/**
 * Unanswered comments by priority. `items`: [{id, postedAt: Date|null, analysis, handled,
 * team, claim}]; team replies and handled comments are left out, and comments a colleague
 * is answering now (`claim`) come after all the others. Unknown posting time sorts last
 * within its group (it cannot be shown to be waiting long). `team`: the companion's
 * settings; with a schedule waits count working hours only.
 */
export function rankUnanswered(items, now = new Date(), team = null) {
  return topUnanswered(items, now, team, Infinity).top;
}

/**
 * The first `n` of rankUnanswered and how many there are in all: {count, top}. Each
 * comment's urgency and wait are computed once, not in every comparison, and only the
 * first `n` are copied (the panel ranks hundreds of comments when a burst arrives).
 */
export function topUnanswered(items, now = new Date(), team = null, n = Infinity) {
  const ranked = [];
  for (const c of items) {
    if (c.handled || c.team) continue;
    // (A time the page prints ahead of the clock tells no wait: unknown, like none.)
    const known = c.postedAt && !timeAhead(c.postedAt, now);
    ranked.push({ c, k: c.claim ? 1 : 0, u: urgency(c.analysis), w: known ? waitedMs(c.postedAt, now, team) : null });
  }
  // A comment a colleague is answering goes after the others.
  const before = (a, b) => a.k - b.k || a.u - b.u || (b.w ?? -1) - (a.w ?? -1);
  let top;
  if (n >= ranked.length) top = ranked.sort(before);
  else {
    // The first n of a stable sort, without sorting them all: each comment goes into a
    // short sorted list after the ones it ties with, or not at all.
    top = [];
    for (const x of ranked) {
      if (n <= 0 || (top.length === n && before(x, top[n - 1]) >= 0)) continue;
      let i = top.length;
      while (i > 0 && before(x, top[i - 1]) < 0) i -= 1;
      top.splice(i, 0, x);
      if (top.length > n) top.pop();
    }
  }
  return { count: ranked.length, top: top.slice(0, n).map(({ c, w }) => ({ ...c, waitedMs: w })) };
}
