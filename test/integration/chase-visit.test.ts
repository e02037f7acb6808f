// A visit from first message to closed ticket: assignment by region (round-robin), an engineer
// who arrives late (contact reminder, arrival @-mention, manager notice), the report, the day-6
// follow-up reminder, the 回访 and the close.
import { startChase, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';

const VISIT = '杭州市西湖区文三路90号3号楼502 王先生 13800138000 净水器不出水了，明天下午2点上门维修';
let h: ChaseHarness;
beforeAll(async () => {
  h = await startChase({ start: cst(2026, 12, 3, 10, 0) });
});
afterAll(async () => h.close());
const quote = (m: { body: { title: string; lines: string[] } }) => `${m.body.title}\n${m.body.lines.join('\n')}`;
const iso = (s: string) => new Date(s).toISOString();

test('late engineer, report, day-6 follow-up reminder, 回访 and close', async () => {
  const [card] = await h.say({ from: STAFF.li, text: VISIT, conversation: GROUP });
  const code = codeIn(card!)!;
  expect(textOf(card!)).toMatch(/上门（维修）[\s\S]*地址：杭州市西湖区文三路90号3号楼502[\s\S]*预约：12月4日 周五 14:00[\s\S]*负责人：张工/);
  expect(card!.body.mentions).toEqual([{ userId: STAFF.zhang, name: '张工', mobile: '13800000003' }]);
  const t = await h.ticket(code);
  expect(t).toMatchObject({ kind: 'visit', visitType: 'repair', region: '杭州', assigneeId: 'zhang.engineer', contactName: '王先生', contactPhone: '13800138000', product: 'ro-purifier' });
  expect(await h.deadlines(t.id)).toMatchObject({
    dispatch: { dueAt: iso(cst(2026, 12, 3, 12, 0)) },
    contact: { dueAt: iso(cst(2026, 12, 4, 13, 0)) },
    arrival: { dueAt: iso(cst(2026, 12, 4, 14, 15)) },
  });

  h.clock.set(cst(2026, 12, 3, 10, 30));
  const claimed = await h.say({ from: STAFF.zhang, text: '接单', quotedText: quote(card!), conversation: GROUP });
  expect(textOf(claimed[0]!)).toContain(`#${code} 已接单`);
  expect(await h.at(cst(2026, 12, 3, 12, 0))).toEqual([]); // dispatch met: the dispatcher is not told

  // The contact reminder (30 min before 13:00) falls in the lunch break and waits for 13:30.
  expect(await h.at(cst(2026, 12, 4, 12, 30))).toEqual([]);
  const contact = await h.at(cst(2026, 12, 4, 13, 30));
  expect(contact.map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.zhang }]);
  expect(textOf(contact[0]!)).toContain('联系客户已超时 30 分钟');

  const atArrival = await h.at(cst(2026, 12, 4, 14, 15));
  expect(atArrival.map((m) => m.destination)).toEqual([{ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' }]);
  expect(atArrival[0]!.body.mentions?.map((m) => m.userId)).toEqual([STAFF.zhang]);
  expect(textOf(atArrival[0]!)).toContain('上门到达已到期');
  const manager = await h.at(cst(2026, 12, 4, 14, 45));
  expect(manager.map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.zhao }]);
  expect(textOf(manager[0]!)).toMatch(/上门到达已超时 30 分钟.*负责人：张工/);

  h.clock.set(cst(2026, 12, 4, 14, 50));
  const arrived = await h.say({ from: STAFF.zhang, text: `签到 #${code}`, conversation: GROUP });
  expect(textOf(arrived[0]!)).toContain('晚了 35 分钟');
  expect(await h.deadlines(t.id)).toMatchObject({
    arrival: { metAt: iso(cst(2026, 12, 4, 14, 50)), breachedAt: iso(cst(2026, 12, 4, 14, 15)) },
    report: { dueAt: iso(cst(2026, 12, 4, 16, 50)), metAt: null },
  });

  h.clock.set(cst(2026, 12, 4, 16, 0));
  const done = await h.say({ from: STAFF.zhang, text: `完成 #${code} 更换增压泵，试机正常，客户签字`, conversation: GROUP });
  expect(textOf(done[0]!)).toContain('处理结果：更换增压泵，试机正常，客户签字');
  expect(await h.deadlines(t.id)).toMatchObject({ report: { metAt: iso(cst(2026, 12, 4, 16, 0)) }, follow_up: { dueAt: iso(cst(2026, 12, 11, 16, 0)), metAt: null } });

  // Days 1–5 quiet; on day 6 the assignee is reminded to call the customer back.
  for (let day = 5; day <= 9; day++) expect(await h.at(cst(2026, 12, day, 16, 0))).toEqual([]);
  expect(await h.at(cst(2026, 12, 10, 15, 59))).toEqual([]);
  const followUp = await h.at(cst(2026, 12, 10, 16, 0));
  expect(followUp.map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.zhang }]);
  expect(textOf(followUp[0]!)).toContain('回访还剩 1 天');

  h.clock.set(cst(2026, 12, 10, 16, 30));
  const visited = await h.say({ from: STAFF.li, text: `回访 #${code} 5 客户很满意`, conversation: GROUP });
  expect(textOf(visited[0]!)).toContain('满意度：5 分（客户很满意）');
  expect(await h.at(cst(2026, 12, 11, 16, 0))).toEqual([]);
  const closed = await h.say({ from: STAFF.li, text: `关闭 #${code}`, conversation: GROUP });
  expect(textOf(closed[0]!)).toContain('已关闭');

  const final = await h.ticket(code);
  expect(final).toMatchObject({ status: 'closed', report: '更换增压泵，试机正常，客户签字', satisfaction: 5, satisfactionNote: '客户很满意' });
  const events = await h.events(t.id);
  expect(events.filter((e) => e.messageId).map((e) => e.action)).toEqual(['create', 'claim', 'arrive', 'resolve', 'follow_up', 'close']);
  expect(events.filter((e) => e.action === 'escalation').map((e) => [e.data!.deadline, e.data!.notify])).toEqual([['contact', 'assignee'], ['arrival', 'group'], ['arrival', 'manager'], ['follow_up', 'assignee']]);
  expect(events.filter((e) => e.action === 'sla_breach').map((e) => e.data!.deadline)).toEqual(['contact', 'arrival']);
  expect(events.find((e) => e.action === 'arrive')!.data).toMatchObject({ lateMs: 35 * 60_000 });
  expect(events.filter((e) => e.messageId).length).toBe(6);
});

test('visits in 杭州 go round-robin to 张工 and 刘工; a visit nobody matches goes to the default dispatcher', async () => {
  const owners: string[] = [];
  for (let i = 0; i < 3; i++) {
    const [card] = await h.say({ from: STAFF.li, text: `杭州市滨江区江南大道${100 + i}号 陈先生 1381234567${i} 热水器坏了，需要上门维修`, conversation: GROUP });
    owners.push((await h.ticket(codeIn(card!)!)).assigneeId!);
  }
  // The first visit of the file already took 张工's turn.
  expect(owners).toEqual(['liu.engineer', 'zhang.engineer', 'liu.engineer']);
  const [card] = await h.say({ from: STAFF.li, text: '苏州市工业园区星湖街8号 周先生 13912345678 软水机要安装', conversation: GROUP });
  expect((await h.ticket(codeIn(card!)!)).assigneeId).toBe('li.dispatcher');
});
