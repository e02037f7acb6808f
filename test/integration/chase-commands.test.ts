// The remaining commands end to end: 预约 with the parser's time grammar (and a re-booking),
// 已联系, refusals for missing arguments and wrong states, 升级 through the levels, 我的工单,
// 帮助, 日报 through the reports service; every command recorded on the ticket with its message.
import { startChase, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';

let h: ChaseHarness;
beforeAll(async () => {
  h = await startChase({ start: cst(2026, 12, 3, 10, 0) });
});
afterAll(async () => h.close());
const iso = (s: string) => new Date(s).toISOString();
const say = async (from: string, text: string) => textOf((await h.say({ from, text, conversation: GROUP }))[0]!);

test('预约 books with the time grammar, re-booking moves arrival; 已联系 meets contact', async () => {
  const code = codeIn((await h.say({ from: STAFF.li, text: '杭州市西湖区文一路8号 赵先生 13855556666 空调要移机安装', conversation: GROUP }))[0]!)!;
  const t = await h.ticket(code);
  expect((await h.deadlines(t.id)).arrival!.dueAt).toBe(iso(cst(2026, 12, 7, 10, 0))); // nothing booked: 2 working days
  expect(await say(STAFF.zhang, `预约 #${code} 下周几都行`)).toContain('没看懂上门时间');
  expect(await say(STAFF.zhang, `预约 #${code} 今天上午9点`)).toContain('已经过去了');
  expect(await say(STAFF.zhang, `预约 #${code} 明天下午3点`)).toMatch(/已预约[\s\S]*上门时间：12月4日 周五 15:00/);
  let d = await h.deadlines(t.id);
  expect(d).toMatchObject({ contact: { dueAt: iso(cst(2026, 12, 4, 14, 0)), metAt: iso(cst(2026, 12, 3, 10, 0)) }, arrival: { dueAt: iso(cst(2026, 12, 4, 15, 15)) }, dispatch: { metAt: iso(cst(2026, 12, 3, 10, 0)) } });
  expect((await h.ticket(code)).status).toBe('scheduled');

  h.clock.set(cst(2026, 12, 4, 11, 0));
  expect(await say(STAFF.zhang, `改约 #${code} 12月7日上午10点`)).toContain('12月7日 周一 10:00');
  d = await h.deadlines(t.id);
  expect(d.arrival!.dueAt).toBe(iso(cst(2026, 12, 7, 10, 15)));
  // The old arrival (Friday 15:15) is stale: nothing goes out then.
  expect(await h.at(cst(2026, 12, 4, 15, 15))).toEqual([]);
  expect(await h.at(cst(2026, 12, 4, 15, 45))).toEqual([]);
  expect(await say(STAFF.zhang, `已联系 #${code} 客户确认周一在家`)).toContain('已记录联系客户');
  const actions = (await h.events(t.id)).map((e) => e.action);
  expect(actions).toEqual(['create', 'refused', 'refused', 'schedule', 'schedule', 'contact']);
});

test('missing arguments and wrong states are refused with the reason, and recorded', async () => {
  const code = codeIn((await h.say({ from: STAFF.wang, text: '客户钱女士 13822223333 投诉热水器安装师傅态度差，很生气', conversation: GROUP }))[0]!)!;
  expect((await h.deadlines((await h.ticket(code)).id)).resolution!.dueAt).toBe(iso(cst(2026, 12, 7, 16, 15)));
  expect(await say(STAFF.wang, `挂起 #${code}`)).toContain('请写明在等客户什么');
  expect(await say(STAFF.wang, `完成 #${code}`)).toContain('请写上处理结果');
  expect(await say(STAFF.wang, `回访 #${code} 5`)).toContain('工单还没有完成');
  expect(await say(STAFF.wang, `恢复 #${code}`)).toContain('工单当前「待处理」，不能恢复');
  expect(await say(STAFF.wang, `预约 #${code} 明天下午3点`)).toContain('只有上门工单可以预约');
  expect(await say(STAFF.wang, `查询 #99999`)).toContain('没有找到工单 #99999');
  const t = await h.ticket(code);
  expect((await h.events(t.id)).filter((e) => e.action === 'refused')).toHaveLength(5);

  // 升级 1 → 2 (the department manager is told) → 3 (managers group and executive) → no further.
  const up2 = await h.say({ from: STAFF.wang, text: `升级 #${code} 客户说要打12315`, conversation: GROUP });
  expect(up2.map((m) => m.destination.kind)).toEqual(['reply', 'user']);
  expect(textOf(up2[1]!)).toContain('二级投诉升级知会');
  const up3 = await h.say({ from: STAFF.wang, text: `升级 #${code}`, conversation: GROUP });
  expect(up3.map((m) => m.destination.kind)).toEqual(['reply', 'robot', 'user']);
  expect((await h.ticket(code)).complaintLevel).toBe(3);
  // Level 3's resolution target (4 h) is sooner than level 1's (8 h): the deadline tightened.
  // Opened Friday 15:45: level 1 was due Monday 16:15, level 3 (4 working hours) Monday 10:45.
  expect((await h.deadlines(t.id)).resolution!.dueAt).toBe(iso(cst(2026, 12, 7, 10, 45)));
  expect(await say(STAFF.wang, `升级 #${code}`)).toContain('已经是三级投诉');
});

test('我的工单, 帮助 and 日报', async () => {
  expect(await say(STAFF.zhang, '我的工单')).toMatch(/张工的未完成工单（\d+）\n#\d+ 上门（安装）/);
  expect(await say(STAFF.chen, '我的工单')).toContain('你没有未完成的工单');
  const help = await say(STAFF.chen, '帮助');
  expect(help).toContain('认领：接单 · 指派 @人 · 转派 @人');
  expect(help).toContain('引用它的卡片回复命令，或在命令后写 #单号');
  const daily = await h.say({ from: STAFF.zhao, text: '日报', conversation: GROUP });
  expect(daily.length).toBeGreaterThan(0);
  expect(textOf(daily[0]!)).toContain('日报');
  expect(await say(STAFF.zhang, '日报')).toContain('你的角色（工程师）不能「日报」');
});
