// Exact figures from known fixtures, on SQLite or (GONGDAN_TEST_MYSQL_URL) MySQL — the same assertions.
import { ManualClock } from '../../src/lib/clock';
import { createReportService, type ReportService } from '../../src/reports/service';
import { createTestDb, type TestDb } from '../support/test-db';
import { testConfig } from '../support/test-config';
import { cst, insertDeadline, insertTicket, seedWeek } from './reports-fixtures';

let t: TestDb;
let clock: ManualClock;
let reports: ReportService;

beforeAll(async () => {
  t = await createTestDb();
  await seedWeek(t.db);
  // A ticket opened on the eve of National Day whose first response falls due after the holiday.
  const H = await insertTicket(t.db, { code: '0930', kind: 'complaint', level: 1, status: 'closed', assignee: 'wang.agent', created: '2026-09-30 17:50' });
  await insertDeadline(t.db, H, 'first_response', '2026-10-08 08:50', '2026-10-08 08:40');
  clock = new ManualClock(cst('2026-12-04 09:00'));
  reports = createReportService({ db: t.db, clock, config: testConfig() });
});
afterAll(async () => t.drop());
beforeEach(() => clock.set(cst('2026-12-04 09:00')));

describe('daily figures for a completed day (Thu 2026-12-03, taken 12-04 09:00)', () => {
  test('tickets opened, by kind, level and visit type (00:00 counts, 23:50 counts, next day 00:00 does not)', async () => {
    const r = await reports.daily('2026-12-03');
    expect(r.complete).toBe(true);
    expect(r.restDay).toBeNull();
    expect(r.from).toBe('2026-12-02T16:00:00.000Z');
    expect(r.to).toBe('2026-12-03T16:00:00.000Z');
    expect(r.opened).toEqual({
      total: 6,
      complaint: 4,
      visit: 2,
      complaintByLevel: { '1': 2, '2': 1, '3': 1 },
      visitByType: { install: 1, repair: 1, maintenance: 0, inspection: 0 },
    });
  });

  test('targets: deadlines that fell due that day, met on time / due; cancelled tickets left out', async () => {
    const r = await reports.daily('2026-12-03');
    expect(r.targets).toEqual({
      first_response: { met: 1, due: 2, rate: 0.5 }, // #1001 met, #1003 missed, #1009 cancelled, #1002 due after midnight
      resolution: { met: 0, due: 1, rate: 0 }, // #1001 met an hour late
      arrival: { met: 1, due: 2, rate: 0.5 },
      follow_up: { met: 1, due: 2, rate: 0.5 }, // #1006 met, #1007 still owed; #1010 met early but due 12-05
    });
    expect(r.satisfaction).toEqual({ count: 2, average: 4 }); // follow-ups done that day: 5 and 3
    expect(r.escalations).toBe(2); // 14:31 and 23:59; 00:00 next day and a claim do not count
  });

  test('the previous 7 days as daily averages, and the change', async () => {
    const r = await reports.daily('2026-12-03');
    expect(r.previous7.openedPerDay).toBe(0.43); // 3 tickets (#1010, #1011, #1012) / 7
    expect(r.previous7.escalationsPerDay).toBe(1);
    expect(r.previous7.targets.first_response).toEqual({ met: 1, due: 2, rate: 0.5 });
    expect(r.previous7.targets.resolution).toEqual({ met: 0, due: 0, rate: null });
    expect(r.change.opened).toBe(5.57);
    expect(r.change.escalations).toBe(1);
    expect(r.change.targets.first_response).toBe(0);
    expect(r.change.targets.resolution).toBeNull();
    expect(r.week.map((d) => d.date)).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    expect(r.week.map((d) => d.opened)).toEqual([1, 1, 0, 0, 0, 1, 6]);
    expect(r.week.map((d) => d.escalations)).toEqual([0, 0, 0, 7, 0, 0, 2]);
    expect(r.week[1]!.targets.first_response.rate).toBe(1);
    expect(r.week[5]!.targets.first_response.rate).toBe(0);
  });

  test('the open backlog and each overdue ticket with its owner, as of now', async () => {
    const r = await reports.daily('2026-12-03');
    expect(r.backlog.open).toBe(5); // #1002 #1003 #1004 #1005 #1008
    expect(r.backlog.overdue).toBe(3);
    expect(r.backlog.overdueTickets.map((x) => [x.code, x.deadline, x.overdueMinutes, x.ownerId, x.ownerIsDispatcher])).toEqual([
      ['1003', 'first_response', 18 * 60 + 30, 'li.dispatcher', true], // unassigned → the default dispatcher
      ['1007', 'follow_up', 13 * 60, 'zhang.engineer', false], // resolved, follow-up still owed
      ['1005', 'report', 60, 'liu.engineer', false],
    ]);
    expect(r.backlog.people).toEqual([
      { staffId: 'liu.engineer', name: '刘工', open: 1, overdue: 1, met: 0, due: 1, rate: 0 },
      { staffId: 'zhang.engineer', name: '张工', open: 1, overdue: 1, met: 3, due: 4, rate: 0.75 },
      { staffId: 'wang.agent', name: '客服小王', open: 1, overdue: 0, met: 1, due: 2, rate: 0.5 },
    ]);
  });
});

test('today so far: only what already happened and only deadlines already due are judged', async () => {
  clock.set(cst('2026-12-03 15:30'));
  const r = await reports.daily();
  expect(r.date).toBe('2026-12-03');
  expect(r.complete).toBe(false);
  expect(r.asOf).toBe(new Date(cst('2026-12-03 15:30')).toISOString());
  expect(r.opened.total).toBe(5); // #1002 at 23:50 is still to come
  expect(r.targets.first_response).toEqual({ met: 1, due: 2, rate: 0.5 });
  expect(r.targets.resolution).toEqual({ met: 0, due: 0, rate: null }); // due 17:00
  expect(r.targets.arrival).toEqual({ met: 1, due: 1, rate: 1 }); // 16:00 not due yet
  expect(r.satisfaction).toEqual({ count: 2, average: 4 });
  expect(r.escalations).toBe(1);
  expect(r.backlog.overdueTickets.map((x) => [x.code, x.overdueMinutes])).toEqual([['1003', 60]]);
});

test('a day with no tickets (National Day) is all zeros, rates unknown, marked as a holiday', async () => {
  const r = await reports.daily('2026-10-01');
  expect(r.restDay).toBe('国庆节');
  expect(r.opened.total).toBe(0);
  expect(r.escalations).toBe(0);
  expect(Object.values(r.targets).every((x) => x.due === 0 && x.rate === null)).toBe(true);
  expect(r.satisfaction).toEqual({ count: 0, average: null });
  expect(r.week).toHaveLength(7);
});

test('a deadline running over the holiday counts on the day it fell due, not the day it opened', async () => {
  const eve = await reports.daily('2026-09-30');
  expect(eve.opened.total).toBe(1);
  expect(eve.targets.first_response.due).toBe(0);
  const after = await reports.daily('2026-10-08');
  expect(after.opened.total).toBe(0);
  expect(after.restDay).toBeNull();
  expect(after.targets.first_response).toEqual({ met: 1, due: 1, rate: 1 });
});

test('a weekend is marked', async () => {
  expect((await reports.daily('2026-11-28')).restDay).toBe('周末');
});

test('bad dates are refused with a precise message', async () => {
  await expect(reports.daily('2026-02-30')).rejects.toThrow(/expected a calendar day as YYYY-MM-DD/);
  await expect(reports.daily('2026-12-05')).rejects.toThrow(/2026-12-05 is in the future/);
  await expect(reports.monthly('2026-13')).rejects.toThrow(/expected a month as YYYY-MM/);
  await expect(reports.monthly('2027-01')).rejects.toThrow(/is in the future/);
});

test('monthly figures for December so far', async () => {
  const m = await reports.monthly('2026-12');
  expect(m.complete).toBe(false);
  expect(m.opened.total).toBe(8); // the six of 12-03, #1008 at 12-04 00:00 and #1012 on 12-02
  expect(m.complaints.total).toBe(5);
  expect(m.complaints.byLevel).toEqual({ '1': 3, '2': 1, '3': 1 });
  expect(m.complaints.byCause).toEqual([
    { cause: 'unknown', causeName: '未识别产品', level1: 2, level2: 0, level3: 1, total: 3 },
    { cause: 'ro-purifier', causeName: '净水器', level1: 1, level2: 1, level3: 0, total: 2 },
  ]);
  expect(m.repeatCustomers).toEqual({
    customers: 2,
    tickets: 4,
    withRepeatComplaints: 1,
    top: [
      { customer: '139****0001', tickets: 2, complaints: 0, visits: 2 },
      { customer: '139****0002', tickets: 2, complaints: 2, visits: 0 },
    ],
  });
  expect(m.faults).toEqual([
    { product: 'ro-purifier', productName: '净水器', visitType: 'repair', count: 2 },
    { product: 'water-heater', productName: '热水器', visitType: 'install', count: 1 },
  ]);
  expect(m.punctuality.overall).toEqual({ met: 1, due: 2, rate: 0.5 });
  expect(m.punctuality.byVisitType).toEqual({ install: { met: 0, due: 1, rate: 0 }, repair: { met: 1, due: 1, rate: 1 } });
  expect(m.targets.first_response).toEqual({ met: 2, due: 4, rate: 0.5 }); // #1001 #1002 met; #1003 #1012 missed; #1009 cancelled
  expect(m.satisfaction).toEqual({ count: 2, average: 4, distribution: { '3': 1, '5': 1 } });
  expect(m.escalations).toBe(3);
});

test('monthly figures for November (complete) and the CSV', async () => {
  const m = await reports.monthly('2026-11');
  expect(m.complete).toBe(true);
  expect(m.opened).toMatchObject({ total: 4, complaint: 1, visit: 3 });
  const csv = reports.monthlyCsv(m);
  expect(csv.startsWith('\ufeff月份,分类,维度,细分,数量,分母,比例\r\n')).toBe(true);
  expect(csv).toContain('2026-11,升级提醒,次数,,7,,\r\n');
  expect(csv).toContain('2026-11,时效达标,首次响应,,1,1,1\r\n');
});
