// Delivery through the real runtime: a card whose send fails twice arrives once, later; and the
// holiday-data warning reaches the log at every start and the managers' group once a day.
import { createLogger } from '../../src/lib/logger';
import { defaultBackoff } from '../../src/outbox/outbox-sender';
import { OutboxEntity } from '../../src/db/entities/outbox.entity';
import { testConfig } from '../support/test-config';
import { startChase, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';

let h: ChaseHarness;
afterEach(async () => h?.close());

test('a card that fails twice (HTTP 5xx) and then succeeds is delivered exactly once', async () => {
  h = await startChase({ start: cst(2026, 12, 3, 10, 0) });
  h.channel.failNext(2, 'retry', { message: 'HTTP 503 from the platform' });
  expect(await h.say({ from: STAFF.wang, text: '客户周女士 13900000002 投诉净水器漏水，很不满意', conversation: GROUP })).toEqual([]);
  expect(await h.advance(defaultBackoff(1))).toEqual([]);
  const late = await h.advance(defaultBackoff(2));
  expect(late).toHaveLength(1);
  expect(textOf(late[0]!)).toContain('新工单 #');
  expect((await h.advance(3_600_000)).filter((m) => m.destination.kind === 'reply')).toEqual([]); // reminders yes, no second card
  expect(h.channel.attempts.filter((m) => m.idempotencyKey === late[0]!.idempotencyKey)).toHaveLength(3);
  const row = await h.db.ds.getRepository(OutboxEntity).findOneByOrFail({ idempotencyKey: late[0]!.idempotencyKey });
  expect(row).toMatchObject({ status: 'sent', attempts: 3, ticketId: (await h.ticket(codeIn(late[0]!)!)).id });
});

test('missing holiday data for the coming year: a log warning at every start, one chat warning a day', async () => {
  const logs: { level: string; msg: string }[] = [];
  const logger = createLogger('warn', { write: (line: string) => void logs.push(JSON.parse(line)) });
  // The example config declares no 2027 holidays and chinese-days 1.5.7 stops at 2026.
  h = await startChase({ config: testConfig(), start: cst(2026, 12, 4, 10, 0), logger });
  h.runtime.start();
  await h.runtime.chase.holidayCheck(); // a second instance starting the same day
  const first = await h.tick();
  const warnings = first.filter((m) => m.body.title === '节假日数据缺失');
  expect(warnings.map((m) => m.destination)).toEqual([{ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }]);
  expect(textOf(warnings[0]!)).toContain('日历「workdays」还没有 2027 年的放假和调休安排');
  expect(logs.filter((l) => l.level === 'warn' && l.msg.includes('no Chinese public holiday data for workdays: 2027'))).toHaveLength(2);

  expect((await h.at(cst(2026, 12, 4, 16, 0))).filter((m) => m.body.title === '节假日数据缺失')).toEqual([]);
  const nextDay = await h.at(cst(2026, 12, 5, 8, 30)); // the daily check
  expect(nextDay.filter((m) => m.body.title === '节假日数据缺失')).toHaveLength(1);
});
