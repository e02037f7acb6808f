// Outbound through the real channel against the fake WeCom: message/send to staff, group robots
// (text pings, markdown, charts, 20 a minute), response_url, token caching and refresh, and how
// every platform error is classified for the outbox.
import { createHash } from 'node:crypto';
import { ChannelSendError, type OutboundMessage } from '../../src/channels/channel';
import { robotLimitKey } from '../../src/channels/wecom/send';
import { testConfig } from '../support/test-config';
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecom({
    config: testConfig((raw) => {
      raw.conversations.push({ id: 'wecom-stale', platform: 'wecom', purpose: 'region', title: '旧群', chatId: 'wrStaleGroup', robot: { webhookKey: 'removed-robot-key' } });
    }),
  });
});
afterAll(async () => h.close());

let n = 0;
const msg = (destination: OutboundMessage['destination'], body: Partial<OutboundMessage['body']> = {}): OutboundMessage => ({
  destination,
  body: { title: '工单 #1024', lines: [`客户周女士净水器漏水 ${++n}`], ...body },
  idempotencyKey: `test-${n}`,
});
const sendError = async (p: Promise<unknown>): Promise<ChannelSendError> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ChannelSendError);
    return err as ChannelSendError;
  }
  throw new Error('expected the send to fail');
};

describe('staff via message/send', () => {
  test('text to a UserID (or a staff id from the directory) with agentid as a number and duplicate check', async () => {
    const before = h.fake.appMessages.length;
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }));
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'liu.engineer' }));
    const sent = h.fake.appMessages.slice(before);
    expect(sent.map((m) => m.touser)).toEqual(['ZhangGong', 'LiuGong']);
    expect(sent[0]!.body).toMatchObject({ msgtype: 'text', agentid: WECOM.agentId, enable_duplicate_check: 1 });
    expect(sent[0]!.content).toMatch(/^工单 #1024\n客户周女士净水器漏水/);
  });

  test('markdown bodies go as markdown; a 10 KB body is cut to 2048 bytes and accepted', async () => {
    const before = h.fake.appMessages.length;
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }, { lines: ['**超时**', '长'.repeat(4000)] }));
    const m = h.fake.appMessages[before]!;
    expect(m.msgtype).toBe('markdown');
    expect(Buffer.byteLength(m.content)).toBeLessThanOrEqual(2048);
  });

  test('a reply to a 1:1 app message goes back to that member', async () => {
    const before = h.fake.appMessages.length;
    await h.channel.send(msg({ kind: 'reply', platform: 'wecom', conversation: { type: 'direct', id: 'WangXiaoWang' }, context: { via: 'app', userId: 'WangXiaoWang' } }));
    expect(h.fake.appMessages.slice(before).map((m) => m.touser)).toEqual(['WangXiaoWang']);
  });

  test('a member outside the app is a configuration problem, named', async () => {
    const err = await sendError(h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'NoSuchPerson' })));
    expect(err.disposition).toBe('fix_config');
    expect(err.message).toMatch(/NoSuchPerson/);
  });
});

describe('access token', () => {
  test('fetched once and cached across many sends', async () => {
    const before = h.fake.gettokenCalls;
    await Promise.all([1, 2, 3, 4, 5].map(() => h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }))));
    expect(h.fake.gettokenCalls - before).toBe(0);
  });

  test('expired mid-run (42001): one refresh for ten concurrent sends, all delivered', async () => {
    const before = { calls: h.fake.gettokenCalls, sent: h.fake.appMessages.length };
    h.fake.expireTokens();
    await Promise.all(Array.from({ length: 10 }, () => h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ChenSales' }))));
    expect(h.fake.gettokenCalls - before.calls).toBe(1);
    expect(h.fake.appMessages.length - before.sent).toBe(10);
    expect(h.fake.calls.filter((c) => c.errcode === 42001).length).toBeGreaterThanOrEqual(1);
  });

  test('invalidated early (40014): refreshed once and retried', async () => {
    const before = h.fake.gettokenCalls;
    h.fake.invalidateTokens();
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }));
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }));
    expect(h.fake.gettokenCalls - before).toBe(1);
  });

  test('refreshed ahead of expires_in by the clock, not per message', async () => {
    const before = h.fake.gettokenCalls;
    h.clock.advance(2 * 3600_000);
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }));
    await h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' }));
    expect(h.fake.gettokenCalls - before).toBe(1);
  });

  test('system busy (-1) is retry with a delay', async () => {
    h.fake.failNext('/cgi-bin/message/send', -1);
    const err = await sendError(h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' })));
    expect(err).toMatchObject({ disposition: 'retry', opts: { platformCode: -1 } });
    expect(err.opts.retryAfterMs).toBeGreaterThan(0);
  });

  test('IP not allowed (60020) and forbidden API (48002) are fix_config', async () => {
    h.fake.failNext('/cgi-bin/message/send', 60020, 1, 'not allow to access from your ip');
    expect((await sendError(h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' })))).disposition).toBe('fix_config');
    h.fake.failNext('/cgi-bin/message/send', 48002);
    expect((await sendError(h.channel.send(msg({ kind: 'user', platform: 'wecom', userId: 'ZhangGong' })))).disposition).toBe('fix_config');
  });
});

describe('group robots', () => {
  test('a ping is text with mentioned_list; a summary is markdown; a chart is image with base64 + md5', async () => {
    const before = h.fake.robotMessages.length;
    await h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' }, { mentions: [{ userId: 'ZhangGong', mobile: '13800000003' }] }));
    await h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }, { title: '日报', lines: ['**新建** 3', '**超时** 1'] }));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }, { image: { png } }));
    const [ping, summary, chart] = h.fake.robotMessages.slice(before);
    expect(ping).toMatchObject({ key: WECOM.serviceRobotKey, msgtype: 'text', mentionedList: ['ZhangGong'] });
    expect(ping!.body.text.mentioned_mobile_list).toEqual(['13800000003']);
    expect(summary).toMatchObject({ key: WECOM.managersRobotKey, msgtype: 'markdown', content: '**日报**\n**新建** 3\n**超时** 1' });
    expect(chart!.body.image.md5).toBe(createHash('md5').update(png).digest('hex'));
  });

  test('"group" (a smart-robot chatid) posts through that conversation\'s robot', async () => {
    const before = h.fake.robotMessages.length;
    await h.channel.send(msg({ kind: 'group', platform: 'wecom', conversationId: WECOM.serviceGroupChat }));
    expect(h.fake.robotMessages.slice(before).map((m) => m.key)).toEqual([WECOM.serviceRobotKey]);
  });

  test('rate limit key is per robot, 20 a minute, without exposing the webhook key', () => {
    const limit = h.channel.rateLimit!({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' });
    expect(limit).toEqual({ key: robotLimitKey(WECOM.serviceRobotKey), perMinute: 20 });
    expect(limit!.key).not.toContain(WECOM.serviceRobotKey);
    expect(h.channel.rateLimit!({ kind: 'group', platform: 'wecom', conversationId: WECOM.serviceGroupChat })).toEqual(limit);
  });

  test('past 20 a minute WeCom answers 45009: retry after about a minute; the next minute goes through', async () => {
    h.clock.advance(61_000);
    for (let i = 0; i < 20; i++) await h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }));
    const err = await sendError(h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' })));
    expect(err).toMatchObject({ disposition: 'retry', opts: { platformCode: 45009, retryAfterMs: 60_000 } });
    h.clock.advance(60_001);
    await expect(h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }))).resolves.toEqual({});
  });

  test('a removed robot (93000) is fix_config; an unconfigured conversation is fix_config, named', async () => {
    const err = await sendError(h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-stale' })));
    expect(err).toMatchObject({ disposition: 'fix_config', opts: { platformCode: 93000 } });
    const none = await sendError(h.channel.send(msg({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-kf' })));
    expect(none.disposition).toBe('fix_config');
    expect(none.message).toMatch(/wecom-kf/);
  });
});

describe('smart robot replies', () => {
  const replyTo = (responseUrl: string, expiresAt: number) =>
    msg({ kind: 'reply', platform: 'wecom', conversation: { type: 'group', id: WECOM.serviceGroupChat }, context: { via: 'bot', chatType: 'group', chatId: WECOM.serviceGroupChat, userId: 'ZhangGong', responseUrl, responseUrlExpiresAt: expiresAt } });

  test('first reply through response_url as markdown; a second one falls back to the group robot', async () => {
    const url = h.fake.newResponseUrl();
    const exp = h.clock.now().getTime() + 3600_000;
    h.clock.advance(61_000);
    const robotsBefore = h.fake.robotMessages.length;
    await h.channel.send(replyTo(url, exp));
    expect(h.fake.responses.at(-1)!.body.msgtype).toBe('markdown');
    expect(h.fake.robotMessages.length).toBe(robotsBefore);
    await h.channel.send(replyTo(url, exp));
    expect(h.fake.robotMessages.slice(robotsBefore).map((m) => m.key)).toEqual([WECOM.serviceRobotKey]);
  });

  test('a response_url refused by WeCom (spent elsewhere) falls back too', async () => {
    const url = h.fake.newResponseUrl();
    await fetch(url, { method: 'POST', body: JSON.stringify({ msgtype: 'markdown', markdown: { content: 'used by someone else' } }) });
    const robotsBefore = h.fake.robotMessages.length;
    await h.channel.send(replyTo(url, h.clock.now().getTime() + 3600_000));
    expect(h.fake.robotMessages.length).toBe(robotsBefore + 1);
  });

  test('an expired response_url is not tried; 1:1 falls back to message/send', async () => {
    const url = h.fake.newResponseUrl();
    const before = { responses: h.fake.responses.length, app: h.fake.appMessages.length };
    await h.channel.send(msg({ kind: 'reply', platform: 'wecom', conversation: { type: 'direct', id: 'LiuGong' }, context: { via: 'bot', chatType: 'single', userId: 'LiuGong', responseUrl: url, responseUrlExpiresAt: h.clock.now().getTime() - 1 } }));
    expect(h.fake.responses.length).toBe(before.responses);
    expect(h.fake.appMessages.slice(before.app).map((m) => m.touser)).toEqual(['LiuGong']);
  });

  test('a response_url pointing away from WeCom is never called', async () => {
    const err = await sendError(
      h.channel.send(msg({ kind: 'reply', platform: 'wecom', conversation: { type: 'direct', id: 'LiuGong' }, context: { via: 'bot', chatType: 'single', userId: 'LiuGong', responseUrl: 'http://169.254.169.254/latest', responseUrlExpiresAt: h.clock.now().getTime() + 1000 } })),
    );
    expect(err.disposition).toBe('drop');
  });
});
