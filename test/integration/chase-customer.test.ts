// Customers (WeCom kf-style direct chats with isCustomer senders): their messages open or add to
// their own tickets, they see only their own tickets, they cannot command; repeat complaints are
// level 2, VIPs get the VIP policy; a platform retry never makes a second ticket or reply.
import { startChase, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';
import type { InboundDraft } from '../fakes/test-channel';
import { OutboxEntity } from '../../src/db/entities/outbox.entity';
import { TicketEntity } from '../../src/db/entities/ticket.entity';

let h: ChaseHarness;
beforeAll(async () => {
  h = await startChase({ start: cst(2026, 12, 3, 10, 0) });
});
afterAll(async () => h.close());

const customer = (ext: string, text: string, extra: Partial<InboundDraft> = {}): InboundDraft => ({
  from: ext,
  customer: true,
  text,
  conversation: { type: 'direct', id: ext },
  replyContext: { via: 'kf', openKfId: 'wkDemoKfAccount', externalUserId: ext },
  ...extra,
});

let codeA = '';

test('a customer opens a visit: their card in their chat, the staff card in the intake group', async () => {
  const sent = await h.say(customer('wmCustomerA', '我家净水器漏水了，地址杭州市西湖区文三路100号，电话13911112222，明天上午来修'));
  expect(sent.map((m) => m.destination.kind)).toEqual(['reply', 'robot']);
  codeA = codeIn(sent[0]!)!;
  expect(textOf(sent[0]!)).toMatch(/已为您登记工单 #\d+[\s\S]*期望时间：12月4日 周五 09:00–12:00[\s\S]*负责人：张工/);
  expect(textOf(sent[0]!)).not.toContain('接单');
  expect(sent[1]!.destination).toEqual({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' });
  expect(textOf(sent[1]!)).toContain(`客户新工单 #${codeA}`);
  const t = await h.ticket(codeA);
  expect(t).toMatchObject({ customerRef: 'wecom:wmCustomerA', sourceConversationType: 'direct', kind: 'visit' });

  const again = await h.say(customer('wmCustomerA', '净水器还在漏水，麻烦尽快上门维修'));
  expect(textOf(again[0]!)).toContain(`已补充到您的工单 #${codeA}`);
  expect(await h.db.ds.getRepository(TicketEntity).countBy({ customerRef: 'wecom:wmCustomerA' })).toBe(1);
  expect((await h.ticket(codeA)).description).toContain('还在漏水');
});

test('status questions show the customer their own tickets; another customer is refused precisely', async () => {
  const mine = await h.say(customer('wmCustomerA', '我的工单到哪一步了'));
  expect(textOf(mine[0]!)).toMatch(new RegExp(`您的工单进度\\n#${codeA} 上门 · 待处理`));

  const other = await h.say(customer('wmCustomerB', `查询 #${codeA}`));
  expect(textOf(other[0]!)).toBe(`无法查询工单 #${codeA}\n工单 #${codeA} 不在您的名下，为保护其他客户的信息，不能为您查询。`);
  const other2 = await h.say(customer('wmCustomerB', `工单#${codeA} 进度怎么样`));
  expect(textOf(other2[0]!)).toContain('不在您的名下');
  const missing = await h.say(customer('wmCustomerB', '查询 #99999'));
  expect(textOf(missing[0]!)).toContain('工单 #99999 不在您的名下');
  expect(textOf(other[0]!)).not.toContain('文三路');
});

test('a customer cannot command; 人工 hands the kf session over', async () => {
  const cmd = await h.say(customer('wmCustomerB', `接单 #${codeA}`));
  expect(textOf(cmd[0]!)).toContain('「接单」是员工使用的工单命令');
  expect((await h.ticket(codeA)).status).toBe('open');
  const human = await h.say(customer('wmCustomerB', '转人工'));
  expect(textOf(human[0]!)).toContain('正在为您转接人工客服');
  expect(h.channel.handOvers).toEqual([{ openKfId: 'wkDemoKfAccount', externalUserId: 'wmCustomerB' }]);
  expect(await h.say(customer('wmCustomerB', '谢谢'))).toEqual([]);
});

test("a known customer's second complaint within 90 days is level 2 even if mild, and the manager is told", async () => {
  const first = await h.say(customer('wmDemoCustomerZhou', '热水器不出热水，很不满意'));
  const c1 = codeIn(first[0]!)!;
  expect((await h.ticket(c1)).complaintLevel).toBe(1);
  await h.say({ from: STAFF.wang, text: `完成 #${c1} 已远程指导复位，恢复正常`, conversation: GROUP });
  await h.say({ from: STAFF.wang, text: `关闭 #${c1}`, conversation: GROUP });
  h.clock.advance(30 * 86_400_000);
  const second = await h.say(customer('wmDemoCustomerZhou', '热水器不出热水，太失望了，投诉'));
  const c2 = codeIn(second[0]!)!;
  expect(c2).not.toBe(c1);
  const t2 = await h.ticket(c2);
  expect(t2).toMatchObject({ complaintLevel: 2, customerName: '周女士', customerPhone: '13900000002' });
  const notice = second.find((m) => m.destination.kind === 'user')!;
  expect(notice.destination).toEqual({ kind: 'user', platform: 'wecom', userId: STAFF.zhao });
  expect(textOf(notice)).toMatch(/二级投诉知会 #\d+[\s\S]*天内再次投诉，按二级处理/);
  const created = (await h.events(t2.id))[0]!;
  expect(created.data).toMatchObject({ repeatComplaint: true });
});

test('a VIP customer relayed by staff gets the VIP policy (24×7, 15 minutes) and the manager from the start', async () => {
  h.clock.set(cst(2027, 1, 9, 20, 0)); // a Saturday evening
  const sent = await h.say({ from: STAFF.wang, text: '杭州云栖酒店 13900000001 投诉热水器不热，客人很不满', conversation: GROUP });
  const code = codeIn(sent[0]!)!;
  const t = await h.ticket(code);
  expect(t).toMatchObject({ vip: true, policyName: 'vip', customerName: '杭州云栖酒店' });
  expect((t.policy as { policy: { complaint: { firstResponse: number } } }).policy.complaint.firstResponse).toBe(15 * 60_000);
  expect((await h.deadlines(t.id)).first_response!.dueAt).toBe(new Date(cst(2027, 1, 9, 20, 15)).toISOString());
  expect(sent.map((m) => m.destination)).toContainEqual({ kind: 'user', platform: 'wecom', userId: STAFF.zhao });
  expect(textOf(sent.find((m) => m.destination.kind === 'user')!)).toContain('VIP 客户工单知会');
});

test('a platform retry of the same message, and a handler re-run after a crash, make one ticket and one reply', async () => {
  const draft = { from: STAFF.li, text: '宁波市鄞州区天童路1号 孙女士 13812340000 热水器要安装', conversation: GROUP, messageId: 'retry-me-1' };
  const first = await h.say(draft);
  expect(await h.say(draft)).toEqual([]); // the inbox already has it
  const message = h.channel.inbound(draft);
  await h.runtime.handler(message); // as if the first run crashed after committing
  await h.runtime.outbox.drain();
  expect(h.channel.sent.filter((m) => m.idempotencyKey === 'reply:wecom:retry-me-1')).toHaveLength(1);
  expect(await h.db.ds.getRepository(TicketEntity).countBy({ sourceMessageId: 'retry-me-1' })).toBe(1);
  expect(await h.db.ds.getRepository(OutboxEntity).countBy({ idempotencyKey: 'reply:wecom:retry-me-1' })).toBe(1);
  expect(first).toHaveLength(1);
  expect((await h.ticket(codeIn(first[0]!)!)).assigneeId).toBe('liu.engineer');
});
