// Issue 4 "done when": with WECOM_* set and WECOM_API_BASE at the fake, a staff member's message
// to the app delivered four times yields one ticket (GET /api/tickets, MsgId exact) and exactly
// one reply naming the ticket code through message/send; the smart robot (response_url) and
// Customer Service (kf/send_msg) paths behave the same through their own reply routes.
// Ticket creation and the reply come from the chase flow's MessageHandler and outbox.
//
// Each path uses its own customer: the chase adds a message about a customer who already has an
// open ticket of the same kind to that ticket (by phone for staff relays, by the config's phone
// or the platform id for customers), so a shared customer would not open three tickets.
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';
import { settleUntil } from '../support/settle';

const ADMIN = 'wecom-test-admin-token-0123';

interface ApiTicket {
  code: string;
  source: { platform: string; messageId: string; conversationId: string; senderId: string };
}

async function apiTickets(h: WecomHarness): Promise<ApiTicket[]> {
  const res = await fetch(`${h.t.url}/api/tickets?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { tickets: ApiTicket[] }).tickets;
}

const settle = (h: WecomHarness, done: () => Promise<boolean>) => settleUntil(h.t.runtime, done);

async function oneTicketFor(h: WecomHarness, messageId: string, replies: (code: string) => number): Promise<ApiTicket> {
  await settle(h, async () => {
    const t = (await apiTickets(h)).filter((x) => x.source.messageId === messageId);
    return t.length > 0 && replies(t[0]!.code) > 0;
  });
  // Give a would-be duplicate (a second ticket or reply) every chance to appear before counting.
  await new Promise((r) => setTimeout(r, 300));
  await settle(h, async () => true);
  const tickets = (await apiTickets(h)).filter((x) => x.source.messageId === messageId);
  expect(tickets).toHaveLength(1);
  expect(replies(tickets[0]!.code)).toBe(1);
  return tickets[0]!;
}

describe('WeCom end to end', () => {
  let h: WecomHarness;
  beforeAll(async () => {
    h = await startWecom();
  });
  afterAll(async () => h.close());

  test('app: a staff message delivered four times → one ticket with the exact MsgId, one message/send reply naming it', async () => {
    const msgId = '7345678901234567891';
    // Above 2^53: a JSON number would round it to ...1888.
    expect(BigInt(msgId)).toBeGreaterThan(2n ** 53n);
    const req = h.sim.appText({ from: 'WangXiaoWang', content: '投诉：客户孙先生 13900000011 家净水器漏水，地板都泡了，很不满意', msgId });
    for (let i = 0; i < 4; i++) expect((await h.sim.deliver(req)).status).toBe(200);
    const naming = (code: string) => h.fake.appMessages.filter((m) => m.touser === 'WangXiaoWang' && m.content.includes(`#${code}`)).length;
    const ticket = await oneTicketFor(h, msgId, naming);
    expect(ticket.source).toMatchObject({ platform: 'wecom', messageId: msgId, senderId: 'WangXiaoWang' });
    // Exact in the JSON text too, not only after a lenient parse.
    const raw = await (await fetch(`${h.t.url}/api/tickets?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    expect(raw).toContain(`"messageId":"${msgId}"`);
  });

  test('smart robot: a group @-message delivered four times → one ticket, one response_url reply naming it', async () => {
    const responseUrl = h.fake.newResponseUrl();
    const req = h.sim.botText({ from: 'WangXiaoWang', chatId: WECOM.serviceGroupChat, content: '@工单助手 投诉：客户钱女士 13900000012 家热水器不出热水，很不满意', responseUrl });
    for (let i = 0; i < 4; i++) expect((await h.sim.deliver(req)).status).toBe(200);
    const naming = (code: string) => h.fake.responses.filter((r) => r.content.includes(`#${code}`)).length;
    const ticket = await oneTicketFor(h, req.msgId, naming);
    expect(ticket.source).toMatchObject({ platform: 'wecom', messageId: req.msgId, conversationId: WECOM.serviceGroupChat, senderId: 'WangXiaoWang' });
    // The reply went through response_url, not again (or instead) through the group's robot.
    expect(h.fake.robotMessages.filter((m) => m.key === WECOM.serviceRobotKey && m.content.includes(`#${ticket.code}`))).toHaveLength(0);
  });

  test('Customer Service: the kf event delivered four times → one ticket, one kf/send_msg reply naming it', async () => {
    const ext = 'wmE2eCustomerWu';
    const item = h.fake.pushKfMessage({ openKfId: WECOM.kfAccount, externalUserId: ext, text: '我家净水器漏水了，地板都泡了，电话13900000013，很不满意' });
    const event = h.sim.kfEvent({ openKfId: WECOM.kfAccount, token: h.fake.kfCallbackToken(WECOM.kfAccount) });
    for (let i = 0; i < 4; i++) expect((await h.sim.deliver(event)).status).toBe(200);
    const naming = (code: string) => h.fake.kfMessages.filter((m) => m.touser === ext && m.openKfId === WECOM.kfAccount && m.content.includes(`#${code}`)).length;
    const ticket = await oneTicketFor(h, item.msgid, naming);
    // The ticket keeps where the customer wrote: the kf account (open_kfid) and their external_userid.
    expect(ticket.source).toMatchObject({ platform: 'wecom', messageId: item.msgid, conversationId: WECOM.kfAccount, senderId: ext });
  });
});
