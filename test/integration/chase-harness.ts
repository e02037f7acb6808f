// A running gongdan for the chase scenarios: real runtime and database, a ManualClock, the
// channel-neutral test channel standing in for WeCom, and a manual heartbeat driven by tick().
import { ManualClock } from '../../src/lib/clock';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger, type Logger } from '../../src/lib/logger';
import type { OperatorConfig } from '../../src/config/operator-schema';
import { createRuntime, type Runtime } from '../../src/runtime';
import { manualHeartbeat } from '../../src/scheduler/scheduler';
import { connectDatabase, type Database } from '../../src/db/database';
import { TicketEntity, type TicketRow } from '../../src/db/entities/ticket.entity';
import { TicketDeadlineEntity } from '../../src/db/entities/ticket-deadline.entity';
import { TicketEventEntity } from '../../src/db/entities/ticket-event.entity';
import { chinaTime } from '../../src/sla/china-time';
import { createTestDb, type TestDb } from '../support/test-db';
import { testConfig, testEnv } from '../support/test-config';
import { TestChannel, type InboundDraft, type SentMessage } from '../fakes/test-channel';

export const GROUP = { type: 'group' as const, id: 'wrDemoServiceGroup', title: '售后服务群' };
export const STAFF = { wang: 'WangXiaoWang', li: 'LiDiaodu', zhang: 'ZhangGong', liu: 'LiuGong', chen: 'ChenSales', zhao: 'ZhaoJingli', qian: 'QianZong' } as const;

/** China wall-clock time as an ISO instant: cst(2026, 9, 30, 17, 50). */
export const cst = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(chinaTime(y, mo, d, h, mi, s)).toISOString();

/** The example config with 2027's holidays declared, so no holiday-gap warning joins the chat. */
export function chaseConfig(change?: (raw: Record<string, any>) => void): OperatorConfig {
  return testConfig((raw) => {
    raw.calendars.workdays.holidays = { '2027': { off: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'], workdays: ['2027-02-14'] } };
    change?.(raw);
  });
}

export interface ChaseHarness {
  runtime: Runtime;
  clock: ManualClock;
  channel: TestChannel;
  db: Database;
  testDb: TestDb;
  /** Records the message in the inbox (as a webhook would), handles it, sends the replies. */
  say(d: InboundDraft): Promise<SentMessage[]>;
  /** Moves the clock, runs a heartbeat; returns what was sent meanwhile. */
  advance(ms: number): Promise<SentMessage[]>;
  /** Moves the clock to an instant and runs a heartbeat. */
  at(iso: string): Promise<SentMessage[]>;
  tick(): Promise<SentMessage[]>;
  ticket(code: string): Promise<TicketRow>;
  latestTicket(): Promise<TicketRow | null>;
  deadlines(ticketId: number): Promise<Record<string, { dueAt: string; metAt: string | null; breachedAt: string | null }>>;
  events(ticketId: number): Promise<{ action: string; messageId: string | null; note: string | null; data: Record<string, unknown> | null }[]>;
  close(): Promise<void>;
}

export async function startChase(opts: { config?: OperatorConfig; start: string; instance?: string; shareDb?: TestDb; clock?: ManualClock; channel?: TestChannel; backoffMs?: (n: number) => number; logger?: Logger }): Promise<ChaseHarness> {
  const testDb = opts.shareDb ?? (await createTestDb());
  // A second instance gets its own connection (pool) to the same database, like a second process.
  const db = opts.shareDb ? await connectDatabase(testDb.url) : testDb.db;
  const clock = opts.clock ?? new ManualClock(opts.start);
  const channel = opts.channel ?? new TestChannel('wecom', { clock, defaultConversation: GROUP });
  const runtime = createRuntime({
    env: testEnv({ INSTANCE_ID: opts.instance ?? 'chase-test-1' }),
    config: opts.config ?? chaseConfig(),
    db,
    clock,
    http: createFetchHttpClient(),
    logger: opts.logger ?? createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent'),
    channels: [channel],
    heartbeat: manualHeartbeat,
    ...(opts.backoffMs ? { sender: { backoffMs: opts.backoffMs } } : {}),
  });
  const since = () => channel.sent.length;
  // The reports engineer's daily dashboard also goes out at 09:00; these scenarios are about the chase.
  const after = (n: number) => channel.sent.slice(n).filter((m) => !m.idempotencyKey.includes('report-'));
  const settle = async () => {
    await runtime.processor.drain();
    await runtime.outbox.drain();
  };
  const h: ChaseHarness = {
    runtime,
    clock,
    channel,
    db,
    testDb,
    async say(d) {
      const n = since();
      await runtime.inbox.record([channel.inbound(d)]);
      await settle();
      return after(n);
    },
    async tick() {
      const n = since();
      await runtime.scheduler.tick();
      await settle();
      return after(n);
    },
    async advance(ms) {
      clock.advance(ms);
      return h.tick();
    },
    async at(iso) {
      clock.set(iso);
      return h.tick();
    },
    async ticket(code) {
      return db.ds.getRepository(TicketEntity).findOneByOrFail({ code });
    },
    async latestTicket() {
      return db.ds.getRepository(TicketEntity).findOne({ where: {}, order: { id: 'DESC' } });
    },
    async deadlines(ticketId) {
      const rows = await db.ds.getRepository(TicketDeadlineEntity).find({ where: { ticketId } });
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return Object.fromEntries(rows.map((r) => [r.name, { dueAt: iso(r.dueAt)!, metAt: iso(r.metAt), breachedAt: iso(r.breachedAt) }]));
    },
    async events(ticketId) {
      const rows = await db.ds.getRepository(TicketEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
      return rows.map((e) => ({ action: e.action, messageId: e.messageId, note: e.note, data: e.data }));
    },
    async close() {
      await runtime.stop();
      if (opts.shareDb) await db.close();
      else await testDb.drop();
    },
  };
  return h;
}

/** All text of a sent message, for matching. */
export const textOf = (m: SentMessage) => [m.body.title, ...m.body.lines].join('\n');
/** The ticket code a card names. */
export const codeIn = (m: SentMessage) => /#(\d{4,})/.exec(m.body.title)?.[1] ?? null;
