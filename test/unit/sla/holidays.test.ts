import { chinaTime } from '../../../src/sla/china-time';
import { calendarSchema } from '../../../src/sla/config-schema';
import { holidayGaps, packageHolidays, tableHolidays } from '../../../src/sla/holidays';
import { cn, declared2027, example, workdaysConfig } from './china-fixtures';

describe('packageHolidays (chinese-days data, read by date string)', () => {
  const source = packageHolidays();
  test.each([
    ['2026-10-01', 'holiday'],
    ['2026-10-03', 'holiday'], // a Saturday inside the block
    ['2026-10-10', 'workday'],
    ['2026-09-20', 'workday'],
    ['2026-02-14', 'workday'],
    ['2026-02-15', 'holiday'],
    ['2026-10-12', 'normal'], // a plain Monday (the package's own isWorkday gets this wrong west of UTC)
    ['2026-12-05', 'normal'], // a plain Saturday: weekends are the calendar's business, not the source's
  ] as const)('%s is %s', (date, expected) => {
    expect(source.dayType(date)).toBe(expected);
  });

  test.each([
    [2004, true],
    [2025, true],
    [2026, true],
    [2027, false],
    [2003, false],
  ])('covers(%d) = %s', (year, expected) => {
    expect(source.covers(year)).toBe(expected);
  });
});

describe('holidayGaps', () => {
  const now = cn('2026-12-04 10:00'); // "today"
  const business = workdaysConfig();

  test.each([
    ['example config on 2026-12-04: 2027 has no data', example.calendars, now, [{ calendar: 'workdays', year: 2027 }]],
    ['2027 declared by the operator clears the gap', { workdays: workdaysConfig({ holidays: { '2027': declared2027 } }) }, now, []],
    ['an empty placeholder year does not count as declared', { workdays: workdaysConfig({ holidays: { '2027': {} } }) }, now, [{ calendar: 'workdays', year: 2027 }]],
    ['mid-2025: current and coming years both in the package', { workdays: business }, cn('2025-06-01 10:00'), []],
    ['in 2027 with nothing declared: 2027 and 2028', { workdays: business }, cn('2027-03-01 10:00'), [{ calendar: 'workdays', year: 2027 }, { calendar: 'workdays', year: 2028 }]],
    ['in 2027 with 2027 declared: 2028 still missing', { workdays: workdaysConfig({ holidays: { '2027': declared2027 } }) }, cn('2027-03-01 10:00'), [{ calendar: 'workdays', year: 2028 }]],
    ['24x7 calendars need no holidays', { always: calendarSchema.parse({ kind: '24x7' }) }, now, []],
    ['chineseHolidays: false opts out', { plain: workdaysConfig({ chineseHolidays: false }) }, now, []],
    ['every business calendar is reported', { a: business, b: business }, now, [{ calendar: 'a', year: 2027 }, { calendar: 'b', year: 2027 }]],
  ])('%s', (_why, calendars, at, expected) => {
    expect(holidayGaps(calendars, at)).toEqual(expected);
  });

  test('the year is China time: 2026-12-31 16:30 UTC is already 2027 in China', () => {
    const newYearInChina = chinaTime(2027, 1, 1, 0, 30);
    expect(new Date(newYearInChina).getUTCFullYear()).toBe(2026);
    expect(holidayGaps({ workdays: business }, newYearInChina)).toEqual([
      { calendar: 'workdays', year: 2027 },
      { calendar: 'workdays', year: 2028 },
    ]);
  });

  test('an updated source (a newer package) closes the gap', () => {
    const newer = tableHolidays(['2026-10-01', '2027-02-06'], []);
    expect(holidayGaps({ workdays: business }, now, newer)).toEqual([]);
  });
});
