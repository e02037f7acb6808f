// Two gongdan instances on one database (MySQL with GONGDAN_TEST_MYSQL_URL; otherwise two
// runtimes on one SQLite file), ticking at the same moments: every reminder goes out once,
// every cron fire runs once, round-robin turns are shared.
import { ManualClock } from '../../src/lib/clock';
import { JobRunEntity } from '../../src/db/entities/job-run.entity';
import { TimerEntity } from '../../src/db/entities/timer.entity';
import { TicketEventEntity } from '../../src/db/entities/ticket-event.entity';
import { startChase, chaseConfig, STAFF, GROUP, cst, codeIn, type ChaseHarness } from './chase-harness';
import type { SentMessage } from '../fakes/test-channel';

const fast = chaseConfig((raw) => {
  raw.policies.fast = {
    calendar: 'always',
    complaint: { firstResponse: '60s', resolution: { '1': '1h', '2': '1h', '3': '30m' }, chain: 'fast' },
    visit: { dispatch: '60s', contactBefore: '10m', arrivalGrace: '5m', report: '10m', followUpWithin: '1d', defaultArrival: '1h', chain: 'fast' },
  };
  raw.escalation.chains.fast = [
    { deadline: 'first_response', offset: '-20s', notify: 'assignee' },
    { deadline: 'first_response', offset: '0', notify: 'group', repeat: '30s' },
    { deadline: 'first_response', offset: '45s', notify: 'manager' },
  ];
  raw.defaultPolicy = 'fast';
});

let a: ChaseHarness;
let b: ChaseHarness;
const clock = new ManualClock(cst(2026, 12, 5, 3, 0));
beforeAll(async () => {
  a = await startChase({ config: fast, start: '', clock, instance: 'instance-a' });
  b = await startChase({ config: fast, start: '', clock, instance: 'instance-b', shareDb: a.testDb });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const chase = (m: SentMessage) => !m.idempotencyKey.includes('report-');

test('five complaints, both instances ticking together: each reminder, breach, repeat and manager notice once', async () => {
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const via = i % 2 ? b : a;
    const [card] = await via.say({ from: STAFF.li, text: `客户${i}号 1390000001${i} 投诉净水器漏水，很不满意`, conversation: GROUP, messageId: `two-${i}` });
    codes.push(codeIn(card!)!);
  }
  expect(new Set(codes).size).toBe(5);
  for (let s = 0; s < 12; s++) {
    clock.advance(10_000);
    await Promise.all([a.runtime.scheduler.tick(), b.runtime.scheduler.tick()]);
    await Promise.all([a.runtime.outbox.drain(), b.runtime.outbox.drain()]);
  }
  const sent = [...a.channel.sent, ...b.channel.sent].filter(chase).filter((m) => m.destination.kind !== 'reply');
  const keys = sent.map((m) => m.idempotencyKey);
  expect(new Set(keys).size).toBe(keys.length);
  // Per ticket: reminder (t+40s), group at t+60s, its repeats at t+90s and t+120s, manager at t+105s.
  const events = await a.db.ds.getRepository(TicketEventEntity).find({ where: { action: 'escalation' } });
  expect(events).toHaveLength(5 * 5);
  const perTicket = new Map<number, string[]>();
  for (const e of events) perTicket.set(e.ticketId, [...(perTicket.get(e.ticketId) ?? []), `${e.data!.notify}:${e.data!.repeat}`]);
  for (const list of perTicket.values()) expect(list.sort()).toEqual(['assignee:0', 'group:0', 'group:1', 'group:2', 'manager:0']);
  // Reminders to one person falling due together went as one digest: five tickets, one 1:1 message per step to 小王.
  const toWang = sent.filter((m) => m.destination.kind === 'user' && (m.destination as { userId: string }).userId === STAFF.wang);
  expect(toWang.flatMap((m) => m.body.lines)).toHaveLength(5);
  expect(toWang.length).toBeLessThan(5);
  const fired = await a.db.ds.getRepository(TimerEntity).find({ where: { status: 'fired' } });
  expect(new Set(fired.map((t) => t.timerKey)).size).toBe(fired.length);
});

test('a cron fire runs on exactly one of the two instances', async () => {
  const runs: string[] = [];
  a.runtime.scheduler.registerJob('twin-check', '* * * * *', async (at) => void runs.push(`a@${at.toISOString()}`));
  b.runtime.scheduler.registerJob('twin-check', '* * * * *', async (at) => void runs.push(`b@${at.toISOString()}`));
  clock.set(cst(2026, 12, 5, 4, 0, 30));
  for (let i = 0; i < 6; i++) {
    clock.advance(30_000);
    await Promise.all([a.runtime.scheduler.tick(), b.runtime.scheduler.tick()]);
  }
  const minutes = runs.map((r) => r.slice(2));
  expect(minutes).toEqual([...new Set(minutes)]);
  expect(minutes.sort()).toEqual([1, 2, 3].map((m) => new Date(cst(2026, 12, 5, 4, m)).toISOString()));
  const rows = await a.db.ds.getRepository(JobRunEntity).find({ where: { job: 'twin-check' } });
  expect(rows).toHaveLength(3);
  expect(rows.every((r) => r.status === 'done')).toBe(true);
});
