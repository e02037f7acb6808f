// Customer Service (微信客服) end to end against the fake: the event is recorded and acked, then
// sync_msg pages are pulled with a per-account cursor that never skips a message (even across a
// crash between pages), and sends respect the session state, the 48-hour window and the budget.
import { ChannelSendError, type InboundMessage, type OutboundMessage } from '../../src/channels/channel';
import { handOverToHuman } from '../../src/channels/wecom';
import { WecomKfCursorEntity, WecomKfCustomerEntity } from '../../src/db/entities/wecom-kf.entity';
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecom({ fake: { syncPageSize: 2 } });
});
afterAll(async () => h.close());

const ZHOU = 'wmDemoCustomerZhou';
const cursorOf = async (openKfId: string) => (await h.t.runtime.db.ds.getRepository(WecomKfCursorEntity).findOneBy({ openKfId }))?.nextCursor ?? null;
const customerMessages = async (openKfId: string = WECOM.kfAccount) =>
  (await h.rows()).filter((r) => r.conversationId === openKfId && !r.platformMessageId.startsWith('kf-event:')).map((r) => r.payload as InboundMessage);
const syncCalls = () => h.fake.calls.filter((c) => c.path === '/cgi-bin/kf/sync_msg').length;

/**
 * A customer writes: the fake queues it and WeCom calls us back with a fresh Token. Waits until
 * the chase has handled the messages and its answers (if any) went out, so a test's own sends
 * come after the bot's and the session state and budget are settled.
 */
async function customerWrites(openKfId: string, ext: string, ...texts: string[]) {
  const items = texts.map((text) => h.fake.pushKfMessage({ openKfId, externalUserId: ext, text }));
  const res = await h.sim.deliver(h.sim.kfEvent({ openKfId, token: h.fake.kfCallbackToken(openKfId) }));
  expect(res).toEqual({ status: 200, body: '' });
  await h.settle();
  await h.t.runtime.outbox.drain();
  return items;
}
const botSaidTo = (ext: string, since: number) => h.fake.kfMessages.slice(since).filter((m) => m.touser === ext).map((m) => m.content);

describe('sync_msg', () => {
  test('pages with has_more, keeps only customer (origin 3) messages, persists the cursor', async () => {
    const calls = syncCalls();
    h.fake.pushKfItem({ open_kfid: WECOM.kfAccount, external_userid: ZHOU, origin: 4, msgtype: 'event', event: { event_type: 'enter_session' } });
    const items = await customerWrites(WECOM.kfAccount, ZHOU, '你好', '净水器漏水了', '地址是杭州西湖区文三路100号');
    h.fake.pushKfItem({ open_kfid: WECOM.kfAccount, external_userid: ZHOU, origin: 5, msgtype: 'text', text: { content: '客服人工回复' }, servicer_userid: 'WangXiaoWang' });
    const [more] = await customerWrites(WECOM.kfAccount, ZHOU, '电话13900000002');
    const got = await customerMessages();
    expect(got.map((m) => m.messageId)).toEqual([...items, more!].map((i) => i.msgid));
    expect(got[1]).toMatchObject({
      platform: 'wecom',
      kind: 'text',
      text: '净水器漏水了',
      conversation: { type: 'direct', id: WECOM.kfAccount, title: '售后客服' },
      sender: { id: ZHOU, isCustomer: true, name: '周女士' },
      replyContext: { via: 'kf', openKfId: WECOM.kfAccount, externalUserId: ZHOU },
    });
    // 4 items then 2 more in pages of 2: 2 calls, then 1 call from the saved cursor.
    expect(syncCalls() - calls).toBe(3);
    expect(await cursorOf(WECOM.kfAccount)).toBe('cur-6');
    const events = (await h.rows()).filter((r) => r.platformMessageId.startsWith('kf-event:'));
    expect(events.every((e) => e.status === 'done')).toBe(true);
  });

  test('each account has its own cursor', async () => {
    const before = await cursorOf(WECOM.kfAccount);
    await customerWrites('wkSecondAccount', 'wmOtherCustomer', '第二个客服号的消息');
    expect(await cursorOf('wkSecondAccount')).toBe('cur-1');
    expect(await cursorOf(WECOM.kfAccount)).toBe(before);
    expect((await customerMessages('wkSecondAccount')).map((m) => m.text)).toEqual(['第二个客服号的消息']);
  });

  test('a crash between pages loses nothing and duplicates nothing', async () => {
    const start = await cursorOf(WECOM.kfAccount);
    const known = (await customerMessages()).length;
    const texts = ['一', '二', '三', '四', '五'];
    const items = texts.map((text) => h.fake.pushKfMessage({ openKfId: WECOM.kfAccount, externalUserId: 'wmCrashCustomer', text }));
    h.fake.failNext('/cgi-bin/kf/sync_msg', -1, 1, 'system busy', 1);
    await h.sim.deliver(h.sim.kfEvent({ openKfId: WECOM.kfAccount, token: h.fake.kfCallbackToken(WECOM.kfAccount) }));
    await h.settle();
    // Page 1 is recorded and the cursor moved past it, no further.
    expect((await customerMessages()).length).toBe(known + 2);
    expect(await cursorOf(WECOM.kfAccount)).toBe(`cur-${Number(start!.slice(4)) + 2}`);
    const event = (await h.rows()).filter((r) => r.platformMessageId.startsWith('kf-event:')).at(-1)!;
    expect(event.status).toBe('pending');
    // The inbox retries the event later, from the saved cursor.
    h.clock.advance(10_000);
    await h.settle();
    const after = await customerMessages();
    expect(after.slice(known).map((m) => m.messageId)).toEqual(items.map((i) => i.msgid));
    expect(new Set(after.map((m) => m.messageId)).size).toBe(after.length);
  });

  test('a sync Token past its 10 minutes still syncs (without the token)', async () => {
    const item = h.fake.pushKfMessage({ openKfId: WECOM.kfAccount, externalUserId: ZHOU, text: '还在吗' });
    const token = h.fake.kfCallbackToken(WECOM.kfAccount);
    h.clock.advance(11 * 60_000);
    await h.sim.deliver(h.sim.kfEvent({ openKfId: WECOM.kfAccount, token }));
    await h.settle();
    expect((await customerMessages()).map((m) => m.messageId)).toContain(item.msgid);
  });
});

describe('sending to customers', () => {
  const toCustomer = (ext: string, text = '您的工单 #1024 已受理'): OutboundMessage => ({
    destination: { kind: 'customer', platform: 'wecom', customerId: ext, serviceId: WECOM.kfAccount },
    body: { title: '', lines: [text] },
    idempotencyKey: `kf-${ext}-${Math.random()}`,
  });
  const drop = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(ChannelSendError);
      expect((err as ChannelSendError).disposition).toBe('drop');
      return (err as ChannelSendError).message;
    }
    throw new Error('expected a drop');
  };

  test('state 0 is moved to 1 first; five replies per customer message, the sixth is a drop naming the customer', async () => {
    // A greeting opens nothing and the bot stays silent, so the session is still new (0).
    const before = h.fake.kfMessages.length;
    await customerWrites(WECOM.kfAccount, 'wmBudget', '你好');
    expect(botSaidTo('wmBudget', before)).toEqual([]);
    expect(h.fake.kfState(WECOM.kfAccount, 'wmBudget').state).toBe(0);
    for (let i = 1; i <= 5; i++) await h.channel.send(toCustomer('wmBudget', `回复${i}`));
    expect(h.fake.kfState(WECOM.kfAccount, 'wmBudget').state).toBe(1);
    expect(h.fake.kfMessages.slice(before).map((m) => m.content)).toEqual(['回复1', '回复2', '回复3', '回复4', '回复5']);
    expect(h.fake.kfMessages.at(-1)!.msgid).toMatch(/^[0-9a-f]{32}$/);
    expect(await drop(h.channel.send(toCustomer('wmBudget')))).toMatch(/5-message budget for customer wmBudget/);
    expect(h.fake.kfMessages.length - before).toBe(5);
    // The customer writes again: the budget is back.
    await customerWrites(WECOM.kfAccount, 'wmBudget', '好的');
    await h.channel.send(toCustomer('wmBudget', '明天上午'));
    expect(h.fake.kfMessages.at(-1)!.content).toBe('明天上午');
    const row = await h.t.runtime.db.ds.getRepository(WecomKfCustomerEntity).findOneBy({ openKfId: WECOM.kfAccount, externalUserId: 'wmBudget' });
    expect(row!.sendsSinceCustomer).toBe(1);
  });

  test("the bot's own answer takes the session (0 → 1) and counts against the five", async () => {
    const before = h.fake.kfMessages.length;
    await customerWrites(WECOM.kfAccount, 'wmBudgetTicket', '我家净水器坏了要报修，地址杭州西湖区文三路200号');
    const answered = botSaidTo('wmBudgetTicket', before);
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatch(/#\d{4}/);
    expect(h.fake.kfState(WECOM.kfAccount, 'wmBudgetTicket').state).toBe(1);
    for (let i = 2; i <= 5; i++) await h.channel.send(toCustomer('wmBudgetTicket', `回复${i}`));
    expect(await drop(h.channel.send(toCustomer('wmBudgetTicket')))).toMatch(/5-message budget for customer wmBudgetTicket/);
    expect(botSaidTo('wmBudgetTicket', before)).toHaveLength(5);
  });

  test('two sends racing on a new session both get through (the loser of 0 → 1 reads the state again)', async () => {
    const before = h.fake.kfMessages.length;
    await customerWrites(WECOM.kfAccount, 'wmRace', '你好');
    expect(h.fake.kfState(WECOM.kfAccount, 'wmRace').state).toBe(0);
    await Promise.all([h.channel.send(toCustomer('wmRace', '甲')), h.channel.send(toCustomer('wmRace', '乙'))]);
    expect(botSaidTo('wmRace', before).sort()).toEqual(['乙', '甲'].sort());
    expect(h.fake.kfState(WECOM.kfAccount, 'wmRace').state).toBe(1);
  });

  test('a reply by replyContext goes through kf/send_msg; a known customer is named in drops', async () => {
    const before = h.fake.kfMessages.length;
    await customerWrites(WECOM.kfAccount, ZHOU, '查一下我的工单');
    // The chase answered the status question itself (her tickets only)...
    expect(botSaidTo(ZHOU, before)).toEqual([expect.stringMatching(/^您的工单进度\n#\d{4} /)]);
    // ...and a reply by replyContext takes the same route.
    await h.channel.send({ destination: { kind: 'reply', platform: 'wecom', conversation: { type: 'direct', id: WECOM.kfAccount }, context: { via: 'kf', openKfId: WECOM.kfAccount, externalUserId: ZHOU } }, body: { title: '工单 #1024', lines: ['处理中'] }, idempotencyKey: 'kf-reply-1' });
    expect(h.fake.kfMessages.at(-1)).toMatchObject({ touser: ZHOU, content: '工单 #1024\n处理中' });
    h.fake.setKfState(WECOM.kfAccount, ZHOU, 3, 'WangXiaoWang');
    expect(await drop(h.channel.send(toCustomer(ZHOU)))).toMatch(/周女士 \(wmDemoCustomerZhou\).*handled by a person/);
  });

  test('after 48 hours the bot may not write: drop, and nothing reaches WeCom', async () => {
    await customerWrites(WECOM.kfAccount, 'wmLate', '在吗');
    h.clock.advance(49 * 3600_000);
    const before = h.fake.kfMessages.length;
    expect(await drop(h.channel.send(toCustomer('wmLate')))).toMatch(/48-hour window to reply to customer wmLate/);
    expect(h.fake.kfMessages.length).toBe(before);
  });

  test('a customer who never wrote cannot be messaged first', async () => {
    expect(await drop(h.channel.send(toCustomer('wmStranger')))).toMatch(/wmStranger has not written/);
  });

  test('WeCom\'s own refusals (95001 / 95002) are drops too', async () => {
    await customerWrites(WECOM.kfAccount, 'wmPlatform', '你好');
    h.fake.failNext('/cgi-bin/kf/send_msg', 95001);
    expect(await drop(h.channel.send(toCustomer('wmPlatform')))).toMatch(/95001/);
  });

  test('a customer asking for a person hears so first, then the session goes to the queue; nothing is dropped', async () => {
    const since = h.fake.kfMessages.length;
    await customerWrites(WECOM.kfAccount, 'wmAsksPerson', '你好', '转人工');
    expect(botSaidTo('wmAsksPerson', since)).toEqual(['正在为您转接人工客服\n请稍候，客服马上为您服务。']);
    expect(h.fake.kfState(WECOM.kfAccount, 'wmAsksPerson').state).toBe(2);
    const dead = await h.t.runtime.db.ds.query("SELECT COUNT(*) AS n FROM outbox WHERE status = 'dead'");
    expect(Number(dead[0].n)).toBe(0);
    // In the queue the bot stays silent, and the people about to pick the customer up are not
    // interrupted by "the customer was not answered" alerts for what it held back.
    const robots = h.fake.robotMessages.length;
    await customerWrites(WECOM.kfAccount, 'wmAsksPerson', '在吗');
    await customerWrites(WECOM.kfAccount, 'wmAsksPerson', '净水器漏水了，地址杭州市西湖区文三路100号，电话13712345678');
    expect(botSaidTo('wmAsksPerson', since)).toHaveLength(1);
    expect(h.fake.robotMessages.slice(robots).filter((m) => m.content.includes('没有收到消息'))).toEqual([]);
    expect(h.fake.robotMessages.slice(robots).some((m) => m.content.includes('客户新工单'))).toBe(true);
  });

  test('hand-over to people: the queue (2) or one servicer (3); the bot then stays silent', async () => {
    await customerWrites(WECOM.kfAccount, 'wmHuman', '转人工');
    await expect(handOverToHuman(h.t.runtime.channels, WECOM.kfAccount, 'wmHuman')).resolves.toEqual({ serviceState: 2 });
    expect(h.fake.kfState(WECOM.kfAccount, 'wmHuman').state).toBe(2);
    await expect(handOverToHuman(h.t.runtime.channels, WECOM.kfAccount, 'wmHuman', 'WangXiaoWang')).resolves.toEqual({ serviceState: 3 });
    expect(h.fake.kfState(WECOM.kfAccount, 'wmHuman')).toMatchObject({ state: 3, servicer: 'WangXiaoWang' });
    expect(await drop(h.channel.send(toCustomer('wmHuman')))).toMatch(/service_state 3/);
  });
});
