import { startChase, STAFF, cst, textOf, codeIn, type ChaseHarness } from './chase-harness';

let h: ChaseHarness;
beforeAll(async () => {
  h = await startChase({ start: cst(2026, 12, 3, 10, 0) });
});
afterAll(async () => h.close());

test('a relayed complaint opens a ticket and the card comes back through the outbox', async () => {
  const sent = await h.say({ from: STAFF.wang, text: '客户周女士 13900000002 投诉净水器漏水，地板都泡了，很不满意' });
  expect(sent).toHaveLength(1);
  console.log(textOf(sent[0]!), JSON.stringify(sent[0]!.destination));
  const code = codeIn(sent[0]!)!;
  const t = await h.ticket(code);
  expect(t.kind).toBe('complaint');
  console.log(await h.deadlines(t.id));
});
