// Shared fixtures for the SLA and escalation unit tests: China wall-clock instants written as
// text, and the example config's calendars and policies.
import { createCalendar } from '../../../src/sla/calendar';
import { formatChinaTime } from '../../../src/sla/china-time';
import { calendarSchema, policySchema, type CalendarConfig } from '../../../src/sla/config-schema';
import { testConfig } from '../../support/test-config';

/** "2026-09-30 17:50" (China time) → epoch ms, with no help from the machine's zone. */
export function cn(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`bad China time ${text}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) - 8 * 3_600_000;
}
export const fmt = formatChinaTime;

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The example config's business calendar: 09:00-12:00, 13:30-18:00, Mon–Fri, chinese-days. */
export function workdaysConfig(change: Record<string, unknown> = {}): CalendarConfig {
  return calendarSchema.parse({ kind: 'business', hours: ['09:00-12:00', '13:30-18:00'], ...change });
}
export const workdays = () => createCalendar('workdays', workdaysConfig());
export const always = () => createCalendar('always', calendarSchema.parse({ kind: '24x7' }));

export const example = testConfig();
export const standardPolicy = policySchema.parse({
  calendar: 'workdays',
  complaint: { firstResponse: '30m', resolution: { '1': '8h', '2': '16h', '3': '4h' }, chain: 'complaint' },
  visit: { dispatch: '2h', contactBefore: '1h', arrivalGrace: '15m', report: '2h', followUpWithin: '7d', defaultArrival: '15h', chain: 'visit' },
});

/**
 * A made-up 2027 schedule for tests only (NOT the official one, which the operator copies from the
 * State Council notice): New Year 01-01..01-03, Spring Festival 02-06..02-14 with make-up Saturday
 * 02-20, National Day 10-01..10-07 with make-up Saturday 10-09.
 */
export const declared2027 = {
  off: ['2027-01-01', '2027-01-02', '2027-01-03', ...range('2027-02-06', 9), ...range('2027-10-01', 7)],
  workdays: ['2027-02-20', '2027-10-09'],
};

function range(from: string, days: number): string[] {
  const start = cn(from) + 8 * HOUR;
  return Array.from({ length: days }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
}
