// HTTP callback mode against the real runtime: signed callbacks are recorded once, however
// often they arrive; anything not signed, stale or malformed is refused with a 4xx and leaves
// nothing in inbound_messages.
import { startDingtalk, type DingtalkHarness } from '../support/dingtalk-harness';
import { dingtalkSign } from '../../src/channels/dingtalk/sign';

let h: DingtalkHarness;
beforeAll(async () => {
  h = await startDingtalk({ envVars: { DINGTALK_MAX_SKEW_MS: '600000' } });
});
afterAll(async () => h.close());

const group = { type: 'group' as const, id: 'cidDemoServiceGroup', title: '售后服务群' };

test('a signed group @-message delivered three times is recorded once, normalised', async () => {
  const before = await h.inboundCount();
  const body = h.sim.robotMessage({ text: '报修：3楼空调不制冷 @dt-zhang', sender: { staffId: 'dt-wang', nick: '客服小王' }, conversation: group, atStaffIds: ['dt-zhang'], robotName: '工单助手' });
  for (let i = 0; i < 3; i++) {
    const res = await h.sim.post(h.callbackUrl, body);
    expect(res.status).toBe(200);
  }
  expect(await h.inboundCount()).toBe(before + 1);
  const rows: { payload: string | object; conversation_id: string; sender_id: string }[] = await h.t.runtime.db.ds.query(
    "SELECT payload, conversation_id, sender_id FROM inbound_messages WHERE platform = 'dingtalk' AND platform_message_id = ?",
    [body.msgId],
  );
  expect(rows).toHaveLength(1);
  const m = typeof rows[0]!.payload === 'string' ? JSON.parse(rows[0]!.payload) : rows[0]!.payload;
  expect(m).toMatchObject({
    platform: 'dingtalk',
    messageId: body.msgId,
    kind: 'text',
    conversation: { type: 'group', id: 'cidDemoServiceGroup', title: '售后服务群' },
    sender: { id: 'dt-wang', name: '客服小王', isCustomer: false },
    text: '报修：3楼空调不制冷 @dt-zhang',
    mentions: [{ userId: 'dt-zhang' }],
    replyContext: { sessionWebhook: body.sessionWebhook, sessionWebhookExpiredTime: body.sessionWebhookExpiredTime, conversationId: 'cidDemoServiceGroup', robotCode: 'dingtestrobot01' },
  });
  expect(rows[0]!.sender_id).toBe('dt-wang');
});

test('a 1:1 message becomes a direct conversation with the sender', async () => {
  const body = h.sim.robotMessage({ text: '我的工单', sender: { staffId: 'dt-li', nick: '调度老李' }, conversation: { type: 'direct' } });
  expect((await h.sim.post(h.callbackUrl, body)).status).toBe(200);
  const rows: { payload: string | object }[] = await h.t.runtime.db.ds.query('SELECT payload FROM inbound_messages WHERE platform_message_id = ?', [body.msgId]);
  const m = typeof rows[0]!.payload === 'string' ? JSON.parse(rows[0]!.payload) : rows[0]!.payload;
  expect(m.conversation).toEqual({ type: 'direct', id: 'dt-li' });
  expect(m.text).toBe('我的工单');
});

describe('refused with a 4xx and nothing stored', () => {
  const body = () => h.sim.robotMessage({ text: '投诉：师傅没来', sender: { staffId: 'dt-chen' }, conversation: group });
  const cases: [string, () => { headers: Record<string, string>; body: string | Record<string, unknown> }, number, string][] = [
    ['a wrong sign', () => ({ headers: h.sim.callbackHeaders({ sign: dingtalkSign('not-the-app-secret', String(h.clock.now().getTime())) }), body: body() }), 401, 'bad_signature'],
    ['a sign over another timestamp', () => ({ headers: { ...h.sim.callbackHeaders(), sign: dingtalkSign('test-app-secret-7f3a9c1e5b', String(h.clock.now().getTime() - 1)) }, body: body() }), 401, 'bad_signature'],
    ['a stale timestamp (correctly signed)', () => ({ headers: h.sim.callbackHeaders({ timestamp: String(h.clock.now().getTime() - 11 * 60_000) }), body: body() }), 401, 'stale_timestamp'],
    ['a timestamp from the future', () => ({ headers: h.sim.callbackHeaders({ timestamp: String(h.clock.now().getTime() + 11 * 60_000) }), body: body() }), 401, 'stale_timestamp'],
    ['a missing sign header', () => { const { sign: _s, ...headers } = h.sim.callbackHeaders(); return { headers, body: body() }; }, 400, 'missing_signature'],
    ['a missing timestamp header', () => { const { timestamp: _t, ...headers } = h.sim.callbackHeaders(); return { headers, body: body() }; }, 400, 'missing_signature'],
    ['a timestamp that is not milliseconds', () => ({ headers: h.sim.callbackHeaders({ timestamp: 'yesterday' }), body: body() }), 400, 'bad_timestamp'],
    ['malformed JSON', () => ({ headers: h.sim.callbackHeaders(), body: '{"msgtype":"text","text":{"content":"报修' }), 400, 'malformed_json'],
    ['a body without msgId', () => { const b = body(); delete b.msgId; return { headers: h.sim.callbackHeaders(), body: b }; }, 400, 'invalid_body'],
    ['a conversationType that is not "1" or "2"', () => ({ headers: h.sim.callbackHeaders(), body: { ...body(), conversationType: '3' } }), 400, 'invalid_body'],
    ['a text message without text', () => { const b = body(); delete b.text; return { headers: h.sim.callbackHeaders(), body: b }; }, 400, 'invalid_body'],
    ['a JSON array', () => ({ headers: h.sim.callbackHeaders(), body: '[1,2]' }), 400, 'invalid_body'],
  ];
  test.each(cases)('%s', async (_name, make, status, code) => {
    const before = await h.inboundCount();
    const { headers, body: b } = make();
    const res = await h.sim.post(h.callbackUrl, b, headers);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(10);
    expect(await h.inboundCount()).toBe(before);
  });

  test('an oversize body is refused with 413', async () => {
    const before = await h.inboundCount();
    const b = { ...body(), text: { content: '漏水'.repeat(200_000) } };
    const res = await h.sim.post(h.callbackUrl, b);
    expect(res.status).toBe(413);
    expect(await h.inboundCount()).toBe(before);
  });

  test('the default window is an hour; DINGTALK_MAX_SKEW_MS tightened it to 10 minutes here', async () => {
    const nine = await h.sim.post(h.callbackUrl, body(), h.sim.callbackHeaders({ timestamp: String(h.clock.now().getTime() - 9 * 60_000) }));
    expect(nine.status).toBe(200);
  });
});

test('a picture message is acknowledged but not recorded', async () => {
  const before = await h.inboundCount();
  const b = { ...h.sim.robotMessage({ text: '', sender: { staffId: 'dt-wang' }, conversation: group }), msgtype: 'picture', content: { downloadCode: 'abc' } };
  const res = await h.sim.post(h.callbackUrl, b);
  expect(res.status).toBe(200);
  expect(await h.inboundCount()).toBe(before);
});
