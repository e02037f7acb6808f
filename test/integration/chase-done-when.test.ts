// Issue 6 "done when": with a policy of seconds on a 24×7 calendar, a complaint leads to the
// reminder, the breach @-mention and the manager's notice, each exactly once and in that
// order, at the (test) platform; acting on the ticket stops the chain.
import { startChase, chaseConfig, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';

const fast = chaseConfig((raw) => {
  raw.policies.fast = {
    calendar: 'always',
    complaint: { firstResponse: '60s', resolution: { '1': '1h', '2': '1h', '3': '30m' }, chain: 'fast' },
    visit: { dispatch: '60s', contactBefore: '10m', arrivalGrace: '5m', report: '10m', followUpWithin: '1d', defaultArrival: '1h', chain: 'fast' },
  };
  raw.escalation.chains.fast = [
    { deadline: 'first_response', offset: '-20s', notify: 'assignee' },
    { deadline: 'first_response', offset: '0', notify: 'group' },
    { deadline: 'first_response', offset: '30s', notify: 'manager' },
  ];
  raw.defaultPolicy = 'fast';
});

let h: ChaseHarness;
beforeEach(async () => {
  // 03:00 at night: on a 24×7 calendar nothing waits for office hours.
  h = await startChase({ config: fast, start: cst(2026, 12, 5, 3, 0) });
});
afterEach(async () => h.close());

test('reminder → breach @-mention → manager notice, each once and in order; nothing after', async () => {
  const [card] = await h.say({ from: STAFF.li, text: '客户周女士 13900000002 投诉净水器漏水三天了，一直没人来，非常不满', conversation: GROUP });
  const code = codeIn(card!)!;
  expect(textOf(card!)).toContain('负责人：客服小王');

  expect(await h.advance(30_000)).toEqual([]); // t+30s: the reminder is due at t+40s
  const reminder = await h.advance(10_000); // t+40s
  expect(reminder).toHaveLength(1);
  expect(reminder[0]!.destination).toEqual({ kind: 'user', platform: 'wecom', userId: STAFF.wang });
  expect(textOf(reminder[0]!)).toMatch(new RegExp(`【提醒】#${code}.*首次响应还剩 20 秒`));

  const breach = await h.advance(20_000); // t+60s
  expect(breach).toHaveLength(1);
  expect(breach[0]!.destination).toEqual({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' });
  expect(breach[0]!.body.mentions).toEqual([{ userId: STAFF.wang, name: '客服小王', mobile: '13800000001' }]);
  expect(textOf(breach[0]!)).toContain(`#${code}`);

  const manager = await h.advance(30_000); // t+90s
  expect(manager).toHaveLength(1);
  expect(manager[0]!.destination).toEqual({ kind: 'user', platform: 'wecom', userId: STAFF.zhao });
  expect(textOf(manager[0]!)).toMatch(/【超时】.*首次响应已超时 30 秒.*负责人：客服小王/);

  for (let i = 0; i < 5; i++) expect(await h.advance(60_000)).toEqual([]);
  const t = await h.ticket(code);
  expect((await h.deadlines(t.id)).first_response!.breachedAt).toBe(new Date(Date.parse(cst(2026, 12, 5, 3, 1))).toISOString());
  const escalations = (await h.events(t.id)).filter((e) => e.action === 'escalation');
  expect(escalations.map((e) => e.data!.notify)).toEqual(['assignee', 'group', 'manager']);
  expect(h.channel.sent.map((m) => m.destination.kind)).toEqual(['reply', 'user', 'robot', 'user']);
});

test('acting on the ticket (接单 quoting the card) stops the chain', async () => {
  const [card] = await h.say({ from: STAFF.li, text: '客户周女士 13900000002 投诉净水器漏水三天了，一直没人来，非常不满', conversation: GROUP });
  const code = codeIn(card!)!;
  await h.advance(10_000);
  const ack = await h.say({ from: STAFF.wang, text: '接单', quotedText: `${card!.body.title}\n${card!.body.lines.join('\n')}`, conversation: GROUP });
  expect(ack).toHaveLength(1);
  expect(textOf(ack[0]!)).toContain(`#${code} 已接单`);
  for (let i = 0; i < 6; i++) expect(await h.advance(30_000)).toEqual([]);
  const t = await h.ticket(code);
  const d = await h.deadlines(t.id);
  expect(d.first_response!.metAt).toBe(new Date(Date.parse(cst(2026, 12, 5, 3, 0, 10))).toISOString());
  expect(d.first_response!.breachedAt).toBeNull();
  expect((await h.events(t.id)).map((e) => e.action)).toEqual(['create', 'claim']);
});
