import { calendarSchema, policySchema } from '../../../src/sla/config-schema';
import { example } from './china-fixtures';

const business = (change: Record<string, unknown>) => calendarSchema.safeParse({ kind: 'business', hours: ['09:00-12:00', '13:30-18:00'], ...change });
const messages = (r: ReturnType<typeof business>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

describe('calendar config', () => {
  test('the example config parses with both calendars', () => {
    expect(example.calendars.workdays).toMatchObject({ kind: 'business', weekdays: [1, 2, 3, 4, 5], chineseHolidays: true });
    expect(example.calendars.always).toEqual({ kind: '24x7' });
  });

  test.each([
    ['a span that ends before it starts', { hours: ['12:00-09:00'] }, /hours.0: expected the span "12:00-09:00" to end after it starts/],
    ['overlapping spans', { hours: ['09:00-12:30', '12:00-18:00'] }, /hours.1: expected spans not to overlap/],
    ['24:30', { hours: ['09:00-24:30'] }, /hours.0/],
    ['a malformed span', { hours: ['9-12'] }, /expected a span like "09:00-12:00"/],
    ['a declared date outside its year', { holidays: { '2027': { off: ['2026-12-31'] } } }, /holidays.2027.off.0: expected a date in 2027/],
    ['a date both off and a workday', { holidays: { '2027': { off: ['2027-02-06'], workdays: ['2027-02-06'] } } }, /listed both as a day off and as a make-up workday/],
    ['a bad year key', { holidays: { '27': { off: [] } } }, /holidays.27: Invalid key in record/],
    ['overlapping override hours', { overrides: [{ date: '2026-12-08', hours: ['09:00-11:00', '10:00-12:00'] }] }, /overrides.0.hours.1: expected spans not to overlap/],
    ['weekday 8', { weekdays: [8] }, /weekdays.0/],
  ])('rejects %s', (_why, change, expected) => {
    expect(messages(business(change)).join('\n')).toMatch(expected);
  });

  test.each([
    ['spans in any order', { hours: ['13:30-18:00', '09:00-12:00'] }],
    ['touching spans', { hours: ['09:00-12:00', '12:00-18:00'] }],
    ['to midnight', { hours: ['18:00-24:00'] }],
    ['a declared year', { holidays: { '2027': { off: ['2027-01-01'], workdays: ['2027-02-20'] } } }],
  ])('accepts %s', (_why, change) => {
    expect(messages(business(change))).toEqual([]);
  });
});

test('policy durations parse to ms', () => {
  expect(example.policies.standard!.complaint.resolution).toEqual({ '1': 8 * 3_600_000, '2': 16 * 3_600_000, '3': 4 * 3_600_000 });
  expect(policySchema.safeParse({ ...example.policies.standard, calendar: '' }).success).toBe(false);
});
