// The extension's waiting time in working hours, by hand, on the Russian calendar the
// companion serves (the same cases as tests/test_work_calendar.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wallMs, workMsBetween, workMsByDays, waitedMs, usesWorkingHours } from '../../extension/src/core/workHours.js';
import { waitView } from '../../extension/src/features/waitingTime.js';
import { rankUnanswered } from '../../extension/src/core/priority.js';
import { mergeSettings, targetMinutesOf } from '../../extension/src/core/settings.js';

const MIN = 60_000;
const NINE_SIX = [['09:00', '18:00']];
const TEAM = {
  timezone: 'Europe/Moscow',
  target_minutes: 20,
  sla_working_hours: true,
  week: { mon: NINE_SIX, tue: NINE_SIX, wed: NINE_SIX, thu: NINE_SIX, fri: NINE_SIX, sat: [], sun: [] },
  // As GET /api/v1/settings serves them: Unity Day off, 3 November shortened.
  days: { '2026-11-03': [['09:00', '17:00']], '2026-11-04': [] },
};
const at = (iso) => new Date(iso);

test('wall-clock time of the team, across a DST change too', () => {
  assert.equal(wallMs(at('2026-11-04T08:00:00Z'), 'Europe/Moscow'), Date.UTC(2026, 10, 4, 11, 0));
  // Berlin moves to summer time at 01:00 UTC on 29 March 2026: 01:30 UTC is 03:30 local.
  assert.equal(wallMs(at('2026-03-29T01:30:00.250Z'), 'Europe/Berlin'), Date.UTC(2026, 2, 29, 3, 30) + 250);
});

test('working time skips nights, weekends, holidays and counts shortened days', () => {
  // The case: posted on 4 November (a holiday) at 11:00, now 5 November 09:10.
  assert.equal(workMsBetween(at('2026-11-04T08:00:00Z'), at('2026-11-05T06:10:00Z'), TEAM), 10 * MIN);
  // Friday 17:30 → Monday 09:30: half an hour each side of the weekend.
  assert.equal(workMsBetween(at('2026-11-20T14:30:00Z'), at('2026-11-23T06:30:00Z'), TEAM), 60 * MIN);
  // Tuesday 3 November (shortened to 17:00) 16:30 → Thursday 5th 09:15: 30 + 15 min.
  assert.equal(workMsBetween(at('2026-11-03T13:30:00Z'), at('2026-11-05T06:15:00Z'), TEAM), 45 * MIN);
  // Before opening nothing counts; end before start is 0.
  assert.equal(workMsBetween(at('2026-11-16T05:00:00Z'), at('2026-11-16T05:50:00Z'), TEAM), 0);
  assert.equal(workMsBetween(at('2026-11-16T07:00:00Z'), at('2026-11-16T06:00:00Z'), TEAM), 0);
});

test('wall-clock waits unless the team works by a schedule', () => {
  const posted = at('2026-11-04T08:00:00Z');
  const now = at('2026-11-05T06:10:00Z');
  assert.equal(usesWorkingHours(TEAM), true);
  assert.equal(waitedMs(posted, now, TEAM), 10 * MIN);
  assert.equal(waitedMs(posted, now, { ...TEAM, sla_working_hours: false }), (22 * 60 + 10) * MIN);
  assert.equal(waitedMs(posted, now, null), (22 * 60 + 10) * MIN);
});

test('the badge and the panel use working time', () => {
  const now = at('2026-11-05T06:10:00Z');
  assert.deepEqual(waitView(at('2026-11-04T08:00:00Z'), now, false, 20, 'ru', TEAM), { text: 'ждёт 10 мин', level: 'soon' });
  assert.equal(waitView(at('2026-11-04T08:00:00Z'), now, false, 20, 'ru', null).level, 'late');
  const items = [
    { id: 'holiday', postedAt: at('2026-11-04T08:00:00Z'), analysis: null, handled: false },
    // Tuesday 3 November 16:00: an hour before the shortened day's end + 10 min today.
    { id: 'tuesday', postedAt: at('2026-11-03T13:00:00Z'), analysis: null, handled: false },
  ];
  const ranked = rankUnanswered(items, now, TEAM);
  assert.deepEqual(ranked.map((r) => [r.id, r.waitedMs / MIN]), [['tuesday', 70], ['holiday', 10]]);
});

test("the team's target wins once the companion served it", () => {
  assert.equal(targetMinutesOf(mergeSettings({ targetMinutes: 30 })), 30);
  assert.equal(targetMinutesOf(mergeSettings({ targetMinutes: 30, team: { ...TEAM, target_minutes: 15 } })), 15);
  assert.equal(mergeSettings({ team: TEAM }).team.timezone, 'Europe/Moscow');
});

test('the working time from day sums equals the day-by-day walk (holidays, DST, long ago)', () => {
  const berlin = { ...TEAM, timezone: 'Europe/Berlin', days: { ...TEAM.days, '2026-03-30': [['10:00', '12:00'], ['13:00', '16:30']] } };
  const odd = { ...TEAM, week: { ...TEAM.week, sat: [['22:00', '06:00']], sun: [['bad', '10:00']] } };
  let seed = 7;
  const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (const team of [TEAM, berlin, odd]) {
    for (const nowIso of ['2026-11-05T06:10:00Z', '2026-03-30T12:34:56.789Z', '2026-12-01T23:59:00Z']) {
      const now = Date.parse(nowIso);
      for (let i = 0; i < 300; i += 1) {
        // Up to 500 days back: past MAX_DAYS too, where the walk's cap decides.
        const posted = now - Math.floor(rand() * 500 * 24 * 60) * MIN - Math.floor(rand() * 60_000);
        assert.equal(workMsBetween(posted, now, team), workMsByDays(posted, now, team), `${team.timezone} ${nowIso} ${new Date(posted).toISOString()}`);
      }
    }
  }
});
