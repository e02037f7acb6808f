import { createCalendar, createCalendars } from '../../../src/sla/calendar';
import { tableHolidays } from '../../../src/sla/holidays';
import { always, cn, DAY, declared2027, example, fmt, HOUR, MIN, workdays, workdaysConfig } from './china-fixtures';

// 2026 facts from chinese-days 1.5.7: National Day 10-01..10-07 with make-up workdays Sun 09-20 and
// Sat 10-10; Spring Festival 02-15..02-23 with make-up Sat 02-14 and Sat 02-28; New Year 01-01..03
// with make-up Sun 01-04.
describe('business calendar (example "workdays": 09:00-12:00, 13:30-18:00, Mon–Fri, chinese-days)', () => {
  const cal = workdays();

  test.each([
    ['2026-12-04 08:59', false, 'Friday before opening'],
    ['2026-12-04 09:00', true, 'opening minute'],
    ['2026-12-04 11:59:59', true, 'last second of the morning'],
    ['2026-12-04 12:00', false, 'lunch starts'],
    ['2026-12-04 13:29:59', false, 'still lunch'],
    ['2026-12-04 13:30', true, 'afternoon starts'],
    ['2026-12-04 17:59:59', true, 'last second of the day'],
    ['2026-12-04 18:00', false, 'closing'],
    ['2026-12-05 10:00', false, 'Saturday'],
    ['2026-12-06 10:00', false, 'Sunday'],
    ['2026-10-01 10:00', false, 'National Day'],
    ['2026-10-05 10:00', false, 'National Day on a Monday'],
    ['2026-10-10 10:00', true, 'make-up Saturday 10-10 (调休)'],
    ['2026-09-20 10:00', true, 'make-up Sunday 09-20 (调休)'],
    ['2026-02-14 10:00', true, 'make-up Saturday before Spring Festival'],
    ['2026-02-18 10:00', false, 'Spring Festival on a Wednesday'],
    ['2026-01-01 10:00', false, "New Year's Day"],
    ['2026-01-04 10:00', true, 'make-up Sunday after New Year'],
  ])('isWorkingTime(%s) = %s (%s)', (at, expected) => {
    expect(cal.isWorkingTime(cn(at))).toBe(expected);
  });

  test.each([
    ['2026-12-04 08:00', '2026-12-04 09:00', 'before opening → opening'],
    ['2026-12-04 10:15', '2026-12-04 10:15', 'inside a span → itself'],
    ['2026-12-04 12:00', '2026-12-04 13:30', 'lunch → afternoon'],
    ['2026-12-04 18:00', '2026-12-07 09:00', 'Friday evening → Monday'],
    ['2026-12-05 15:00', '2026-12-07 09:00', 'Saturday → Monday'],
    ['2026-09-30 18:30', '2026-10-08 09:00', 'eve of National Day → after the holiday'],
    ['2026-10-09 19:00', '2026-10-10 09:00', 'Friday evening → make-up Saturday'],
    ['2026-09-19 09:30', '2026-09-20 09:00', 'Saturday → make-up Sunday'],
    ['2026-02-13 18:00', '2026-02-14 09:00', 'Friday → make-up Saturday before Spring Festival'],
    ['2026-02-14 18:00', '2026-02-24 09:00', 'across Spring Festival'],
    ['2025-12-31 18:00', '2026-01-04 09:00', 'year end → make-up Sunday'],
  ])('nextWorkingTime(%s) = %s (%s)', (at, expected) => {
    expect(fmt(cal.nextWorkingTime(cn(at)))).toBe(expected);
  });

  test.each([
    // [from, duration, expected, why]
    ['2026-12-04 10:00', 30 * MIN, '2026-12-04 10:30', 'plain'],
    ['2026-12-04 11:30', 30 * MIN, '2026-12-04 12:00', 'ends exactly at lunch: the earliest instant, not 13:30'],
    ['2026-12-04 11:50', 30 * MIN, '2026-12-04 13:50', 'lunch break spans the target'],
    ['2026-12-04 12:30', 30 * MIN, '2026-12-04 14:00', 'opened during lunch'],
    ['2026-12-04 07:00', 30 * MIN, '2026-12-04 09:30', 'opened before opening'],
    ['2026-12-04 17:45', 30 * MIN, '2026-12-07 09:15', 'Friday close → Monday'],
    ['2026-12-05 11:00', 30 * MIN, '2026-12-07 09:30', 'opened on Saturday'],
    ['2026-12-04 09:00', 7.5 * HOUR, '2026-12-04 18:00', 'one whole working day'],
    ['2026-09-30 17:50', 30 * MIN, '2026-10-08 09:20', 'complaint 17:50 on the last workday before National Day'],
    ['2026-09-30 17:50', 8 * HOUR, '2026-10-09 09:20', 'level-1 resolution across National Day'],
    ['2026-09-30 17:50', 16 * HOUR, '2026-10-10 09:50', 'level-2 resolution lands on make-up Saturday 10-10'],
    ['2026-09-19 10:00', 30 * MIN, '2026-09-20 09:30', 'Saturday complaint answered on make-up Sunday'],
    ['2026-11-30 17:30', HOUR, '2026-12-01 09:30', 'month end'],
    ['2026-07-31 17:00', 2 * HOUR, '2026-08-03 10:00', 'month end on a Friday'],
    ['2025-12-31 17:00', 2 * HOUR, '2026-01-04 10:00', 'year end into New Year and its make-up Sunday'],
    ['2026-02-13 17:00', 2 * HOUR, '2026-02-14 10:00', 'into make-up Saturday before Spring Festival'],
    ['2026-02-14 17:00', 2 * HOUR, '2026-02-24 10:00', 'across the whole Spring Festival'],
    ['2026-12-04 10:00', 0, '2026-12-04 10:00', 'zero'],
    ['2026-12-05 10:00', 0, '2026-12-05 10:00', 'zero outside working hours stays put'],
  ])('addWorkingTime(%s, %d ms) = %s (%s)', (from, ms, expected) => {
    const due = cal.addWorkingTime(cn(from), ms);
    expect(fmt(due)).toBe(expected);
    expect(cal.workingTimeBetween(cn(from), due)).toBe(ms);
  });

  test('a millisecond past a whole day lands one millisecond into the next working day', () => {
    expect(cal.addWorkingTime(cn('2026-12-04 09:00'), 7.5 * HOUR + 1)).toBe(cn('2026-12-07 09:00') + 1);
  });

  test.each([
    ['2026-12-04 09:00', '2026-12-04 18:00', 7.5 * HOUR, 'one day'],
    ['2026-12-04 11:00', '2026-12-04 14:00', 1.5 * HOUR, 'lunch excluded'],
    ['2026-12-04 12:10', '2026-12-04 13:20', 0, 'inside lunch'],
    ['2026-12-04 17:00', '2026-12-07 10:00', 2 * HOUR, 'over a weekend'],
    ['2026-09-30 17:00', '2026-10-10 10:00', HOUR + 2 * 7.5 * HOUR + HOUR, 'over National Day to the make-up Saturday'],
    ['2026-10-01 00:00', '2026-11-01 00:00', 18 * 7.5 * HOUR, 'October 2026 has 18 working days'],
    ['2026-01-01 00:00', '2027-01-01 00:00', 248 * 7.5 * HOUR, '2026 has 248 working days'],
    ['2026-12-04 18:00', '2026-12-04 10:00', 0, 'reversed'],
    ['2026-12-04 10:00', '2026-12-04 10:00', 0, 'empty'],
  ])('workingTimeBetween(%s, %s) = %d (%s)', (a, b, expected) => {
    expect(cal.workingTimeBetween(cn(a), cn(b))).toBe(expected);
  });

  test('addWorkingTime and workingTimeBetween agree, and the answer is the earliest such instant (seeded random)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const start = cn('2025-12-01');
    for (let i = 0; i < 2000; i++) {
      const from = start + Math.floor(rand() * 400 * DAY);
      const ms = Math.floor(rand() * 20 * 7.5 * HOUR);
      const due = cal.addWorkingTime(from, ms);
      expect(cal.workingTimeBetween(from, due)).toBe(ms);
      if (ms > 0) {
        expect(cal.workingTimeBetween(from, due - 1)).toBe(ms - 1);
        expect(cal.isWorkingTime(due - 1)).toBe(true);
      }
      expect(cal.nextWorkingTime(from)).toBeGreaterThanOrEqual(from);
      expect(cal.isWorkingTime(cal.nextWorkingTime(from))).toBe(true);
    }
  });

  test('long durations skip whole days: 10,000 additions of up to 60 working days take well under a second', () => {
    const t0 = performance.now();
    let due = 0;
    for (let i = 0; i < 10_000; i++) due = cal.addWorkingTime(cn('2026-01-05 10:00') + (i % 300) * HOUR, ((i % 60) + 1) * 7.5 * HOUR);
    const elapsed = performance.now() - t0;
    expect(due).toBeGreaterThan(cn('2026-01-05'));
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('overrides and declared years', () => {
  test.each([
    ['company day off', { overrides: [{ date: '2026-12-08', off: true }] }, '2026-12-08 10:00', false],
    ['special short hours', { overrides: [{ date: '2026-12-08', hours: ['10:00-15:00'] }] }, '2026-12-08 14:30', true],
    ['special hours replace normal ones', { overrides: [{ date: '2026-12-08', hours: ['10:00-15:00'] }] }, '2026-12-08 09:30', false],
    ['special hours make a Saturday a working day', { overrides: [{ date: '2026-12-05', hours: ['09:00-12:00'] }] }, '2026-12-05 11:00', true],
    ['override works on a public holiday (off: false)', { overrides: [{ date: '2026-10-02', off: false }] }, '2026-10-02 10:00', true],
    ['override beats a make-up workday', { overrides: [{ date: '2026-10-10', off: true }] }, '2026-10-10 10:00', false],
    ['later override of the same date wins', { overrides: [{ date: '2026-12-08', off: true }, { date: '2026-12-08', hours: ['09:00-10:00'] }] }, '2026-12-08 09:30', true],
    ['declared year replaces the package for that year', { holidays: { '2026': { off: ['2026-12-08'], workdays: [] } } }, '2026-10-01 10:00', true],
    ['declared day off', { holidays: { '2026': { off: ['2026-12-08'], workdays: [] } } }, '2026-12-08 10:00', false],
    ['override beats a declared year', { holidays: { '2026': { off: ['2026-12-08'] } }, overrides: [{ date: '2026-12-08', off: false }] }, '2026-12-08 10:00', true],
    ['chineseHolidays: false ignores the package', { chineseHolidays: false }, '2026-10-01 10:00', true],
    ['chineseHolidays: false: no make-up Saturday either', { chineseHolidays: false }, '2026-10-10 10:00', false],
    ['six-day week', { weekdays: [1, 2, 3, 4, 5, 6] }, '2026-12-05 10:00', true],
    ['hours to midnight', { hours: ['20:00-24:00'] }, '2026-12-04 23:59', true],
  ])('%s', (_why, change, at, expected) => {
    expect(createCalendar('c', workdaysConfig(change)).isWorkingTime(cn(at))).toBe(expected);
  });

  test('without 2027 data New Year 2027 counts as a working Friday — the gap holidayGaps() warns about', () => {
    const cal = createCalendar('c', workdaysConfig());
    expect(fmt(cal.addWorkingTime(cn('2026-12-31 17:00'), 2 * HOUR))).toBe('2027-01-01 10:00');
  });

  test.each([
    ['2026-12-31 17:00', 2 * HOUR, '2027-01-04 10:00', 'year end over the declared New Year'],
    ['2027-02-05 17:00', 2 * HOUR, '2027-02-15 10:00', 'over the declared Spring Festival'],
    ['2027-02-19 18:00', 30 * MIN, '2027-02-20 09:30', 'declared make-up Saturday'],
    ['2027-09-30 17:30', HOUR, '2027-10-08 09:30', 'over the declared National Day'],
  ])('operator-declared 2027: addWorkingTime(%s, %d) = %s (%s)', (from, ms, expected) => {
    const cal = createCalendar('c', workdaysConfig({ holidays: { '2027': declared2027 } }));
    expect(fmt(cal.addWorkingTime(cn(from), ms))).toBe(expected);
  });

  test('a declared year wins over what a source says for that year', () => {
    const source = tableHolidays(['2027-03-01'], []);
    const cal = createCalendar('c', workdaysConfig({ holidays: { '2027': declared2027 } }), source);
    expect(cal.isWorkingTime(cn('2027-03-01 10:00'))).toBe(true);
    expect(createCalendar('c', workdaysConfig(), source).isWorkingTime(cn('2027-03-01 10:00'))).toBe(false);
  });

  test('a calendar with no working time fails loudly instead of looping', () => {
    const cal = createCalendar('never', workdaysConfig({ weekdays: [], chineseHolidays: false }));
    expect(() => cal.addWorkingTime(cn('2026-12-04 10:00'), HOUR)).toThrow(RangeError);
    expect(() => cal.nextWorkingTime(cn('2026-12-04 10:00'))).toThrow(/no working time/);
    expect(cal.workingTimeBetween(cn('2026-12-01'), cn('2027-01-01'))).toBe(0);
  });

  test.each([[-1], [NaN], [Infinity]])('addWorkingTime rejects ms = %p', (ms) => {
    expect(() => workdays().addWorkingTime(cn('2026-12-04 10:00'), ms)).toThrow(RangeError);
    expect(() => always().addWorkingTime(cn('2026-12-04 10:00'), ms)).toThrow(RangeError);
  });
});

describe('24x7', () => {
  const cal = always();
  test.each([
    ['2026-10-01 03:00', 30 * MIN, '2026-10-01 03:30'],
    ['2026-12-31 23:50', 20 * MIN, '2027-01-01 00:10'],
    ['2026-12-05 12:15', 2 * DAY, '2026-12-07 12:15'],
  ])('addWorkingTime(%s, %d) = %s, every instant counts', (from, ms, expected) => {
    expect(cal.alwaysOpen).toBe(true);
    expect(cal.isWorkingTime(cn(from))).toBe(true);
    expect(cal.nextWorkingTime(cn(from))).toBe(cn(from));
    expect(fmt(cal.addWorkingTime(cn(from), ms))).toBe(expected);
    expect(cal.workingTimeBetween(cn(from), cn(from) + ms)).toBe(ms);
  });
});

test('createCalendars builds every calendar of the example config by id', () => {
  const cals = createCalendars(example.calendars);
  expect([...cals.keys()].sort()).toEqual(['always', 'workdays']);
  expect(cals.get('always')!.alwaysOpen).toBe(true);
  expect(cals.get('workdays')!.isWorkingTime(cn('2026-10-10 10:00'))).toBe(true);
});
