// Stream mode with the real dingtalk-stream SDK against the loopback gateway: the connection is
// opened through DINGTALK_API_BASE, frames are acknowledged, redeliveries and duplicates become
// one inbound row keyed by the robot's msgId, and a disconnect brings a fresh ticket.
import { startDingtalk, eventually, DT, type DingtalkHarness } from '../support/dingtalk-harness';
import { FakeDingtalkPlatform, FakeStreamGateway } from '../fakes/dingtalk-server';
import { createSdkStreamClient } from '../../src/channels/dingtalk/stream';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger } from '../../src/lib/logger';

let h: DingtalkHarness;
beforeAll(async () => {
  h = await startDingtalk({ mode: 'stream', redeliverAfterMs: 300 });
});
afterAll(async () => h.close());

const group = { type: 'group' as const, id: 'cidDemoServiceGroup', title: '售后服务群' };
const rowsFor = async (msgId: string) =>
  Number(((await h.t.runtime.db.ds.query('SELECT COUNT(*) AS n FROM inbound_messages WHERE platform = ? AND platform_message_id = ?', ['dingtalk', msgId])) as { n: number }[])[0]!.n);

test('connects through the fake open-connection API with a ticket and mounts no HTTP callback', async () => {
  expect(h.gateway!.ticketsUsed).toHaveLength(1);
  expect(h.fake.requests.filter((r) => r.path === '/v1.0/gateway/connections/open')).toEqual([expect.objectContaining({ status: 200 })]);
  const res = await h.sim.post(h.callbackUrl, h.sim.robotMessage({ text: 'x', sender: { staffId: 'dt-wang' }, conversation: group }));
  expect(res.status).toBe(404);
});

test('a callback frame is acknowledged and recorded under the robot msgId, not the frame id', async () => {
  const body = h.sim.robotMessage({ text: '报修：2号楼电梯异响', sender: { staffId: 'dt-wang', nick: '客服小王' }, conversation: group });
  const acks = h.gateway!.acks.length;
  h.gateway!.deliverRobotMessage(body);
  await eventually(() => h.gateway!.acks.length > acks, 5_000, 'the ack');
  expect(h.gateway!.unacknowledged).toBe(0);
  const frame = h.gateway!.framesSent.at(-1)!;
  expect(frame.msgId).toBe(body.msgId);
  expect(h.gateway!.acks.at(-1)).toEqual({ frameId: frame.frameId, data: { response: {} } });
  expect(await rowsFor(String(body.msgId))).toBe(1);
  const rows: { payload: string | object }[] = await h.t.runtime.db.ds.query('SELECT payload FROM inbound_messages WHERE platform_message_id = ?', [body.msgId]);
  const m = typeof rows[0]!.payload === 'string' ? JSON.parse(rows[0]!.payload) : rows[0]!.payload;
  expect(m).toMatchObject({ messageId: body.msgId, text: '报修：2号楼电梯异响', conversation: { type: 'group', id: 'cidDemoServiceGroup' }, sender: { id: 'dt-wang' }, replyContext: { sessionWebhook: body.sessionWebhook } });
});

test('the same message pushed three times is one row (each push acknowledged)', async () => {
  const body = h.sim.robotMessage({ text: '投诉：安装师傅迟到', sender: { staffId: 'dt-chen' }, conversation: group });
  const acks = h.gateway!.acks.length;
  for (let i = 0; i < 3; i++) h.gateway!.deliverRobotMessage(body);
  await eventually(() => h.gateway!.acks.length >= acks + 3, 5_000, 'three acks');
  expect(await rowsFor(String(body.msgId))).toBe(1);
});

test('a lost ack makes the gateway redeliver under a new frame id; still one row', async () => {
  const body = h.sim.robotMessage({ text: '报修：热水器不出热水', sender: { staffId: 'dt-li' }, conversation: group });
  h.gateway!.loseAcks(2);
  h.gateway!.deliverRobotMessage(body);
  await eventually(() => h.gateway!.unacknowledged === 0, 5_000, 'the redelivered frame to be acknowledged');
  const frames = h.gateway!.framesSent.filter((f) => f.msgId === body.msgId);
  expect(frames.length).toBe(3);
  expect(new Set(frames.map((f) => f.frameId)).size).toBe(3);
  expect(await rowsFor(String(body.msgId))).toBe(1);
});

test('a ping is echoed with the same data', async () => {
  const echo = await h.gateway!.ping();
  expect(echo.code).toBe(200);
  expect(JSON.parse(echo.data!)).toHaveProperty('opaque');
});

test('a body that is not a robot message is acknowledged (no redelivery loop) and not recorded', async () => {
  const before = await h.inboundCount();
  const acks = h.gateway!.acks.length;
  h.gateway!.deliverRobotMessage({ msgId: 'msgBroken1', msgtype: 'text', conversationType: '9' });
  await eventually(() => h.gateway!.acks.length > acks, 5_000, 'the ack');
  expect(await h.inboundCount()).toBe(before);
});

test('disconnect: the client comes back with a fresh ticket and the un-acked frame arrives once', async () => {
  const body = h.sim.robotMessage({ text: '预约明天上午上门保养', sender: { staffId: 'dt-zhang' }, conversation: group });
  h.gateway!.loseAcks(1);
  h.gateway!.deliverRobotMessage(body);
  await eventually(() => h.gateway!.framesSent.some((f) => f.msgId === body.msgId), 5_000, 'the first push');
  h.gateway!.disconnect();
  await h.gateway!.waitForConnections(2, 10_000);
  const [first, second] = h.gateway!.ticketsUsed;
  expect(second).not.toBe(first);
  expect(h.fake.requests.filter((r) => r.path === '/v1.0/gateway/connections/open')).toHaveLength(2);
  await eventually(() => h.gateway!.unacknowledged === 0, 5_000, 'the frame redelivered on the new connection');
  expect(await rowsFor(String(body.msgId))).toBe(1);

  const after = h.sim.robotMessage({ text: '报修：门锁坏了', sender: { staffId: 'dt-zhang' }, conversation: group });
  h.gateway!.deliverRobotMessage(after);
  await eventually(async () => (await rowsFor(String(after.msgId))) === 1, 5_000, 'a message on the new connection');
});

test('a half-open connection (no pong) is terminated and replaced with a fresh ticket', async () => {
  const fake = await FakeDingtalkPlatform.start({ clock: h.clock, ...DT });
  const gateway = await FakeStreamGateway.start();
  fake.gateway = gateway;
  const client = createSdkStreamClient({ apiBase: fake.url, clientId: DT.appKey, clientSecret: DT.appSecret, http: createFetchHttpClient(), logger: createLogger('silent'), livenessMs: 150 });
  const seen: string[] = [];
  try {
    await client.start(async (data) => {
      seen.push((JSON.parse(data) as { msgId: string }).msgId);
    });
    await gateway.waitForConnections(1);
    gateway.freeze();
    await gateway.waitForConnections(2, 10_000);
    expect(new Set(gateway.ticketsUsed).size).toBe(2);
    gateway.deliverRobotMessage({ msgId: 'msgAfterFreeze' });
    await eventually(() => seen.includes('msgAfterFreeze'), 5_000, 'a message on the new connection');
  } finally {
    await client.stop();
    await gateway.close();
    await fake.close();
  }
});
