import { parseReportCommand } from '../../../src/reports/command';
import { chinaDay, dayStart, monthRange } from '../../../src/reports/china-day';

const now = Date.parse('2026-12-04T01:00:00Z'); // 09:00 on 2026-12-04 in China
const early = Date.parse('2026-12-03T16:30:00Z'); // 00:30 on 12-04 in China, still 12-03 in UTC

test.each([
  ['日报', { kind: 'daily', date: '2026-12-04' }],
  ['  日报  今天', { kind: 'daily', date: '2026-12-04' }],
  ['@工单助手 日报 昨天', { kind: 'daily', date: '2026-12-03' }],
  ['日报 前天', { kind: 'daily', date: '2026-12-02' }],
  ['日报 12月3日', { kind: 'daily', date: '2026-12-03' }],
  ['日报 12月3号', { kind: 'daily', date: '2026-12-03' }],
  ['日报 12-3', { kind: 'daily', date: '2026-12-03' }],
  ['日报 2026-12-03', { kind: 'daily', date: '2026-12-03' }],
  ['日报 2026年10月1日', { kind: 'daily', date: '2026-10-01' }],
  ['日报 12月25日', { kind: 'daily', date: '2025-12-25' }], // not yet this year: the last one
  ['月报', { kind: 'monthly', month: '2026-12' }],
  ['月报 上月', { kind: 'monthly', month: '2026-11' }],
  ['月报 11月', { kind: 'monthly', month: '2026-11' }],
  ['月报 2026-01', { kind: 'monthly', month: '2026-01' }],
])('%s', (text, expected) => {
  expect(parseReportCommand(text, now)).toEqual(expected);
});

test('"today" is the China day, not the UTC one', () => {
  expect(parseReportCommand('日报', early)).toEqual({ kind: 'daily', date: '2026-12-04' });
  expect(parseReportCommand('日报 昨天', early)).toEqual({ kind: 'daily', date: '2026-12-03' });
});

test('not a report command', () => {
  expect(parseReportCommand('我的工单', now)).toBeNull();
  expect(parseReportCommand('日报表格发一下', now)).toBeNull();
});

test('dates it cannot read or that have not come are answered in Chinese', () => {
  expect(parseReportCommand('日报 2月30日', now)).toMatchObject({ kind: 'error', message: expect.stringContaining('看不懂日期「2月30日」') });
  expect(parseReportCommand('日报 2027-01-01', now)).toMatchObject({ kind: 'error', message: '2027-01-01 还没到，没有日报。' });
  expect(parseReportCommand('月报 13月', now)).toMatchObject({ kind: 'error', message: expect.stringContaining('看不懂月份') });
});

test('China-time day and month ranges', () => {
  expect(new Date(dayStart('2026-12-03')).toISOString()).toBe('2026-12-02T16:00:00.000Z');
  expect(chinaDay(Date.parse('2026-12-02T15:59:59.999Z'))).toBe('2026-12-02');
  expect(chinaDay(Date.parse('2026-12-02T16:00:00.000Z'))).toBe('2026-12-03');
  const dec = monthRange('2026-12');
  expect([new Date(dec.start).toISOString(), new Date(dec.end).toISOString()]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
});
