// seed-demo: a week replayed through the bot leaves tickets whose events, deadlines and
// outbox agree with the rules, and gives the daily dashboard figures to show.
import type { EntitySchema } from 'typeorm';
import { TicketEntity } from '../../src/db/entities/ticket.entity';
import { TicketEventEntity } from '../../src/db/entities/ticket-event.entity';
import { TicketDeadlineEntity } from '../../src/db/entities/ticket-deadline.entity';
import { OutboxEntity } from '../../src/db/entities/outbox.entity';
import { createLogger } from '../../src/lib/logger';
import { createReportService } from '../../src/reports/service';
import { ManualClock } from '../../src/lib/clock';
import { runSeedDemoCli, seedDemo, stepTime, type SeedResult } from '../../src/sandbox/seed-demo';
import { SEED_WEEK } from '../../src/sandbox/seed-week';
import { createTestDb, type TestDb } from '../support/test-db';
import { testConfig } from '../support/test-config';

jest.setTimeout(120_000);

/** Monday 7 December 2026, 14:00 China time. */
const NOW = Date.parse('2026-12-07T06:00:00Z');

let testDb: TestDb;
let result: SeedResult;
beforeAll(async () => {
  testDb = await createTestDb();
  result = await seedDemo({ db: testDb.db, config: testConfig(), logger: createLogger('silent'), now: NOW });
});
afterAll(async () => {
  await testDb?.drop();
});

// Rows are read loosely typed: these checks look at a few fields of several entities.
const repo = (e: EntitySchema<any>) => testDb.db.ds.getRepository<any>(e);

test('step times: China wall clock on past days, minutes before now today', () => {
  // Seven working days before Monday 7 December is Thursday 26 November.
  expect(new Date(stepTime({ ...SEED_WEEK[0]!, day: 7, at: '09:20' }, NOW)).toISOString()).toBe('2026-11-26T01:20:00.000Z');
  expect(new Date(stepTime({ ...SEED_WEEK[0]!, day: 1, at: '14:00' }, NOW)).toISOString()).toBe('2026-12-04T06:00:00.000Z');
  expect(stepTime({ ...SEED_WEEK[0]!, day: 0, at: 60 }, NOW)).toBe(NOW - 3_600_000);
});

test('every scripted ticket opened, none skipped', () => {
  expect(result.skipped).toEqual([]);
  const labels = SEED_WEEK.filter((s) => s.opens).map((s) => s.opens);
  expect(result.tickets.map((t) => t.label)).toEqual(labels);
  expect(new Set(result.tickets.map((t) => t.code)).size).toBe(labels.length);
});

test('the tickets carry what the rules say: levels, VIP, statuses, ratings', async () => {
  const rows = await repo(TicketEntity).find({ order: { id: 'ASC' } });
  const by = (label: string) => rows.find((r) => r.code === result.tickets.find((t) => t.label === label)!.code)!;
  expect(by('T1')).toMatchObject({ kind: 'complaint', complaintLevel: 1, status: 'resolved', satisfaction: 5, assigneeId: 'wang.agent' });
  expect(by('T2')).toMatchObject({ kind: 'visit', visitType: 'repair', status: 'resolved', satisfaction: 4, assigneeId: 'zhang.engineer' });
  expect(by('T4')).toMatchObject({ vip: true, customerName: '杭州云栖酒店', assigneeId: 'zhang.engineer' });
  expect(by('T5')).toMatchObject({ complaintLevel: 3, status: 'closed' });
  expect(by('T5').caseWriteup).toContain('气密性检测');
  // The same WeChat customer as T1 writing again: level 2.
  expect(by('T8')).toMatchObject({ complaintLevel: 2, status: 'in_progress', customerRef: 'wecom:wmDemoCustomerZhou' });
  expect(by('T11').status).toBe('open');
  expect(by('T12').status).toBe('open');
});

test('history is consistent: a create event per ticket, commands recorded, deadlines planned and judged', async () => {
  const tickets = await repo(TicketEntity).find();
  const events = await repo(TicketEventEntity).find();
  const deadlines = await repo(TicketDeadlineEntity).find();
  for (const t of tickets) {
    const mine = events.filter((e) => e.ticketId === t.id);
    expect(mine.filter((e) => e.action === 'create')).toHaveLength(1);
    expect(mine.every((e) => e.at >= t.createdAt && e.at <= NOW + 10 * 60_000)).toBe(true);
    expect(deadlines.filter((d) => d.ticketId === t.id).length).toBeGreaterThan(0);
  }
  const ticket = (label: string) => tickets.find((t) => t.code === result.tickets.find((x) => x.label === label)!.code)!;
  const deadline = (label: string, name: string) => deadlines.find((d) => d.ticketId === ticket(label).id && d.name === name)!;
  // T8 was claimed 75 working minutes after it opened: the half hour was missed. T1 in 15: met.
  expect(deadline('T8', 'first_response').metAt).toBeGreaterThan(deadline('T8', 'first_response').dueAt);
  expect(deadline('T1', 'first_response').metAt).toBeLessThanOrEqual(deadline('T1', 'first_response').dueAt);
  expect(events.filter((e) => e.ticketId === ticket('T8').id && e.action === 'claim')).toHaveLength(1);
  // Nobody has taken T11 (opened three hours ago, inside working hours): its first response is breached.
  expect(deadline('T11', 'first_response').metAt).toBeNull();
  expect(deadline('T11', 'first_response').dueAt).toBeLessThan(NOW);
});

test('everything the week said went out through the outbox to the fake platforms', async () => {
  const rows = await repo(OutboxEntity).find();
  expect(rows.length).toBeGreaterThan(SEED_WEEK.length);
  expect(rows.filter((r) => r.status !== 'sent').map((r) => `${r.idempotencyKey}: ${r.lastError}`)).toEqual([]);
});

test('the daily dashboard has figures for the seeded days', async () => {
  const reports = createReportService({ db: testDb.db, clock: new ManualClock(NOW), config: testConfig() });
  const report = await reports.daily();
  const opened = report.week.reduce((n, d) => n + d.opened, 0);
  // The chart's week is the calendar week to today; today has the two opened this morning.
  expect(opened).toBeGreaterThanOrEqual(6);
  expect(report.opened.total).toBe(2);
  expect(report.backlog.open).toBeGreaterThanOrEqual(4);
  expect(report.week.some((d) => d.satisfaction.count > 0)).toBe(true);
});

test('the CLI refuses to seed where platform credentials are set', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { WECOM_CORP_ID: 'wwreal', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'a'.repeat(43), SANDBOX: '' });
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => ({ write: (s: string) => (into.push(s), true) }) as unknown as NodeJS.WritableStream;
  try {
    expect(await runSeedDemoCli([], sink(out), sink(err))).toBe(2);
    expect(err.join('')).toContain('sandbox database only');
    expect(await runSeedDemoCli(['--now'], sink(out), sink(err))).toBe(2);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});
