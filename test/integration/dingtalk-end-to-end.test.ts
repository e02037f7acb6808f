// Issue 5 "done when": a group @-message signed as DingTalk signs it, delivered three times,
// yields one ticket and exactly one reply through its sessionWebhook naming the ticket code —
// over HTTP callbacks and over Stream mode. Ticket creation and the reply come from the chase
// flow's message handler and outbox (src/runtime.ts), through the real runtime.
import { startDingtalk, type DingtalkHarness } from '../support/dingtalk-harness';
import { settleUntil } from '../support/settle';

const group = { type: 'group' as const, id: 'cidDemoServiceGroup', title: '售后服务群' };
const TEXT = '投诉：客户周女士 13900000002 家净水器漏水，地板都泡了，很不满意';

const settle = (h: DingtalkHarness, done: () => Promise<boolean>) => settleUntil(h.t.runtime, done);

async function ticketsFor(h: DingtalkHarness, msgId: string): Promise<{ code: string }[]> {
  return h.t.runtime.db.ds.query("SELECT code FROM tickets WHERE source_platform = 'dingtalk' AND source_message_id = ?", [msgId]);
}

function sessionRepliesNaming(h: DingtalkHarness, code: string) {
  return h.fake.deliveries.filter((d) => d.via === 'session' && d.target === group.id && `${d.title ?? ''}\n${d.text}`.includes(`#${code}`));
}

async function expectOneTicketOneReply(h: DingtalkHarness, msgId: string): Promise<void> {
  await settle(h, async () => {
    const t = await ticketsFor(h, msgId);
    return t.length > 0 && sessionRepliesNaming(h, t[0]!.code).length > 0;
  });
  // Give a would-be duplicate every chance to appear before counting.
  await new Promise((r) => setTimeout(r, 300));
  await settle(h, async () => true);
  const tickets = await ticketsFor(h, msgId);
  expect(tickets).toHaveLength(1);
  expect(sessionRepliesNaming(h, tickets[0]!.code)).toHaveLength(1);
  expect(h.fake.deliveries.filter((d) => d.text.includes(`#${tickets[0]!.code}`) && d.via !== 'session' && d.target === group.id)).toHaveLength(0);
}

describe('DingTalk end to end', () => {
  describe('HTTP callback mode', () => {
    let h: DingtalkHarness;
    beforeAll(async () => {
      h = await startDingtalk();
    });
    afterAll(async () => h.close());

    test('three deliveries of one signed group @-message: one ticket, one sessionWebhook reply naming it', async () => {
      const body = h.sim.robotMessage({ text: TEXT, sender: { staffId: 'dt-wang', nick: '客服小王' }, conversation: group, robotName: '工单助手' });
      for (let i = 0; i < 3; i++) expect((await h.sim.post(h.callbackUrl, body)).status).toBe(200);
      await expectOneTicketOneReply(h, String(body.msgId));
    });

    test('a stale timestamp, a wrong sign and malformed JSON are refused and make no ticket', async () => {
      const before: { n: number | string }[] = await h.t.runtime.db.ds.query('SELECT COUNT(*) AS n FROM tickets');
      const inboundBefore = await h.inboundCount();
      const deliveriesBefore = h.fake.deliveries.length;
      const body = h.sim.robotMessage({ text: TEXT, sender: { staffId: 'dt-wang' }, conversation: group });
      const stale = await h.sim.post(h.callbackUrl, body, h.sim.callbackHeaders({ timestamp: String(h.clock.now().getTime() - 2 * 3_600_000) }));
      const wrong = await h.sim.post(h.callbackUrl, body, h.sim.callbackHeaders({ sign: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }));
      const malformed = await h.sim.post(h.callbackUrl, '{"msgtype":"text",', h.sim.callbackHeaders());
      expect([stale.status, wrong.status, malformed.status]).toEqual([401, 401, 400]);
      await settle(h, async () => true);
      const after: { n: number | string }[] = await h.t.runtime.db.ds.query('SELECT COUNT(*) AS n FROM tickets');
      expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
      // Refused before the inbox: nothing recorded, nothing answered.
      expect(await h.inboundCount()).toBe(inboundBefore);
      expect(h.fake.deliveries.length).toBe(deliveriesBefore);
    });
  });

  describe('Stream mode', () => {
    let h: DingtalkHarness;
    beforeAll(async () => {
      h = await startDingtalk({ mode: 'stream', redeliverAfterMs: 200 });
    });
    afterAll(async () => h.close());

    test('pushed twice and redelivered after a lost ack: one ticket, one sessionWebhook reply naming it', async () => {
      const body = h.sim.robotMessage({ text: TEXT, sender: { staffId: 'dt-wang', nick: '客服小王' }, conversation: group });
      h.gateway!.loseAcks(1);
      h.gateway!.deliverRobotMessage(body);
      h.gateway!.deliverRobotMessage(body);
      await expectOneTicketOneReply(h, String(body.msgId));
      expect(h.gateway!.framesSent.filter((f) => f.msgId === body.msgId).length).toBeGreaterThanOrEqual(3);
    });
  });
});
