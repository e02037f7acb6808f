// Issue 4 "done when": with WECOM_* set and WECOM_API_BASE at the fake, a staff member's message
// to the app delivered four times yields one ticket (GET /api/tickets, MsgId exact) and exactly
// one reply naming the ticket code through message/send; the smart robot (response_url) and
// Customer Service (kf/send_msg) paths behave the same through their own reply routes.
// Ticket creation and the reply come from the chase flow's MessageHandler and outbox.
//
// SKIPPED while the chase flow is missing: when this was written, src/runtime.ts still wired the
// foundation's logging-only MessageHandler ("message recorded") and no outbox sender, so neither a
// ticket nor a reply can exist. The check below turns the suite on by itself once that handler is
// replaced; nothing else here depends on how the chase flow is built.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../src/runtime';
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';

const runtimeSource = readFileSync(join(__dirname, '../../src/runtime.ts'), 'utf8');
const chaseFlowWired = !/logger\.info\(\{ platform: message\.platform, messageId: message\.messageId \}, 'message recorded'\)/.test(runtimeSource);
const describeWhenWired = chaseFlowWired ? describe : describe.skip;

const ADMIN = 'wecom-test-admin-token-0123';
const COMPLAINT = '投诉：客户周女士 13900000002 家净水器漏水，地板都泡了，很不满意';

interface ApiTicket {
  code: string;
  source: { platform: string; messageId: string; conversationId: string; senderId: string };
}

async function apiTickets(h: WecomHarness): Promise<ApiTicket[]> {
  const res = await fetch(`${h.t.url}/api/tickets?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { tickets: ApiTicket[] }).tickets;
}

/** Lets the inbox processor and the outbox (whatever the runtime calls it) work until `done`. */
async function settle(h: WecomHarness, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const rt = h.t.runtime as Runtime & { outbox?: { drain?(): Promise<unknown> }; sender?: { drain?(): Promise<unknown> } };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await rt.processor.drain();
    await (rt.outbox ?? rt.sender)?.drain?.();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the ticket and its reply');
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

describeWhenWired('WeCom end to end (needs the chase flow in src/runtime.ts)', () => {
  let h: WecomHarness;
  beforeAll(async () => {
    h = await startWecom();
  });
  afterAll(async () => h.close());

  test('app: a staff message delivered four times → one ticket with the exact MsgId, one message/send reply naming it', async () => {
    const msgId = '7345678901234567891';
    const req = h.sim.appText({ from: 'WangXiaoWang', content: COMPLAINT, msgId });
    for (let i = 0; i < 4; i++) expect((await h.sim.deliver(req)).status).toBe(200);
    const naming = (code: string) => h.fake.appMessages.filter((m) => m.touser === 'WangXiaoWang' && m.content.includes(`#${code}`)).length;
    const ticket = await oneTicketFor(h, msgId, naming);
    expect(ticket.source).toMatchObject({ platform: 'wecom', messageId: msgId, senderId: 'WangXiaoWang' });
  });

  test('smart robot: a group @-message delivered four times → one ticket, one response_url reply naming it', async () => {
    const responseUrl = h.fake.newResponseUrl();
    const req = h.sim.botText({ from: 'WangXiaoWang', chatId: WECOM.serviceGroupChat, content: `@工单助手 ${COMPLAINT}`, responseUrl });
    for (let i = 0; i < 4; i++) expect((await h.sim.deliver(req)).status).toBe(200);
    const naming = (code: string) => h.fake.responses.filter((r) => r.content.includes(`#${code}`)).length;
    const ticket = await oneTicketFor(h, req.msgId, naming);
    expect(ticket.source).toMatchObject({ platform: 'wecom', conversationId: WECOM.serviceGroupChat });
  });

  test('Customer Service: the kf event delivered four times → one ticket, one kf/send_msg reply naming it', async () => {
    const item = h.fake.pushKfMessage({ openKfId: WECOM.kfAccount, externalUserId: 'wmDemoCustomerZhou', text: '我家净水器漏水了，地板都泡了，电话13900000002，很不满意' });
    const event = h.sim.kfEvent({ openKfId: WECOM.kfAccount, token: h.fake.kfCallbackToken(WECOM.kfAccount) });
    for (let i = 0; i < 4; i++) expect((await h.sim.deliver(event)).status).toBe(200);
    const naming = (code: string) => h.fake.kfMessages.filter((m) => m.touser === 'wmDemoCustomerZhou' && m.content.includes(`#${code}`)).length;
    const ticket = await oneTicketFor(h, item.msgid, naming);
    expect(ticket.source).toMatchObject({ platform: 'wecom', messageId: item.msgid });
  });
});
