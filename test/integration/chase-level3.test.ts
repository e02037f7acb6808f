// A level-3 complaint at night: the service manager (managers' group) and the executive are told
// at once, its reminders never wait for working hours, roles decide who may close it, and closing
// needs a case write-up.
import { startChase, STAFF, GROUP, cst, codeIn, textOf, type ChaseHarness } from './chase-harness';

let h: ChaseHarness;
beforeAll(async () => {
  h = await startChase({ start: cst(2026, 12, 3, 23, 0) });
});
afterAll(async () => h.close());
const iso = (s: string) => new Date(s).toISOString();

test('level 3 at 23:00: managers group @service manager and the executive at once; urgent steps fire out of hours; close needs a manager and a case', async () => {
  const sent = await h.say({ from: STAFF.wang, text: '客户李先生 13700001111 说已经向12315投诉了，还要找媒体曝光，热水器把墙都熏黑了', conversation: GROUP });
  expect(sent.map((m) => m.destination)).toEqual([
    { kind: 'reply', platform: 'wecom', conversation: GROUP, context: { conversationId: GROUP.id } },
    { kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' },
    { kind: 'user', platform: 'wecom', userId: STAFF.qian },
  ]);
  const code = codeIn(sent[0]!)!;
  expect(textOf(sent[0]!)).toContain('投诉（三级）');
  expect(textOf(sent[1]!)).toContain(`【三级投诉】#${code}`);
  expect(sent[1]!.body.mentions?.map((m) => m.userId)).toEqual([STAFF.zhao]);
  const t = await h.ticket(code);
  expect(t.complaintLevel).toBe(3);
  expect(await h.deadlines(t.id)).toMatchObject({ first_response: { dueAt: iso(cst(2026, 12, 4, 9, 30)) }, resolution: { dueAt: iso(cst(2026, 12, 4, 14, 30)) } });

  // Nobody responds by morning: reminder 09:20, group at 09:30; the manager at 10:00.
  expect(await h.at(cst(2026, 12, 4, 9, 0))).toEqual([]);
  expect((await h.at(cst(2026, 12, 4, 9, 20))).map((m) => m.destination.kind)).toEqual(['user']);
  h.clock.set(cst(2026, 12, 4, 9, 25));
  await h.say({ from: STAFF.wang, text: `接单 #${code}`, conversation: GROUP });

  // Resolution missed at 14:30: the executive step 4 h later is 18:30 — after hours, but level 3 never waits.
  expect((await h.at(cst(2026, 12, 4, 13, 30))).map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.wang }]);
  expect((await h.at(cst(2026, 12, 4, 14, 30))).map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.zhao }]);
  const exec = await h.at(cst(2026, 12, 4, 18, 30));
  expect(exec.map((m) => m.destination)).toEqual([{ kind: 'user', platform: 'wecom', userId: STAFF.qian }]);
  expect(textOf(exec[0]!)).toContain('解决已超时 4 小时');

  // Who may close it, and with what.
  const byEngineer = await h.say({ from: STAFF.zhang, text: `关闭 #${code}`, conversation: GROUP });
  expect(textOf(byEngineer[0]!)).toMatch(/无法关闭 #\d+[\s\S]*三级投诉只能由经理、分管领导或管理员关闭（你的角色：工程师）/);
  const byAgent = await h.say({ from: STAFF.wang, text: `关闭 #${code} 案例：已道歉赔偿`, conversation: GROUP });
  expect(textOf(byAgent[0]!)).toContain('你的角色：客服');
  const noCase = await h.say({ from: STAFF.zhao, text: `关闭 #${code}`, conversation: GROUP });
  expect(textOf(noCase[0]!)).toContain('关闭三级投诉需要写案例');
  expect((await h.ticket(code)).status).toBe('in_progress');

  const closed = await h.say({ from: STAFF.zhao, text: `关闭 #${code} 案例：烟道安装不规范导致熏墙；已重新安装、赔偿粉刷费用并公开致歉；改进：安装验收增加烟道检查`, conversation: GROUP });
  expect(closed.map((m) => m.destination.kind)).toEqual(['reply', 'robot', 'user']);
  expect(textOf(closed[1]!)).toContain('【三级投诉结果】');
  expect(textOf(closed[2]!)).toContain('案例：烟道安装不规范');
  const final = await h.ticket(code);
  expect(final.status).toBe('closed');
  expect(final.caseWriteup).toContain('改进：安装验收增加烟道检查');
  const refused = (await h.events(t.id)).filter((e) => e.action === 'refused');
  expect(refused.map((e) => e.messageId)).toHaveLength(3);
});

test('role refusals say why: sales cannot assign, an engineer cannot assign, unknown commands get help', async () => {
  const [card] = await h.say({ from: STAFF.li, text: '客户王女士 13600002222 投诉软水机安装后一直漏水', conversation: GROUP });
  const code = codeIn(card!)!;
  const sales = await h.say({ from: STAFF.chen, text: `指派 #${code} @张工`, conversation: GROUP });
  expect(textOf(sales[0]!)).toBe(`无法指派 #${code}\n你的角色（销售）不能「指派」；需要客服、调度、经理、管理员。`);
  const eng = await h.say({ from: STAFF.zhang, text: `指派 #${code} @刘工`, conversation: GROUP });
  expect(textOf(eng[0]!)).toContain('你的角色（工程师）不能「指派」');
  const ok = await h.say({ from: STAFF.li, text: `指派 #${code} @刘工`, conversation: GROUP, mentions: [{ userId: STAFF.liu, name: '刘工' }] });
  expect(ok.map((m) => m.destination.kind)).toEqual(['reply', 'user']);
  expect(textOf(ok[0]!)).toContain('负责人：刘工（调度老李 指派）');
  expect((await h.ticket(code)).assigneeId).toBe('liu.engineer');
  const illegal = await h.say({ from: STAFF.liu, text: `到达 #${code}`, conversation: GROUP });
  expect(textOf(illegal[0]!)).toContain('投诉工单没有上门签到');
  const noTicket = await h.say({ from: STAFF.liu, text: '接单', conversation: GROUP });
  expect(textOf(noTicket[0]!)).toContain('请指明工单');
  const unknown = await h.say({ from: STAFF.liu, text: '这个单子怎么弄', conversation: GROUP });
  // One short line, not the command list, in a busy group.
  expect(textOf(unknown[0]!)).toBe('没看懂这条消息\n转述客户问题请写清问题、电话和地址；处理工单发「帮助」看命令。');
  const stranger = await h.say({ from: 'SomeoneNew', text: `接单 #${code}`, conversation: GROUP });
  expect(textOf(stranger[0]!)).toContain('不在员工名录中');
});
