// A customer who opened a ticket through WeCom Customer Service (微信客服) hears of its progress
// through kf/send_msg on the account they wrote to: 接单, 预约, 到达, 完成 with the satisfaction
// survey, and their answer to the survey is recorded as the follow-up. Real runtime, real fake
// WeCom; staff command through the app callback as they would.
import { OutboxEntity } from '../../src/db/entities/outbox.entity';
import type { FindOptionsWhere } from 'typeorm';
import { TicketEntity, type TicketRow } from '../../src/db/entities/ticket.entity';
import { TicketDeadlineEntity } from '../../src/db/entities/ticket-deadline.entity';
import { customerScore } from '../../src/tickets/commands/handlers/finish';
import { testConfig } from '../support/test-config';
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecom();
});
afterAll(async () => h.close());

// Not the config's customer_service account: proves the ticket keeps the open_kfid it came from
// rather than falling back to the default account.
const KF = 'wkSecondAccount';
const config = testConfig();

async function work(): Promise<void> {
  await h.settle();
  await h.t.runtime.outbox.drain();
}

async function customerWrites(ext: string, text: string, openKfId = KF) {
  const item = h.fake.pushKfMessage({ openKfId, externalUserId: ext, text });
  expect((await h.sim.deliver(h.sim.kfEvent({ openKfId, token: h.fake.kfCallbackToken(openKfId) }))).status).toBe(200);
  await work();
  return item;
}

async function staffSays(userId: string, content: string): Promise<void> {
  expect((await h.sim.deliver(h.sim.appText({ from: userId, content }))).status).toBe(200);
  await work();
}

const ticketBy = (where: FindOptionsWhere<TicketRow>) => h.t.runtime.db.ds.getRepository(TicketEntity).findOneByOrFail(where);
const wecomIdOf = (staffId: string | null) => config.staff.find((s) => s.id === staffId)!.wecom!.userId;
const toCustomer = (ext: string, since: number) => h.fake.kfMessages.slice(since).filter((m) => m.touser === ext);

test('a kf customer is told of 接单, 预约, 到达 and 完成 (with the survey) on their own kf account, and their score is the follow-up', async () => {
  const ext = 'wmNoticeCustomer';
  let mark = h.fake.kfMessages.length;
  const first = await customerWrites(ext, '我家净水器坏了，要上门维修，地址杭州市西湖区文三路100号，电话13911113333');
  const t = await ticketBy({ sourceMessageId: first.msgid });
  // The ticket keeps where the customer wrote: the open_kfid as the conversation, the external_userid as the sender.
  expect(t).toMatchObject({ kind: 'visit', customerRef: `wecom:${ext}`, sourceConversationId: KF, sourceConversationType: 'direct', sourceSenderId: ext });
  expect(toCustomer(ext, mark).map((m) => [m.openKfId, m.content])).toEqual([[KF, expect.stringContaining(`#${t.code}`)]]);
  const engineer = wecomIdOf(t.assigneeId);

  const steps: [string, RegExp][] = [
    [`接单 #${t.code}`, new RegExp(`^您的工单 #${t.code} 已接单\\n负责人：`)],
    [`预约 #${t.code} 明天下午3点`, new RegExp(`^您的工单 #${t.code} 已预约上门\\n上门时间：12月5日 周六 15:00\\n上门工程师：`)],
  ];
  for (const [command, told] of steps) {
    mark = h.fake.kfMessages.length;
    await staffSays(engineer, command);
    expect(toCustomer(ext, mark).map((m) => [m.openKfId, m.content])).toEqual([[KF, expect.stringMatching(told)]]);
  }

  h.clock.set('2026-12-05T07:00:00Z'); // 15:00 China time, 29 hours after the customer wrote
  mark = h.fake.kfMessages.length;
  await staffSays(engineer, `到达 #${t.code}`);
  expect(toCustomer(ext, mark).map((m) => m.content)).toEqual([expect.stringMatching(new RegExp(`^工程师已到达 · 工单 #${t.code}\\n.+已到达`))]);

  mark = h.fake.kfMessages.length;
  await staffSays(engineer, `完成 #${t.code} 已更换滤芯，试机正常`);
  expect(toCustomer(ext, mark).map((m) => m.content)).toEqual([`您的工单 #${t.code} 已处理完成\n处理结果：已更换滤芯，试机正常\n请回复 1–5 分评价本次服务（5 分为非常满意），也欢迎留下您的意见。`]);
  // Card, 接单, 预约, 到达, 完成: exactly the five messages WeCom allows per customer message.
  const rows = await h.t.runtime.db.ds.getRepository(OutboxEntity).find();
  const customerRows = rows.filter((r) => r.idempotencyKey.startsWith(`customer:${t.id}:`));
  expect(customerRows.map((r) => [r.idempotencyKey.split(':')[2], r.status])).toEqual([['claim', 'sent'], ['schedule', 'sent'], ['arrive', 'sent'], ['resolve', 'sent']]);

  mark = h.fake.kfMessages.length;
  await customerWrites(ext, '5分 师傅很专业');
  expect(await ticketBy({ id: t.id })).toMatchObject({ satisfaction: 5, satisfactionNote: '师傅很专业' });
  const followUp = await h.t.runtime.db.ds.getRepository(TicketDeadlineEntity).findOneByOrFail({ ticketId: t.id, name: 'follow_up' });
  expect(followUp.metAt).not.toBeNull();
  expect(toCustomer(ext, mark).map((m) => m.content)).toEqual([`感谢您的评价\n工单 #${t.code}：5 分（师傅很专业）`]);

  // Nothing more awaits a score: another digit is not taken as one.
  mark = h.fake.kfMessages.length;
  await customerWrites(ext, '1');
  expect((await ticketBy({ id: t.id })).satisfaction).toBe(5);
});

test('a customer complaint: 接单 and 完成 reach the customer; a low score is passed to the staff', async () => {
  const ext = 'wmNoticeComplainer';
  const first = await customerWrites(ext, '投诉：热水器装好第二天就漏水，太不负责了，电话13911114444', WECOM.kfAccount);
  const t = await ticketBy({ sourceMessageId: first.msgid });
  expect(t).toMatchObject({ kind: 'complaint', sourceConversationId: WECOM.kfAccount });
  const owner = wecomIdOf(t.assigneeId);
  let mark = h.fake.kfMessages.length;
  await staffSays(owner, `接单 #${t.code}`);
  await staffSays(owner, `完成 #${t.code} 已上门更换密封圈`);
  expect(toCustomer(ext, mark).map((m) => [m.openKfId, m.content.split('\n')[0]])).toEqual([
    [WECOM.kfAccount, `您的工单 #${t.code} 已接单`],
    [WECOM.kfAccount, `您的工单 #${t.code} 已处理完成`],
  ]);
  const robots = h.fake.robotMessages.length;
  mark = h.fake.kfMessages.length;
  await customerWrites(ext, '2，还是有点渗水', WECOM.kfAccount);
  expect((await ticketBy({ id: t.id })).satisfaction).toBe(2);
  expect(toCustomer(ext, mark)).toHaveLength(1);
  expect(h.fake.robotMessages.slice(robots).filter((m) => m.key === WECOM.serviceRobotKey).map((m) => m.content)).toEqual([expect.stringContaining(`客户评价偏低 #${t.code}：2 分`)]);
});

test('a customer relayed by a colleague is not written to by the bot (the colleague tells them)', async () => {
  const mark = h.fake.kfMessages.length;
  await staffSays('WangXiaoWang', '投诉：客户郑先生 13911115555 家净水器漏水，很不满意');
  const t = await ticketBy({ customerPhone: '13911115555' });
  expect(t.customerRef).toBeNull();
  await staffSays(wecomIdOf(t.assigneeId), `接单 #${t.code}`);
  await staffSays(wecomIdOf(t.assigneeId), `完成 #${t.code} 已电话指导处理`);
  expect(h.fake.kfMessages.length).toBe(mark);
  const rows = await h.t.runtime.db.ds.getRepository(OutboxEntity).find();
  expect(rows.filter((r) => r.idempotencyKey.startsWith(`customer:${t.id}:`))).toEqual([]);
});

test('what counts as a survey answer in a customer message', () => {
  expect(customerScore('5')).toEqual({ score: 5, note: null });
  expect(customerScore('4分 师傅很专业')).toEqual({ score: 4, note: '师傅很专业' });
  expect(customerScore('五星好评')).toEqual({ score: 5, note: '好评' });
  expect(customerScore('2，还是有点渗水')).toEqual({ score: 2, note: '还是有点渗水' });
  // Addresses, quantities and phone numbers are not scores.
  for (const text of ['1号楼也漏水', '3楼的热水器', '2个月前装的', '13911113333', '6分', '10']) expect(customerScore(text)).toBeNull();
});
