// A service desk's day through the real runtime, every message the bot sends read in order:
// customers (a VIP, a repeat, one already at 12315), visits with times, claim / assign / book /
// arrive / complete / 回访 / close, a pause over a weekend, a ticket left to escalate; then the
// holiday-data warning across restarts, 帮助 and chatter, and deliveries the platform refuses.
import { startChase, STAFF, GROUP, cst, codeIn, textOf, chaseConfig, type ChaseHarness } from './chase-harness';
import type { InboundDraft, SentMessage } from '../fakes/test-channel';
import { testConfig } from '../support/test-config';
import { destinationKey } from '../../src/outbox/codec';

const customer = (ext: string, text: string): InboundDraft => ({ from: ext, customer: true, text, conversation: { type: 'direct', id: 'wkDemoKfAccount' }, replyContext: { via: 'kf', openKfId: 'wkDemoKfAccount', externalUserId: ext } });
const staff = (from: string, text: string, quoted?: string): InboundDraft => ({ from, text, conversation: GROUP, ...(quoted ? { quotedText: quoted } : {}) });
const to = (m: SentMessage) => destinationKey(m.destination);
const WEEKDAY_TIME = /\d+月\d+日 周[一二三四五六日] \d\d:\d\d/;

describe('a day on the service desk', () => {
  let h: ChaseHarness;
  const all: SentMessage[] = [];
  const say = async (d: InboundDraft) => {
    const sent = await h.say(d);
    all.push(...sent);
    return sent;
  };
  const at = async (iso: string) => {
    const sent = await h.at(iso);
    all.push(...sent);
    return sent;
  };
  beforeAll(async () => {
    h = await startChase({ start: cst(2026, 12, 7, 8, 55) });
  });
  afterAll(async () => h.close());

  let vip = '';
  let l3 = '';
  let v1 = '';
  let v2 = '';

  test('opening: cards name code, what was understood, owner and deadlines with the weekday; the right people hear at once', async () => {
    const vipSent = await say(staff(STAFF.wang, '杭州云栖酒店投诉：你们的净水器又坏了，太不负责了，电话13900000001，地址杭州市西湖区文三路100号'));
    vip = codeIn(vipSent[0]!)!;
    expect(vipSent[0]!.body.title).toBe(`新工单 #${vip} · 投诉（二级） · VIP`);
    expect(textOf(vipSent[0]!)).toMatch(/客户：杭州云栖酒店[\s\S]*负责人：客服小王\n截止：首次响应 12月7日 周一 09:10；解决 12月7日 周一 16:55/);
    expect(vipSent.find((m) => m.destination.kind === 'user')!.destination).toMatchObject({ userId: STAFF.zhao });

    const l3Sent = await say(customer('wmAngry', '我已经投诉到12315了，你们热水器漏水一个月没人管，地址杭州市上城区解放路8号'));
    l3 = codeIn(l3Sent[0]!)!;
    expect(l3Sent.map(to)).toEqual(['wecom:direct:wkDemoKfAccount', 'wecom:robot:wecom-service', 'wecom:robot:wecom-managers', 'wecom:user:QianZong']);
    expect(l3Sent[0]!.body.lines.at(-2)).toBe('我们会在 12月7日 周一 09:30 前与您联系。');
    expect(l3Sent[2]!.body.mentions).toEqual([expect.objectContaining({ userId: STAFF.zhao })]);
    // The customer's own card never shows staff-only words or other tickets.
    expect(textOf(l3Sent[0]!)).not.toMatch(/三级|12315.*升级|接单/);

    const v1Sent = await say(staff(STAFF.chen, '王先生 13812345678 杭州市拱墅区湖墅南路5号 净水器不出水，明天下午3点上门维修'));
    v1 = codeIn(v1Sent[0]!)!;
    expect(textOf(v1Sent[0]!)).toContain('预约：12月8日 周二 15:00');
    expect(v1Sent[0]!.body.mentions).toEqual([expect.objectContaining({ userId: STAFF.zhang })]);

    const v2Sent = await say(customer('wmVisitor', '我家净水器要换滤芯，地址杭州市滨江区江南大道1号，电话13977778888，周三上午来'));
    v2 = codeIn(v2Sent[0]!)!;
    expect(textOf(v2Sent[0]!)).toContain('期望时间：12月9日 周三 09:00–12:00');
    for (const m of [...vipSent, ...l3Sent, ...v1Sent, ...v2Sent]) expect(m.body.title).toContain('#');
  });

  test('commands: short acks with code and weekday deadline; refusals say why', async () => {
    const claim = await say(staff(STAFF.wang, '接单', `新工单 #${vip} · 投诉（二级） · VIP`));
    expect(claim[0]!.body.title).toBe(`#${vip} 已接单`);
    expect(claim[0]!.body.lines.at(-1)).toMatch(/^待完成：解决 12月7日 周一 16:55 前$/);
    const booked = await say(staff(STAFF.liu, `预约 #${v2} 周三上午10点`));
    expect(booked.map(to)).toEqual(['wecom:group:wrDemoServiceGroup', 'wecom:customer:wkDemoKfAccount:wmVisitor']);
    expect(textOf(booked[1]!)).toBe(`您的工单 #${v2} 已预约上门\n上门时间：12月9日 周三 10:00\n上门工程师：刘工\n如需更改时间，请直接回复我们。`);
    expect(textOf((await say(staff(STAFF.zhang, `预约 #${v1} 明天下午3点`)))[0]!)).toContain('上门时间：12月8日 周二 15:00');
    const refused = await say(staff(STAFF.wang, `关闭 #${l3}`));
    expect(textOf(refused[0]!)).toBe(`无法关闭 #${l3}\n三级投诉只能由经理、分管领导或管理员关闭（你的角色：客服）。`);
  });

  test('帮助 is complete and short; chatter gets one line; thanks get nothing', async () => {
    const help = await say(staff(STAFF.zhang, '帮助'));
    expect(help[0]!.body.lines.length).toBeLessThanOrEqual(6);
    for (const w of ['接单', '指派', '转派', '预约', '已联系', '到达', '完成', '回访', '挂起', '恢复', '升级', '关闭', '查询', '我的工单', '日报', '月报']) expect(textOf(help[0]!)).toContain(w);
    const chatter = await say(staff(STAFF.zhang, '今天中午吃什么'));
    expect(chatter).toHaveLength(1);
    expect(chatter[0]!.body.lines).toHaveLength(1);
    expect(textOf((await say(staff(STAFF.zhang, `派工 #${v1}`)))[0]!)).toBe(`没看懂要对 #${v1} 做什么\n命令写在最前面，例如「接单 #${v1}」；发「帮助」看全部命令。`);
    expect(await say(staff(STAFF.zhang, '收到'))).toEqual([]);
  });

  test('the ignored level-3 complaint: reminder, group @ with the chain\'s six repeats, manager, executive — each once', async () => {
    for (let m = 9 * 60; m <= 18 * 60; m += 5) all.push(...(await h.at(cst(2026, 12, 7, Math.floor(m / 60), m % 60))));
    all.push(...(await h.at(cst(2026, 12, 8, 9, 0))));
    const about = (re: RegExp) => all.filter((m) => m.body.title.includes(`#${l3}`) && re.test(m.body.title) && !m.body.title.startsWith('工单提醒'));
    const groupNags = about(/首次响应已(超时|到期)/).filter((m) => to(m) === 'wecom:robot:wecom-service');
    expect(groupNags).toHaveLength(7); // at the breach, then the example chain's six repeats (maxRepeats), then quiet
    expect(groupNags.every((m) => m.body.mentions?.[0]?.userId === STAFF.wang)).toBe(true);
    expect(about(/首次响应即将到期/).map(to)).toEqual(['wecom:user:WangXiaoWang']);
    expect(about(/首次响应已超时/).filter((m) => to(m) === 'wecom:user:ZhaoJingli')).toHaveLength(1);
    const execs = all.filter((m) => to(m) === 'wecom:user:QianZong' && textOf(m).includes(`#${l3}`) && textOf(m).includes('解决已超时'));
    expect(execs).toHaveLength(1);
    // Reminder lines fit a phone: short summary, weekday time.
    for (const m of all.filter((x) => /【(提醒|到期|超时)】/.test(x.body.title))) {
      expect(m.body.lines.every((l) => [...l].length <= 90)).toBe(true);
      expect(textOf(m)).toMatch(WEEKDAY_TIME);
    }
  });

  test('visits: arrival and completion tell the kf customer; the survey answer closes the loop within the 5-message budget', async () => {
    await at(cst(2026, 12, 8, 15, 5));
    await say(staff(STAFF.zhang, `到达 #${v1}`));
    await say(staff(STAFF.zhang, `完成 #${v1} 更换进水阀，试机正常`));
    await at(cst(2026, 12, 9, 10, 2));
    await say(staff(STAFF.liu, `到达 #${v2}`));
    const done = await say(staff(STAFF.liu, `完成 #${v2} 已更换滤芯`));
    expect(textOf(done[1]!)).toContain('请回复 1–5 分评价本次服务');
    expect(textOf((await say(customer('wmVisitor', '5分 师傅很专业')))[0]!)).toBe(`感谢您的评价\n工单 #${v2}：5 分（师傅很专业）`);
    const d = (m: SentMessage) => m.destination as { kind: string; customerId?: string; context?: { externalUserId?: string } };
    const toVisitor = all.filter((m) => d(m).customerId === 'wmVisitor' || d(m).context?.externalUserId === 'wmVisitor');
    const afterFirstMessage = toVisitor.filter((m) => !m.body.title.startsWith('感谢'));
    expect(afterFirstMessage.length).toBeLessThanOrEqual(5);
    expect(afterFirstMessage.every((m) => !/#(\d+)/.exec(textOf(m)) || textOf(m).includes(`#${v2}`))).toBe(true);
  });

  test('paused over the weekend: nothing fires while paused, the ack shows the passed deadline as passed', async () => {
    await at(cst(2026, 12, 11, 16, 0));
    const paused = await say(staff(STAFF.wang, `挂起 #${vip} 等客户周末确认`));
    expect(paused[0]!.body.lines.at(-1)).toBe('待完成：解决（已超时，原定 12月7日 周一 16:55）');
    const weekend = [...(await at(cst(2026, 12, 12, 12, 0))), ...(await at(cst(2026, 12, 14, 9, 59)))];
    expect(weekend.filter((m) => textOf(m).includes(`#${vip}`))).toEqual([]);
    await say(staff(STAFF.wang, `恢复 #${vip}`));
  });

  test('nobody got the same message twice all day', () => {
    const seen = new Map<string, number>();
    for (const m of all) seen.set(`${to(m)}\n${textOf(m)}`, (seen.get(`${to(m)}\n${textOf(m)}`) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
  });
});

describe('the holiday-data warning (no 2027 data)', () => {
  let h: ChaseHarness | null = null;
  let h2: ChaseHarness | null = null;
  afterEach(async () => {
    await h2?.close();
    await h?.close();
    h = h2 = null;
  });
  const warnings = (sent: SentMessage[]) => sent.filter((m) => m.body.title === '节假日数据缺失');

  test('a restart at night waits for 08:30; restarts and a second instance the same day add nothing; the text says what to do', async () => {
    h = await startChase({ config: testConfig(), start: cst(2026, 12, 7, 0, 10) });
    await h.runtime.chase.holidayCheck();
    expect(warnings(await h.tick())).toEqual([]); // not at 00:10
    h2 = await startChase({ config: testConfig(), start: cst(2026, 12, 7, 3, 0), shareDb: h.testDb, instance: 'second', channel: h.channel });
    await h2.runtime.chase.holidayCheck(); // another instance (or a restart) the same night
    const morning = warnings(await h.at(cst(2026, 12, 7, 8, 30)));
    expect(morning).toHaveLength(1);
    expect(morning[0]!.destination).toEqual({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' });
    expect(morning[0]!.body.lines).toEqual([
      '日历「workdays」还没有 2027 年的放假和调休安排，补上之前这些假期会按工作日计算时限和提醒。',
      '怎么补：按国务院办公厅发布的节假日安排通知，在运营配置文件（GONGDAN_CONFIG，默认 config/gongdan.yaml）的 calendars.workdays.holidays 下写：',
      '"2027": { off: ["2027-01-01", …放假日期], workdays: [调休上班日期] }',
      '保存后重启服务即生效（也可升级 chinese-days 到含该年数据的版本）。补上之前每天提醒一次。',
    ]);
    await h.runtime.chase.holidayCheck(); // a restart in the afternoon
    expect(warnings(await h.at(cst(2026, 12, 7, 15, 0)))).toEqual([]);
  });

  test('before November the coming year is only logged: the operator cannot act on it yet', async () => {
    h = await startChase({ config: testConfig(), start: cst(2026, 6, 1, 10, 0) });
    const gaps = await h.runtime.chase.holidayCheck();
    expect(gaps).toEqual([{ calendar: 'workdays', year: 2027 }]);
    expect(warnings(await h.tick())).toEqual([]);
  });
});

describe('deliveries the platform refuses', () => {
  let h: ChaseHarness;
  beforeEach(async () => {
    h = await startChase({ config: chaseConfig(), start: cst(2026, 12, 7, 10, 0) });
  });
  afterEach(async () => h.close());

  test('a broken group robot: one Chinese alert to the operators naming the ticket and the setting, not one per message', async () => {
    const toServiceRobot = (m: { destination: { kind: string } & Record<string, unknown> }) => m.destination.kind === 'robot' && m.destination.conversationId === 'wecom-service';
    h.channel.failNext(5, 'fix_config', { message: 'WeCom errcode 93000: invalid webhook url', match: toServiceRobot });
    const first = await h.say(customer('wmA', '我家净水器漏水了，地址杭州市西湖区文三路100号，明天上午来修'));
    const code = codeIn(first[0]!)!;
    await h.say(customer('wmB', '热水器不出热水，很不满意，投诉'));
    const alerts = h.channel.sent.filter((m) => m.body.title.startsWith('配置错误'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.destination).toEqual({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' });
    expect(textOf(alerts[0]!)).toBe(
      [
        '配置错误：发往群「售后服务群」的消息被拒绝',
        `工单 #${code} 的消息「客户新工单 #${code} · 上门（维修）」没有送达。`,
        '请处理：检查运营配置 conversations 中「wecom-service」的 robot.webhookKey（机器人是否被移出群，或 Webhook 地址已重置）。',
        '平台返回：WeCom errcode 93000: invalid webhook url',
        '修好之前发往这里的消息都会失败；今天不再重复提醒，每一条都记在日志里。',
      ].join('\n'),
    );
  });

  test('a customer who can no longer be written to: the staff group is asked to call, once per message', async () => {
    const opened = await h.say(customer('wmC', '我家净水器漏水了，地址杭州市西湖区文三路100号，明天上午来修'));
    const code = codeIn(opened[0]!)!;
    h.channel.failNext(1, 'drop', { message: 'WeCom errcode 95018: session closed', match: (m) => m.destination.kind === 'customer' });
    const booked = await h.say(staff(STAFF.zhang, `预约 #${code} 明天下午3点`));
    const alert = booked.find((m) => m.body.title.includes('没有收到消息'))!;
    expect(alert.destination).toEqual({ kind: 'robot', platform: 'wecom', conversationId: 'wecom-service' });
    expect(textOf(alert)).toContain(`工单 #${code} 的消息「您的工单 #${code} 已预约上门」没有送达客户 wmC。\n请通过电话或客服后台联系客户`);
  });
});
