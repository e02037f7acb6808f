// Outbound through the DingTalk channel the runtime built, against the loopback fake: session
// webhook while fresh, robot API afterwards, token caching, flow control, invalid staff, the
// custom robot's per-request sign and its 20-a-minute limit.
import { startDingtalk, DT, type DingtalkHarness } from '../support/dingtalk-harness';
import { ChannelSendError, type Destination, type OutboundBody, type OutboundMessage } from '../../src/channels/channel';
import { createDingtalkChannel } from '../../src/channels/dingtalk';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger } from '../../src/lib/logger';
import { testConfig, testEnv } from '../support/test-config';

let h: DingtalkHarness;
beforeAll(async () => {
  h = await startDingtalk();
});
afterAll(async () => h.close());

let seq = 0;
const msg = (destination: Destination, body: Partial<OutboundBody> = {}): OutboundMessage => ({
  destination,
  body: { title: '工单 #1024 已受理', lines: ['**客户**：周女士', '> 净水器漏水'], ...body },
  idempotencyKey: `test-${++seq}`,
});

async function sendError(p: Promise<unknown>): Promise<ChannelSendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ChannelSendError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

function replyTo(body: Record<string, unknown>): Destination {
  const ctx = { sessionWebhook: body.sessionWebhook, sessionWebhookExpiredTime: body.sessionWebhookExpiredTime, conversationId: body.conversationId, conversationType: body.conversationType, robotCode: body.robotCode, senderStaffId: body.senderStaffId };
  return body.conversationType === '2'
    ? { kind: 'reply', platform: 'dingtalk', conversation: { type: 'group', id: String(body.conversationId) }, context: ctx }
    : { kind: 'reply', platform: 'dingtalk', conversation: { type: 'direct', id: String(body.senderStaffId) }, context: ctx };
}

const group = { type: 'group' as const, id: 'cidDemoServiceGroup', title: '售后服务群' };
const mention = [{ userId: 'dt-zhang', name: '张工' }];

describe('reply', () => {
  test('while fresh, through the sessionWebhook with the @ both in at and in the text, no token needed', async () => {
    const tokensBefore = h.fake.tokenRequests;
    const inbound = h.sim.robotMessage({ text: '报修', sender: { staffId: 'dt-wang' }, conversation: group });
    const n = h.fake.deliveries.length;
    await h.channel.send(msg(replyTo(inbound), { mentions: mention }));
    const d = h.fake.deliveries.slice(n);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ via: 'session', target: 'cidDemoServiceGroup', msgtype: 'markdown', title: '工单 #1024 已受理', atUserIds: ['dt-zhang'] });
    expect(d[0]!.text).toContain('#### 工单 #1024 已受理  \n  **客户**：周女士  \n  > 净水器漏水');
    expect(d[0]!.text).toMatch(/@dt-zhang$/);
    expect(h.fake.tokenRequests).toBe(tokensBefore);
  });

  test('after sessionWebhookExpiredTime, through groupMessages/send (names written plainly)', async () => {
    const inbound = h.sim.robotMessage({ text: '报修', sender: { staffId: 'dt-wang' }, conversation: group });
    h.clock.advance(91 * 60_000);
    const n = h.fake.deliveries.length;
    const receipt = await h.channel.send(msg(replyTo(inbound), { mentions: mention }));
    const d = h.fake.deliveries.slice(n);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ via: 'group', target: 'cidDemoServiceGroup', msgtype: 'sampleMarkdown', title: '工单 #1024 已受理', atUserIds: [] });
    expect(d[0]!.text).toContain('@张工');
    expect(receipt.platformMessageId).toBeTruthy();
    // The session webhook was not even tried.
    expect(h.fake.requests.slice(-2).map((r) => r.path)).not.toContain('/robot/sendBySession');
  });

  test('a session that ended before its announced expiry (300001) falls back to the robot API in the same send', async () => {
    const inbound = h.sim.robotMessage({ text: '报修', sender: { staffId: 'dt-wang' }, conversation: group });
    h.clock.advance(91 * 60_000);
    const dest = replyTo({ ...inbound, sessionWebhookExpiredTime: h.clock.now().getTime() + 3_600_000 });
    const n = h.fake.deliveries.length;
    await h.channel.send(msg(dest));
    expect(h.fake.requests.slice(-2)).toEqual([expect.objectContaining({ path: '/robot/sendBySession', errcode: 300001 }), expect.objectContaining({ path: '/v1.0/robot/groupMessages/send', status: 200 })]);
    expect(h.fake.deliveries.slice(n).map((d) => d.via)).toEqual(['group']);
  });

  test('a 1:1 reply after expiry goes through oToMessages/batchSend to the sender', async () => {
    const inbound = h.sim.robotMessage({ text: '我的工单', sender: { staffId: 'dt-li' }, conversation: { type: 'direct' } });
    h.clock.advance(91 * 60_000);
    const n = h.fake.deliveries.length;
    await h.channel.send(msg(replyTo(inbound)));
    expect(h.fake.deliveries.slice(n)).toEqual([expect.objectContaining({ via: 'oto', target: 'dt-li' })]);
  });
});

describe('robot API token', () => {
  test('is fetched once for many sends, once for concurrent sends, and again only near its expiry', async () => {
    h.fake.invalidateTokens();
    h.clock.advance(3 * 3_600_000); // past any cached token's lifetime
    const before = h.fake.tokenRequests;
    await Promise.all(['dt-zhang', 'dt-liu', 'dt-li', 'dt-wang', 'dt-chen'].map((u) => h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: u }))));
    expect(h.fake.tokenRequests).toBe(before + 1);
    await h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-zhao' }));
    h.clock.advance(7200_000 - 6 * 60_000);
    await h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-zhao' }));
    expect(h.fake.tokenRequests).toBe(before + 1);
    h.clock.advance(2 * 60_000); // inside the 5-minute refresh margin
    await h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-zhao' }));
    expect(h.fake.tokenRequests).toBe(before + 2);
  });

  test('a token DingTalk stopped accepting is replaced and the send retried once', async () => {
    await h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-qian' }));
    const before = h.fake.tokenRequests;
    h.fake.invalidateTokens();
    const n = h.fake.deliveries.length;
    await h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-qian' }));
    expect(h.fake.tokenRequests).toBe(before + 1);
    expect(h.fake.deliveries.slice(n)).toHaveLength(1);
    expect(h.fake.requests.slice(-3).map((r) => `${r.path} ${r.status}`)).toEqual(['/v1.0/robot/oToMessages/batchSend 401', '/v1.0/oauth2/accessToken 200', '/v1.0/robot/oToMessages/batchSend 200']);
  });

  test('a wrong app secret is fix_config, and so is a wrong robotCode', async () => {
    const make = (vars: Record<string, string>) =>
      createDingtalkChannel({ env: testEnv({ DINGTALK_APP_KEY: DT.appKey, DINGTALK_APP_SECRET: DT.appSecret, DINGTALK_ROBOT_CODE: DT.robotCode, DINGTALK_API_BASE: h.fake.url, DINGTALK_OAPI_BASE: h.fake.url, ...vars }), config: testConfig(), clock: h.clock, http: createFetchHttpClient(), logger: createLogger('silent') });
    const badSecret = await sendError(make({ DINGTALK_APP_SECRET: 'wrong-secret' }).send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-zhang' })));
    expect(badSecret.disposition).toBe('fix_config');
    expect(badSecret.message).toMatch(/DINGTALK_APP_SECRET/);
    const badRobot = await sendError(make({ DINGTALK_ROBOT_CODE: 'dingnosuchrobot' }).send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-zhang' })));
    expect(badRobot.disposition).toBe('fix_config');
    expect(badRobot.message).toMatch(/DINGTALK_ROBOT_CODE/);
  });
});

describe('batchSend partial answers', () => {
  afterEach(() => {
    h.fake.flowControlled.clear();
    h.fake.invalidStaff.clear();
  });

  test('a flow-controlled user is a retry with a delay, and nothing was delivered', async () => {
    h.fake.flowControlled.add('dt-liu');
    const n = h.fake.deliveries.length;
    const err = await sendError(h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-liu' })));
    expect(err.disposition).toBe('retry');
    expect(err.opts.retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(h.fake.deliveries.length).toBe(n);
    h.fake.flowControlled.clear();
    await h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-liu' }));
    expect(h.fake.deliveries.slice(n)).toEqual([expect.objectContaining({ via: 'oto', target: 'dt-liu' })]);
  });

  test('an invalid staff id reaches nobody: drop, naming the id and where to fix it', async () => {
    h.fake.invalidStaff.add('dt-left-the-company');
    const err = await sendError(h.channel.send(msg({ kind: 'user', platform: 'dingtalk', userId: 'dt-left-the-company' })));
    expect(err.disposition).toBe('drop');
    expect(err.message).toMatch(/dt-left-the-company.*staff\[\]\.dingtalk\.staffId/);
  });
});

describe('group', () => {
  test('without mentions: groupMessages/send to the conversation\'s openConversationId', async () => {
    const n = h.fake.deliveries.length;
    await h.channel.send(msg({ kind: 'group', platform: 'dingtalk', conversationId: 'dingtalk-managers' }, { image: { png: Buffer.alloc(0), url: 'https://gongdan.example.com/reports/daily-20261204.png' } }));
    const d = h.fake.deliveries.slice(n);
    expect(d).toEqual([expect.objectContaining({ via: 'group', target: 'cidDemoManagersGroup', msgtype: 'sampleMarkdown' })]);
    expect(d[0]!.text).toContain('![](https://gongdan.example.com/reports/daily-20261204.png)');
  });

  test('with mentions and a custom robot configured: through the robot so the @ highlights', async () => {
    const n = h.fake.deliveries.length;
    await h.channel.send(msg({ kind: 'group', platform: 'dingtalk', conversationId: 'cidDemoManagersGroup' }, { mentions: [{ userId: 'dt-zhao', name: '赵经理' }] }));
    expect(h.fake.deliveries.slice(n)).toEqual([expect.objectContaining({ via: 'robot', target: 'demo-dingtalk-managers-token', atUserIds: ['dt-zhao'] })]);
  });

  test('a group the robot is not in is fix_config', async () => {
    h.fake.groupsWithoutRobot.add('cidNotInThisGroup');
    const err = await sendError(h.channel.send(msg({ kind: 'group', platform: 'dingtalk', conversationId: 'cidNotInThisGroup' })));
    expect(err.disposition).toBe('fix_config');
  });
});

describe('custom robot', () => {
  const robot: Destination = { kind: 'robot', platform: 'dingtalk', conversationId: 'dingtalk-service' };

  test('rateLimit: 19 a minute (one under DingTalk\'s 20) keyed by the robot, for robot and group sends', () => {
    expect(h.channel.rateLimit!(robot)).toEqual({ key: 'dingtalk-robot:demo-dingtalk-service-token', perMinute: 19 });
    expect(h.channel.rateLimit!({ kind: 'group', platform: 'dingtalk', conversationId: 'cidDemoManagersGroup' })).toEqual({ key: 'dingtalk-robot:demo-dingtalk-managers-token', perMinute: 19 });
    expect(h.channel.rateLimit!({ kind: 'group', platform: 'dingtalk', conversationId: 'cidUnknown' })).toBeNull();
    expect(h.channel.rateLimit!({ kind: 'user', platform: 'dingtalk', userId: 'dt-zhang' })).toBeNull();
  });

  test('signs every request afresh: sends hours apart both pass the fake\'s sign and timestamp check', async () => {
    const n = h.fake.deliveries.length;
    await h.channel.send(msg(robot, { mentions: [{ userId: 'dt-zhang', name: '张工' }, { userId: 'dt-liu', name: '刘工' }], lines: ['@dt-zhang 请接单'] }));
    h.clock.advance(2 * 3_600_000);
    await h.channel.send(msg(robot));
    const d = h.fake.deliveries.slice(n);
    expect(d.map((x) => x.via)).toEqual(['robot', 'robot']);
    expect(d[0]!.atUserIds).toEqual(['dt-zhang', 'dt-liu']);
    // "@dt-zhang" was already in the text; only "@dt-liu" was added.
    expect(d[0]!.text.match(/@dt-zhang/g)).toHaveLength(1);
    expect(d[0]!.text).toMatch(/@dt-liu$/);
  });

  test('a wrong SEC secret in the config is 310000 → fix_config; an unknown access token is fix_config', async () => {
    const cfg = (robotSecret: string, token: string) => testConfig((raw) => {
      raw.conversations.find((c: { id: string }) => c.id === 'dingtalk-service').robot = { accessToken: token, secret: robotSecret };
    });
    const make = (config: ReturnType<typeof testConfig>) => createDingtalkChannel({ env: testEnv({ DINGTALK_APP_KEY: DT.appKey, DINGTALK_APP_SECRET: DT.appSecret, DINGTALK_ROBOT_CODE: DT.robotCode, DINGTALK_API_BASE: h.fake.url, DINGTALK_OAPI_BASE: h.fake.url }), config, clock: h.clock, http: createFetchHttpClient(), logger: createLogger('silent') });
    const wrongSecret = await sendError(make(cfg('SECnot-the-secret', 'demo-dingtalk-service-token')).send(msg(robot)));
    expect(wrongSecret).toMatchObject({ disposition: 'fix_config', opts: { platformCode: 310000 } });
    const unknown = await sendError(make(cfg('SECwhatever', 'no-such-token')).send(msg(robot)));
    expect(unknown).toMatchObject({ disposition: 'fix_config', opts: { platformCode: 300001 } });
  });

  test('no robot configured for the conversation is fix_config', async () => {
    const err = await sendError(h.channel.send(msg({ kind: 'robot', platform: 'dingtalk', conversationId: 'wecom-service' })));
    expect(err.disposition).toBe('fix_config');
  });

  test('over 20 in a minute: 130101 → retry after the 10-minute silence, which the fake enforces', async () => {
    h.clock.advance(5 * 60_000);
    for (let i = 0; i < 20; i++) {
      await h.channel.send(msg(robot));
      h.clock.advance(1_000);
    }
    const err = await sendError(h.channel.send(msg(robot)));
    expect(err).toMatchObject({ disposition: 'retry', opts: { platformCode: 130101 } });
    expect(err.opts.retryAfterMs).toBeGreaterThanOrEqual(10 * 60_000);
    h.clock.advance(2 * 60_000); // the minute has passed, but the robot is still silenced
    expect((await sendError(h.channel.send(msg(robot)))).opts.platformCode).toBe(130101);
    h.clock.advance(err.opts.retryAfterMs!);
    await h.channel.send(msg(robot));
  });
});

test('a customer destination is dropped: DingTalk has no customer service channel', async () => {
  const err = await sendError(h.channel.send(msg({ kind: 'customer', platform: 'dingtalk', customerId: 'x' })));
  expect(err.disposition).toBe('drop');
});
