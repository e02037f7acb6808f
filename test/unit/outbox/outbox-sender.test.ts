// The outbox against a real database and the test channel: idempotent enqueue, retries with
// backoff and Retry-After, dead letters that always tell someone, alerts that cannot loop, and a
// per-destination rate limit that holds with two senders.
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { createOutbox, type OutboxItem } from '../../../src/outbox/outbox-store';
import { createOutboxSender, defaultBackoff, type OutboxSender } from '../../../src/outbox/outbox-sender';
import { OutboxEntity } from '../../../src/db/entities/outbox.entity';
import type { Destination } from '../../../src/channels/channel';
import { createTestDb, type TestDb } from '../../support/test-db';
import { TestChannel } from '../../fakes/test-channel';

const OPS: Destination = { kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' };
const STAFF: Destination = { kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' };
const USER: Destination = { kind: 'user', platform: 'wecom', userId: 'ZhangGong' };

let testDb: TestDb;
let clock: ManualClock;
let channel: TestChannel;
let logs: Record<string, unknown>[];
beforeEach(async () => {
  testDb = await createTestDb();
  clock = new ManualClock('2026-12-04T02:00:00Z');
  channel = new TestChannel('wecom', { clock });
  logs = [];
});
afterEach(async () => testDb.drop());

function sender(owner = 'a', opts: { maxAttempts?: number } = {}): OutboxSender {
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });
  return createOutboxSender({ db: testDb.db, clock, channels: [channel], logger, owner, alertDestinations: (audience) => [audience === 'operators' ? OPS : STAFF], ...opts });
}
const item = (key: string, destination: Destination = USER, title = '工单提醒'): OutboxItem => ({ destination, body: { title, lines: [`line of ${key}`] }, idempotencyKey: key });
const rows = () => testDb.db.ds.getRepository(OutboxEntity).find({ order: { id: 'ASC' } });

test('enqueueing the same key twice (also inside a transaction) is one row', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  await outbox.enqueue(item('k1'));
  await outbox.enqueue(item('k1', USER, 'different title'));
  await testDb.db.transaction(async (em) => {
    await outbox.enqueueAll([item('k1'), item('k2')], em);
  });
  expect((await rows()).map((r) => r.idempotencyKey)).toEqual(['k1', 'k2']);
  expect((await outbox.find('k1'))!.body).toMatchObject({ title: '工单提醒' });
});

test('a send that fails twice then succeeds: backoff between attempts, one message, three attempts', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  const s = sender();
  channel.failNext(2, 'retry', { message: 'HTTP 502' });
  await outbox.enqueue(item('flaky'));
  await s.drain();
  expect(channel.attempts).toHaveLength(1);
  clock.advance(defaultBackoff(1) - 1);
  await s.drain();
  expect(channel.attempts).toHaveLength(1); // not before the backoff
  clock.advance(1);
  await s.drain();
  expect(channel.attempts).toHaveLength(2);
  clock.advance(defaultBackoff(2));
  await s.drain();
  expect(channel.sent).toHaveLength(1);
  const [row] = await rows();
  expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null, platformMessageId: 'test-1' });
  expect(logs.filter((l) => l.msg === 'send failed; will retry')).toHaveLength(2);
});

test('Retry-After from the platform wins over a shorter backoff', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  const s = sender();
  channel.failNext(1, 'retry', { retryAfterMs: 120_000 });
  await outbox.enqueue(item('throttled'));
  await s.drain();
  clock.advance(60_000);
  await s.drain();
  expect(channel.sent).toHaveLength(0);
  clock.advance(60_000);
  await s.drain();
  expect(channel.sent).toHaveLength(1);
});

test('fix_config: dead letter, one operator alert a day per broken destination, an error log for each', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  channel.failNext(3, 'fix_config', { message: 'invalid webhook key', match: (m) => m.destination.kind === 'robot' && m.destination.conversationId === 'wecom-service' });
  await outbox.enqueue(item('bad', STAFF, '【超时】#1001'));
  await outbox.enqueue(item('bad2', STAFF, '【提醒】#1002'));
  await sender().drain();
  const all = await rows();
  expect(all.slice(0, 2).map((r) => [r.idempotencyKey, r.status, r.lastError])).toEqual([
    ['bad', 'dead', 'fix_config: invalid webhook key'],
    ['bad2', 'dead', 'fix_config: invalid webhook key'],
  ]);
  expect(all.slice(2).map((r) => r.status)).toEqual(['sent']);
  expect(channel.sent.map((m) => [m.destination, m.body.title])).toEqual([[OPS, '配置错误：发往群 wecom-service的消息被拒绝']]);
  expect(channel.sent[0]!.body.lines).toEqual([
    '消息「【超时】#1001」没有送达。',
    '请处理：检查运营配置 conversations 中该群的机器人设置。',
    '平台返回：invalid webhook key',
    '修好之前发往这里的消息都会失败；今天不再重复提醒，每一条都记在日志里。',
  ]);
  expect(logs.filter((l) => l.level === 'error' && String(l.msg).includes('fix it'))).toHaveLength(2);
  // The next day, a still-broken robot is worth one more alert.
  clock.advance(86_400_000);
  await outbox.enqueue(item('bad3', STAFF, '【超时】#1003'));
  await sender().drain();
  expect(channel.sent.map((m) => m.body.lines[0])).toEqual(['消息「【超时】#1001」没有送达。', '消息「【超时】#1003」没有送达。']);
});

test('drop (e.g. the kf reply budget is gone): dead letter and the staff group is told the customer was not answered', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  channel.failNext(1, 'drop', { message: 'kf: 48 h window closed', match: (m) => m.destination.kind === 'customer' });
  await outbox.enqueue(item('kf-reply', { kind: 'customer', platform: 'wecom', customerId: 'wmA', serviceId: 'wkDemo' }, '已为您登记工单 #1001'));
  await sender().drain();
  expect((await rows())[0]).toMatchObject({ status: 'dead' });
  expect(channel.sent.map((m) => m.destination)).toEqual([STAFF]);
  expect(channel.sent[0]!.body.title).toBe('客户 wmA没有收到消息');
  expect(channel.sent[0]!.body.lines.join('\n')).toContain('消息「已为您登记工单 #1001」没有送达客户 wmA。\n请通过电话或客服后台联系客户');
  expect(channel.sent[0]!.body.lines.join('\n')).toContain('平台返回：kf: 48 h window closed');
});

test('drop while a person holds the conversation (kf state 2/3): dead letter and a log line, no chat alert', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  channel.failNext(1, 'drop', { message: 'kf: the session is handled by a person (service_state 3)', heldByPerson: true });
  await outbox.enqueue(item('kf-held', { kind: 'customer', platform: 'wecom', customerId: 'wmB', serviceId: 'wkDemo' }, '您的工单 #1002 已接单'));
  await sender().drain();
  expect((await rows()).map((r) => [r.idempotencyKey, r.status, r.lastError])).toEqual([['kf-held', 'dead', 'drop: kf: the session is handled by a person (service_state 3)']]);
  expect(channel.sent).toEqual([]);
  expect(logs.some((l) => l.msg === 'not sent: a person holds this conversation')).toBe(true);
});

test('after the last attempt: dead letter and an operator alert; an alert that fails is only logged', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  const s = sender('a', { maxAttempts: 2 });
  channel.failNext(2, 'retry', { message: 'timeout', match: (m) => m.idempotencyKey === 'doomed' });
  channel.failNext(1, 'fix_config', { message: 'managers robot key revoked', match: (m) => m.idempotencyKey.startsWith('alert:') });
  await outbox.enqueue(item('doomed'));
  await s.drain();
  clock.advance(defaultBackoff(1));
  await s.drain();
  clock.advance(3_600_000);
  await s.drain();
  const all = await rows();
  expect(all.map((r) => [r.idempotencyKey, r.status])).toEqual([
    ['doomed', 'dead'],
    [expect.stringMatching(/^alert:operators:0:发往员工 ZhangGong的消息发送失败:wecom:user:ZhangGong:2026-12-04$/), 'dead'],
  ]);
  expect(channel.sent).toHaveLength(0);
  expect(logs.some((l) => l.msg === 'message given up after the last attempt')).toBe(true);
  expect(logs.some((l) => String(l.msg).includes('an operator alert could not be sent'))).toBe(true);
});

test('a platform with no channel is a configuration error, not a silent drop', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  await outbox.enqueue(item('dt', { kind: 'user', platform: 'dingtalk', userId: 'dt-zhang' }));
  await sender().drain();
  expect((await rows())[0]).toMatchObject({ status: 'dead', lastError: expect.stringContaining('no channel is configured for platform "dingtalk"') });
  expect(channel.sent.map((m) => m.destination)).toEqual([OPS]);
});

test('20 a minute per group robot, shared by two senders draining at once', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  const items = Array.from({ length: 25 }, (_, i) => item(`burst-${i}`, STAFF));
  await outbox.enqueueAll(items);
  await outbox.enqueue(item('other-user', USER)); // not rate-limited, not held up
  await Promise.all([sender('a').drain(), sender('b').drain()]);
  expect(channel.sent.filter((m) => m.destination.kind === 'robot')).toHaveLength(20);
  expect(channel.sent.filter((m) => m.destination.kind === 'user')).toHaveLength(1);
  clock.advance(30_000);
  await Promise.all([sender('a').drain(), sender('b').drain()]);
  expect(channel.sent).toHaveLength(21);
  clock.advance(31_000);
  await Promise.all([sender('a').drain(), sender('b').drain()]);
  expect(channel.sent).toHaveLength(26);
  expect(new Set(channel.sent.map((m) => m.idempotencyKey)).size).toBe(26);
  const pending = (await rows()).filter((r) => r.status !== 'sent');
  expect(pending).toEqual([]);
  expect((await rows()).every((r) => r.attempts === 1)).toBe(true);
});

test('images survive the outbox (base64 in the row, a Buffer at the channel)', async () => {
  const outbox = createOutbox({ db: testDb.db, clock });
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
  await outbox.enqueue({ destination: OPS, body: { title: '售后日报', lines: [], image: { png } }, idempotencyKey: 'img' });
  await sender().drain();
  expect(Buffer.isBuffer(channel.sent[0]!.body.image!.png)).toBe(true);
  expect(channel.sent[0]!.body.image!.png.equals(png)).toBe(true);
});
