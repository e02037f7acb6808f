// The chase on the Chinese business calendar (standard policy: 09:00–12:00, 13:30–18:00, Mon–Fri,
// public holidays and make-up workdays from chinese-days): a complaint at 17:50 before National
// Day, a make-up Saturday, and a pause across a weekend.
import { startChase, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';

const COMPLAINT = '客户周女士 13900000002 投诉净水器漏水，地板都泡了，很不满意';
let h: ChaseHarness;
afterEach(async () => h?.close());

const quote = (m: { body: { title: string; lines: string[] } }) => `${m.body.title}\n${m.body.lines.join('\n')}`;
const who = (m: { destination: unknown }) => JSON.stringify(m.destination);

test('17:50 on the last workday before National Day: nothing during the holiday, the chain resumes on 8 October', async () => {
  h = await startChase({ start: cst(2026, 9, 30, 17, 50) });
  const [card] = await h.say({ from: STAFF.wang, text: COMPLAINT, conversation: GROUP });
  const code = codeIn(card!)!;
  const t = await h.ticket(code);
  expect(await h.deadlines(t.id)).toMatchObject({
    first_response: { dueAt: new Date(cst(2026, 10, 8, 9, 20)).toISOString() },
    resolution: { dueAt: new Date(cst(2026, 10, 9, 9, 20)).toISOString() },
  });
  expect(textOf(card!)).toContain('首次响应 10月8日 周四 09:20');

  expect(await h.at(cst(2026, 9, 30, 18, 30))).toEqual([]);
  for (let day = 1; day <= 7; day++) {
    expect(await h.at(cst(2026, 10, day, 9, 30))).toEqual([]);
    expect(await h.at(cst(2026, 10, day, 15, 0))).toEqual([]);
  }
  expect(await h.at(cst(2026, 10, 8, 9, 5))).toEqual([]);
  const reminder = await h.at(cst(2026, 10, 8, 9, 10));
  expect(reminder.map(who)).toEqual([JSON.stringify({ kind: 'user', platform: 'wecom', userId: STAFF.wang })]);
  expect(textOf(reminder[0]!)).toContain('首次响应还剩 10 分钟');

  const breach = await h.at(cst(2026, 10, 8, 9, 20));
  expect(breach.map((m) => m.destination.kind)).toEqual(['robot']);
  expect(breach[0]!.body.mentions?.[0]?.userId).toBe(STAFF.wang);

  // 09:50: the manager step and the group step's first repeat fall due together.
  const both = await h.at(cst(2026, 10, 8, 9, 50));
  expect(both.map(who).sort()).toEqual([JSON.stringify({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' }), JSON.stringify({ kind: 'user', platform: 'wecom', userId: STAFF.zhao })].sort());

  // Someone acts: the repeat at 10:20 is stale.
  await h.say({ from: STAFF.wang, text: '接单', quotedText: quote(card!), conversation: GROUP });
  expect(await h.at(cst(2026, 10, 8, 10, 20))).toEqual([]);
  expect(await h.at(cst(2026, 10, 8, 10, 50))).toEqual([]);
  const d = await h.deadlines(t.id);
  expect(d.first_response).toMatchObject({ breachedAt: new Date(cst(2026, 10, 8, 9, 20)).toISOString(), metAt: new Date(cst(2026, 10, 8, 9, 50)).toISOString() });
});

test('a make-up Saturday (10 October 2026) is a working day: Friday 17:50 is due Saturday 09:20', async () => {
  h = await startChase({ start: cst(2026, 10, 9, 17, 50) });
  const [card] = await h.say({ from: STAFF.wang, text: COMPLAINT, conversation: GROUP });
  const t = await h.ticket(codeIn(card!)!);
  expect((await h.deadlines(t.id)).first_response!.dueAt).toBe(new Date(cst(2026, 10, 10, 9, 20)).toISOString());
  expect(await h.at(cst(2026, 10, 10, 9, 0))).toEqual([]);
  const reminder = await h.at(cst(2026, 10, 10, 9, 10));
  expect(reminder).toHaveLength(1);
  expect(textOf(reminder[0]!)).toContain('【提醒】');
  const done = await h.say({ from: STAFF.wang, text: `完成 #${t.code} 已上门更换接头，客户确认不漏了`, conversation: GROUP });
  expect(textOf(done[0]!)).toContain('已完成');
  // Finished: no breach, no manager notice, nothing on Sunday or Monday.
  for (const at of [cst(2026, 10, 10, 9, 20), cst(2026, 10, 10, 9, 50), cst(2026, 10, 12, 9, 30), cst(2026, 10, 13, 12, 0)]) expect(await h.at(at)).toEqual([]);
  const d = await h.deadlines(t.id);
  expect(d.resolution!.metAt).toBe(new Date(cst(2026, 10, 10, 9, 10)).toISOString());
  expect(d.first_response!.breachedAt).toBeNull();
});

test('pause on Friday, resume on Monday: the working time paused is kept exactly, old reminders are stale', async () => {
  h = await startChase({ start: cst(2026, 12, 4, 17, 0) });
  const [card] = await h.say({ from: STAFF.wang, text: COMPLAINT, conversation: GROUP });
  const t = await h.ticket(codeIn(card!)!);
  h.clock.set(cst(2026, 12, 4, 17, 5));
  await h.say({ from: STAFF.wang, text: '接单', quotedText: quote(card!), conversation: GROUP });
  expect((await h.deadlines(t.id)).resolution!.dueAt).toBe(new Date(cst(2026, 12, 7, 17, 30)).toISOString());

  h.clock.set(cst(2026, 12, 4, 17, 40));
  const paused = await h.say({ from: STAFF.wang, text: `挂起 #${t.code} 客户周末不在家，周一再联系`, conversation: GROUP });
  expect(textOf(paused[0]!)).toContain('已挂起');
  expect((await h.ticket(t.code!)).status).toBe('pending');
  for (const at of [cst(2026, 12, 5, 10, 0), cst(2026, 12, 6, 10, 0), cst(2026, 12, 7, 9, 30)]) expect(await h.at(at)).toEqual([]);

  h.clock.set(cst(2026, 12, 7, 10, 0));
  const resumed = await h.say({ from: STAFF.wang, text: `恢复 #${t.code}`, conversation: GROUP });
  expect(textOf(resumed[0]!)).toContain('1 小时 20 分钟');
  // 20 min on Friday + 60 min on Monday morning: Monday 17:30 + 80 working minutes = Tuesday 09:50.
  expect((await h.deadlines(t.id)).resolution!.dueAt).toBe(new Date(cst(2026, 12, 8, 9, 50)).toISOString());
  expect((await h.ticket(t.code!)).status).toBe('in_progress');

  // The reminder planned for Monday 16:30 (an hour before the old deadline) is stale now.
  expect(await h.at(cst(2026, 12, 7, 16, 30))).toEqual([]);
  expect(await h.at(cst(2026, 12, 7, 17, 30))).toEqual([]);
  // The new reminder (an hour before Tuesday 09:50 = 08:50) waits for working hours: 09:00.
  expect(await h.at(cst(2026, 12, 8, 8, 55))).toEqual([]);
  const reminder = await h.at(cst(2026, 12, 8, 9, 0));
  expect(reminder).toHaveLength(1);
  expect(textOf(reminder[0]!)).toContain('解决还剩 50 分钟');
  const manager = await h.at(cst(2026, 12, 8, 9, 50));
  expect(manager.map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.zhao }]);
  const events = (await h.events(t.id)).map((e) => e.action);
  expect(events.slice(0, 5)).toEqual(['create', 'claim', 'pause', 'resume', 'escalation']);
  // At 09:50 the breach and the manager's step settle in one batch.
  expect(events.slice(5).sort()).toEqual(['escalation', 'sla_breach']);
});
