import { createCalendar } from '../../../src/sla/calendar';
import { followUpDeadline, openingDeadlines, rebookedDeadlines, reportDeadline, shiftForPause, type DeadlineContext } from '../../../src/sla/deadlines';
import { always, cn, DAY, example, fmt, HOUR, MIN, standardPolicy, workdays } from './china-fixtures';

const cal = workdays();
const vip = example.policies.vip!;

function ctx(change: Partial<DeadlineContext>): DeadlineContext {
  return { kind: 'complaint', complaintLevel: 1, openedAt: cn('2026-12-04 10:00'), appointmentAt: null, policy: standardPolicy, calendar: cal, ...change };
}
const show = (d: Partial<Record<string, number>>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, fmt(v!)]));

describe('openingDeadlines: complaints', () => {
  test.each([
    ['17:50 on the last workday before National Day, level 1', '2026-09-30 17:50', 1, { first_response: '2026-10-08 09:20', resolution: '2026-10-09 09:20' }],
    ['same, level 2: resolution on make-up Saturday 10-10', '2026-09-30 17:50', 2, { first_response: '2026-10-08 09:20', resolution: '2026-10-10 09:50' }],
    ['same, level 3', '2026-09-30 17:50', 3, { first_response: '2026-10-08 09:20', resolution: '2026-10-08 14:20' }],
    ['level 3 at night (22:00 Tuesday)', '2026-12-08 22:00', 3, { first_response: '2026-12-09 09:30', resolution: '2026-12-09 14:30' }],
    ['just before lunch', '2026-12-04 11:50', 1, { first_response: '2026-12-04 13:50', resolution: '2026-12-07 13:50' }],
    ['no level yet counts as level 1', '2026-12-04 10:00', null, { first_response: '2026-12-04 10:30', resolution: '2026-12-07 10:30' }],
    ['on make-up Saturday 10-10', '2026-10-10 17:45', 1, { first_response: '2026-10-12 09:15', resolution: '2026-10-13 09:15' }],
  ] as const)('%s', (_why, openedAt, level, expected) => {
    expect(show(openingDeadlines(ctx({ openedAt: cn(openedAt), complaintLevel: level })))).toEqual(expected);
  });

  test('VIP on the 24x7 calendar: a night complaint is due in wall-clock minutes', () => {
    const d = openingDeadlines(ctx({ openedAt: cn('2026-10-01 02:00'), complaintLevel: 3, policy: vip, calendar: always() }));
    expect(show(d)).toEqual({ first_response: '2026-10-01 02:15', resolution: '2026-10-01 04:00' });
  });
});

describe('openingDeadlines and rebookedDeadlines: visits', () => {
  test.each([
    ['booked 15:00 next Tuesday', '2026-12-04 10:00', '2026-12-08 15:00', { dispatch: '2026-12-04 12:00', contact: '2026-12-08 14:00', arrival: '2026-12-08 15:15' }],
    ['nothing booked: arrival 2 working days (15h) later', '2026-12-04 10:00', null, { dispatch: '2026-12-04 12:00', arrival: '2026-12-08 10:00' }],
    // Dispatch ends exactly at closing: the earliest instant with 2 working hours, not 10-08 09:00.
    ['nothing booked before National Day', '2026-09-30 16:00', null, { dispatch: '2026-09-30 18:00', arrival: '2026-10-09 16:00' }],
    ['booked on a holiday: contact and arrival are wall-clock', '2026-09-30 10:00', '2026-10-02 10:00', { dispatch: '2026-09-30 12:00', contact: '2026-10-02 09:00', arrival: '2026-10-02 10:15' }],
  ] as const)('%s', (_why, openedAt, appointment, expected) => {
    const d = openingDeadlines(ctx({ kind: 'visit', complaintLevel: null, openedAt: cn(openedAt), appointmentAt: appointment ? cn(appointment) : null }));
    expect(show(d)).toEqual(expected);
  });

  test('re-booking (预约) moves contact and arrival only', () => {
    const d = rebookedDeadlines(ctx({ kind: 'visit', complaintLevel: null, appointmentAt: cn('2026-12-10 09:30') }));
    expect(show(d)).toEqual({ contact: '2026-12-10 08:30', arrival: '2026-12-10 09:45' });
  });

  test('the engineer is late: arrival is the booked start plus the grace', () => {
    const d = rebookedDeadlines(ctx({ kind: 'visit', complaintLevel: null, appointmentAt: cn('2026-12-08 15:00') }));
    expect(d.arrival! - cn('2026-12-08 15:00')).toBe(15 * MIN);
    expect(cn('2026-12-08 15:10')).toBeLessThanOrEqual(d.arrival!); // on time within the grace
    expect(cn('2026-12-08 15:20')).toBeGreaterThan(d.arrival!); // late
  });

  test.each([
    ['2026-12-04 16:30', '2026-12-07 09:30', 'report after a Friday-afternoon visit'],
    ['2026-12-04 10:00', '2026-12-04 12:00', 'same morning'],
    ['2026-10-02 10:00', '2026-10-08 11:00', 'visit on a holiday: report counts from the next working day'],
  ])('reportDeadline(arrived %s) = %s (%s)', (arrived, expected) => {
    expect(fmt(reportDeadline(cn(arrived), standardPolicy, cal))).toBe(expected);
  });

  test.each([
    ['2026-12-08 16:00', '2026-12-15 16:00'],
    ['2026-12-28 11:00', '2027-01-04 11:00'],
    ['2026-09-30 17:00', '2026-10-07 17:00'], // calendar time: holidays do not stretch it
  ])('followUpDeadline(resolved %s) = %s, 7 calendar days', (resolved, expected) => {
    expect(fmt(followUpDeadline(cn(resolved), standardPolicy))).toBe(expected);
  });
});

describe('shiftForPause', () => {
  test.each([
    // [why, dueAt, pausedFrom, resumedAt, expected]
    ['pause and resume across a weekend', '2026-12-04 17:00', '2026-12-04 16:00', '2026-12-07 10:00', '2026-12-07 11:00'],
    ['paused only outside working hours: nothing moves', '2026-12-07 11:00', '2026-12-04 18:00', '2026-12-07 09:00', '2026-12-07 11:00'],
    ['paused over lunch only', '2026-12-04 15:00', '2026-12-04 12:05', '2026-12-04 13:25', '2026-12-04 15:00'],
    ['paused past the old deadline', '2026-12-04 11:00', '2026-12-04 10:00', '2026-12-07 10:00', '2026-12-07 11:00'],
    ['paused over National Day', '2026-10-08 10:00', '2026-09-30 17:00', '2026-10-08 09:30', '2026-10-08 11:30'],
    ['reversed interval: nothing moves', '2026-12-04 17:00', '2026-12-04 16:00', '2026-12-04 15:00', '2026-12-04 17:00'],
  ])('%s', (_why, due, from, to, expected) => {
    expect(fmt(shiftForPause(cn(due), cn(from), cn(to), cal))).toBe(expected);
  });

  test('the working time left at the pause is exactly what is left after the resume', () => {
    const due = cn('2026-12-04 17:00');
    const from = cn('2026-12-04 16:00');
    const to = cn('2026-12-07 10:00');
    expect(cal.workingTimeBetween(to, shiftForPause(due, from, to, cal))).toBe(cal.workingTimeBetween(from, due));
  });

  test('24x7: moves by the wall-clock pause', () => {
    expect(shiftForPause(cn('2026-12-04 17:00'), cn('2026-12-04 16:00'), cn('2026-12-07 10:00'), always())).toBe(cn('2026-12-04 17:00') + 2 * DAY + 18 * HOUR);
  });

  test('pause, resume, resolve, re-open, pause, resume: remaining working time is kept to the millisecond (seeded random)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const calendar of [cal, always(), createCalendar('six', { ...cal, kind: 'business', hours: ['08:30-12:00', '13:00-17:30'], weekdays: [1, 2, 3, 4, 5, 6], chineseHolidays: true, holidays: {}, overrides: [] })]) {
      for (let run = 0; run < 200; run++) {
        const openedAt = cn('2026-09-01') + Math.floor(rand() * 100 * DAY);
        const target = Math.floor(rand() * 5 * 7.5 * HOUR) + MIN;
        let due = calendar.addWorkingTime(openedAt, target);
        let t = openedAt;
        let used = 0; // working time the clock actually ran
        for (let k = 0; k < 4; k++) {
          const pausedFrom = t + Math.floor(rand() * 2 * DAY);
          const resumedAt = pausedFrom + Math.floor(rand() * 4 * DAY);
          used += calendar.workingTimeBetween(t, pausedFrom);
          if (used >= target) break; // the deadline passed before this pause
          due = shiftForPause(due, pausedFrom, resumedAt, calendar);
          t = resumedAt;
          // What is left now is exactly the target minus the running time so far.
          expect(calendar.workingTimeBetween(t, due)).toBe(target - used);
        }
      }
    }
  });

  test('shifting pause by pause equals shifting once by the total paused working time', () => {
    const due = cn('2026-12-10 11:00');
    const pauses: [string, string][] = [['2026-12-04 11:00', '2026-12-04 14:00'], ['2026-12-04 17:30', '2026-12-07 09:15'], ['2026-12-08 12:30', '2026-12-08 13:45']];
    const stepwise = pauses.reduce((d, [a, b]) => shiftForPause(d, cn(a), cn(b), cal), due);
    const total = pauses.reduce((s, [a, b]) => s + cal.workingTimeBetween(cn(a), cn(b)), 0);
    expect(stepwise).toBe(cal.addWorkingTime(due, total));
    expect(total).toBe(90 * MIN + 45 * MIN + 15 * MIN);
  });

  test('resolved while paused, re-opened later: one interval from the pause to the re-open', () => {
    // Paused Fri 16:00, resolved Mon 10:00 while still paused, re-opened Tue 10:00.
    const due = cn('2026-12-04 17:00');
    const once = shiftForPause(due, cn('2026-12-04 16:00'), cn('2026-12-08 10:00'), cal);
    const inTwo = shiftForPause(shiftForPause(due, cn('2026-12-04 16:00'), cn('2026-12-07 10:00'), cal), cn('2026-12-07 10:00'), cn('2026-12-08 10:00'), cal);
    expect(fmt(once)).toBe('2026-12-08 11:00');
    expect(inTwo).toBe(once);
  });
});
