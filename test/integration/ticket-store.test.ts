import { ManualClock } from '../../src/lib/clock';
import { wrapDataSource } from '../../src/db/database';
import { createDataSource } from '../../src/db/data-source';
import { createTicketStore, type NewTicket } from '../../src/tickets/ticket-store';
import { IllegalTransitionError } from '../../src/tickets/state-machine';
import { createTestDb, testDialect, type TestDb } from '../support/test-db';

let t: TestDb;
const clock = new ManualClock('2026-12-04T01:00:00Z');
const actor = { type: 'staff' as const, id: 'wang.agent' };

const draft = (over: Partial<NewTicket> = {}): NewTicket => ({
  kind: 'visit', complaintLevel: null, visitType: 'repair', vip: false, summary: '空调不制冷', description: '空调不制冷', product: null,
  customerName: null, customerPhone: '13900000001', customerRef: null, contactName: null, contactPhone: null, address: '杭州市西湖区文三路90号',
  region: '杭州', appointmentDate: null, appointmentStart: null, appointmentEnd: null, appointmentAt: null, assigneeId: null,
  policyName: 'standard', policy: {}, sourcePlatform: 'sandbox', sourceConversationId: 'g1', sourceConversationType: 'group',
  sourceConversationTitle: null, sourceMessageId: null, sourceSenderId: null, ...over,
});

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

test('concurrent creates get distinct codes, each with its create event', async () => {
  const store = createTicketStore({ db: t.db, clock });
  const made = await Promise.all(Array.from({ length: 20 }, () => store.create(draft(), actor)));
  const codes = new Set(made.map((m) => m.code));
  expect(codes.size).toBe(20);
  for (const m of made) expect((await store.events(m.id)).map((e) => e.action)).toEqual(['create']);
});

test('two instances (two connections) creating at the same moment never share a code', async () => {
  // A second DataSource on the same database behaves like a second gongdan process.
  const other = createDataSource(t.url);
  await other.initialize();
  try {
    const a = createTicketStore({ db: t.db, clock });
    const b = createTicketStore({ db: wrapDataSource(other, testDialect), clock });
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).create(draft(), actor)));
    expect(new Set(made.map((m) => m.code)).size).toBe(10);
  } finally {
    await other.destroy();
  }
});

test('paused time is kept exactly across pause, resume, pause and close', async () => {
  const store = createTicketStore({ db: t.db, clock });
  const { code } = await store.create(draft(), actor);
  await store.transition(code!, 'claim', actor);
  clock.advance(60_000);
  await store.transition(code!, 'pause', actor, {}, { note: '等客户回家' });
  clock.advance(3_600_000);
  const resumed = await store.transition(code!, 'resume', actor);
  expect(resumed).toMatchObject({ status: 'in_progress', pausedMs: 3_600_000, pausedAt: null });
  await store.transition(code!, 'pause', actor);
  clock.advance(125_000);
  const closed = await store.transition(code!, 'close', actor);
  expect(closed).toMatchObject({ status: 'closed', pausedMs: 3_725_000, pausedAt: null });
  const reloaded = await store.get(code!);
  expect(reloaded.pausedMs).toBe(3_725_000);
  const events = await store.events(reloaded.id);
  expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
    ['create', null, 'open'],
    ['claim', 'open', 'in_progress'],
    ['pause', 'in_progress', 'pending'],
    ['resume', 'pending', 'in_progress'],
    ['pause', 'in_progress', 'pending'],
    ['close', 'pending', 'closed'],
  ]);
  expect(events[2]!.note).toBe('等客户回家');
});

test('an illegal transition changes nothing and writes no event', async () => {
  const store = createTicketStore({ db: t.db, clock });
  const { code, id } = await store.create(draft({ kind: 'complaint', visitType: null, complaintLevel: 1 }), actor);
  await expect(store.transition(code!, 'arrive', actor)).rejects.toBeInstanceOf(IllegalTransitionError);
  expect((await store.get(code!)).status).toBe('open');
  expect(await store.events(id)).toHaveLength(1);
});

test('a failure inside the same transaction rolls the change and its event back', async () => {
  const store = createTicketStore({ db: t.db, clock });
  const { code, id } = await store.create(draft(), actor);
  await expect(
    store.transition(code!, 'claim', actor, {}, {
      within: async () => {
        throw new Error('outbox insert failed');
      },
    }),
  ).rejects.toThrow('outbox insert failed');
  expect((await store.get(code!)).status).toBe('open');
  expect(await store.events(id)).toHaveLength(1);
});

test('two racing changes to one ticket: one wins, the other is told to retry', async () => {
  const other = createDataSource(t.url);
  await other.initialize();
  try {
    const a = createTicketStore({ db: t.db, clock });
    const b = createTicketStore({ db: wrapDataSource(other, testDialect), clock });
    const { code, id } = await a.create(draft(), actor);
    const results = await Promise.allSettled([a.transition(code!, 'claim', actor), b.transition(code!, 'claim', { type: 'staff', id: 'liu.engineer' })]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(failed.reason.message)).toMatch(/changed by someone else|cannot claim|locked|busy/);
    expect((await a.events(id)).filter((e) => e.action === 'claim')).toHaveLength(1);
  } finally {
    await other.destroy();
  }
});

(testDialect === 'mysql' ? test : test.skip)('a MySQL database without utf8mb4 is refused at start with what to run', async () => {
  const { createConnection } = await import('mysql2/promise');
  const server = new URL(t.url);
  const name = `gongdan_latin1_${process.pid}`;
  const admin = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET latin1`);
  try {
    server.pathname = `/${name}`;
    const { connectDatabase } = await import('../../src/db/database');
    await expect(connectDatabase(server.toString())).rejects.toThrow(`the MySQL database "${name}" uses the character set latin1; chat messages need utf8mb4. Run: ALTER DATABASE`);
    const [tables] = (await admin.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?`, [name])) as unknown as [{ n: number }[]];
    expect(Number(tables[0]!.n)).toBe(0);
  } finally {
    await admin.query(`DROP DATABASE \`${name}\``);
    await admin.end();
  }
});
