// Issue 7 "done when", through the platforms' own HTTP: one runtime with both channels built from
// WECOM_* / DINGTALK_* pointing at the loopback fakes, a seeded Thursday (reports-fixtures'
// seedWeek, figures worked out by hand below), the manual clock moved to 09:00 China time the
// next morning, one scheduler tick and the outbox. Asserted at the fakes: the WeCom managers'
// group robot got one markdown dashboard (≤ 4,096 bytes, <@userid> for the overdue owners) and
// one image message (base64 PNG, md5 as WeCom checks it, ≤ 2 MB); the DingTalk managers' custom
// robot one signed markdown with the figures, the owners @-ed and the chart by a URL under
// PUBLIC_BASE_URL that the bot serves; a second instance and a re-fire post nothing more; and
// 日报 昨天 / 日报 asked in the service group on each platform answer with the same figures.
import { createHash } from 'node:crypto';
import { FakeWecom, WecomSimulator } from '../fakes/wecom-server';
import { DingtalkSimulator, FakeDingtalkPlatform } from '../fakes/dingtalk-server';
import { connectDatabase, type Database } from '../../src/db/database';
import { ManualClock } from '../../src/lib/clock';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger } from '../../src/lib/logger';
import { createRuntime, type Runtime } from '../../src/runtime';
import { manualHeartbeat } from '../../src/scheduler/scheduler';
import type { Env } from '../../src/config/env';
import type { OperatorConfig } from '../../src/config/operator-schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { testConfig, testEnv } from '../support/test-config';
import { WECOM, wecomEnvVars, wecomFakeOptions } from '../support/wecom-harness';
import { DT } from '../support/dingtalk-harness';
import { cst, seedWeek } from './reports-fixtures';

const PUBLIC_BASE_URL = 'https://gongdan.example.com';
const ADMIN_TOKEN = 'reports-done-when-admin-0123';
const MANAGERS_DT_TOKEN = 'demo-dingtalk-managers-token';
const SERVICE_GROUP_DT = { type: 'group' as const, id: 'cidDemoServiceGroup', title: '售后服务群' };

/** Thu 2026-12-03 as the managers should read it on Fri 09:00 — worked out from seedWeek by hand. */
const TITLE = '售后日报 · 12月3日（周四）';
const FIGURES = [
  '> 全天数据；积压为 12月4日 09:00 的实时状态',
  // #1001 #1002(23:50) #1003 #1009(00:00, later cancelled) complaints; #1004 repair, #1005 install.
  // Previous 7 days: #1010 #1011 #1012 = 3/7 = 0.43 a day; 6 - 0.43 = +5.6.
  '**新建工单 6**（前7日日均 0.43，+5.6）',
  '投诉 4：一级 2 · 二级 1 · 三级 1',
  '上门 2：安装 1 · 维修 1 · 保养 0 · 巡检 0',
  '',
  '**时效达标**（当日到期的时限，按时完成 / 到期）',
  // #1001 on time, #1003 missed (#1009 cancelled, #1002 due after midnight); before: #1011 met, #1012 missed.
  '首次响应 **50%**（1/2）· 前7日 50%',
  '处理完成 **0%**（0/1）· 前7日 —', // #1001 an hour late
  '按时到场 **50%**（1/2）· 前7日 —', // #1004 10 min early, #1005 30 min late
  '7日内回访 **50%**（1/2）· 前7日 —', // #1006 done, #1007 still owed; #1010 done early but due 12-05
  '满意度 **4**（2 份）· 前7日 —', // #1006 scored 5 and #1010 scored 3 that day
  '升级提醒 **2** 次 · 前7日日均 1', // 14:31 and 23:59; before: 7 on 11-30
  '',
];
/** The backlog at Fri 09:00: #1002 #1003 #1004 #1005 #1008 open; three overdue, most overdue first. */
const BACKLOG = (warn: (s: string) => string, owner: { li: string; zhang: string; liu: string }) => [
  `**当前积压 5 单**，超时 ${warn('3')} 单`,
  `#1003 三级投诉「已向消费者协会投诉，要求今天给说…」首次响应超时 18小时30分 未指派，请 ${owner.li} 派单`, // due Thu 14:30, unassigned → default dispatcher
  `#1007 上门「工单1007」7日内回访超时 13小时 ${owner.zhang}`, // follow-up due Thu 20:00
  `#1005 上门「工单1005」服务报告超时 1小时 ${owner.liu}`, // report due Fri 08:00
  '',
  '**人员**',
  '刘工：在办 1 · 超时 1 · 当日达标 0%（0/1）',
  '张工：在办 1 · 超时 1 · 当日达标 75%（3/4）', // #1004 dispatch + arrival, #1006 follow-up; #1007 missed
  '客服小王：在办 1 · 超时 0 · 当日达标 50%（1/2）',
];
const WECOM_MARKDOWN = [
  `**${TITLE}**`,
  ...FIGURES,
  ...BACKLOG((s) => `<font color="warning">${s}</font>`, { li: '调度老李', zhang: '张工', liu: '刘工' }),
  '<@LiDiaodu> <@ZhangGong> <@LiuGong>',
].join('\n');
const DINGTALK_LINES = [`#### ${TITLE}`, ...FIGURES, ...BACKLOG((s) => `**${s}**`, { li: '@dt-li', zhang: '@dt-zhang', liu: '@dt-liu' })];

let clock: ManualClock;
let config: OperatorConfig;
let env: Env;
let fw: FakeWecom;
let fd: FakeDingtalkPlatform;
let app: TestApp;
let runtime: Runtime;
let second: { runtime: Runtime; db: Database } | null = null;

beforeAll(async () => {
  clock = new ManualClock(cst('2026-12-04 08:50'));
  config = testConfig();
  fw = await FakeWecom.start(wecomFakeOptions(config, clock));
  fd = await FakeDingtalkPlatform.start({ clock, ...DT, robots: config.conversations.flatMap((c) => (c.platform === 'dingtalk' && c.robot && 'accessToken' in c.robot ? [c.robot] : [])) });
  env = testEnv({
    ...wecomEnvVars(fw.url),
    DINGTALK_APP_KEY: DT.appKey,
    DINGTALK_APP_SECRET: DT.appSecret,
    DINGTALK_ROBOT_CODE: DT.robotCode,
    DINGTALK_MODE: 'http',
    DINGTALK_API_BASE: fd.url,
    DINGTALK_OAPI_BASE: fd.url,
    PUBLIC_BASE_URL,
    ADMIN_TOKEN,
    INSTANCE_ID: 'reports-done-when-a',
  });
  app = await startTestApp({ clock, config, env });
  runtime = app.runtime;
  expect(runtime.channels.map((c) => c.platform).sort()).toEqual(['dingtalk', 'wecom']);
  await seedWeek(runtime.db);
  // The start-up holiday-data check may warn the managers' groups (2027 has no data yet); let it
  // finish now so what 09:00 adds is counted on its own.
  await runtime.chase.holidayCheck();
  await runtime.scheduler.tick();
  await runtime.outbox.drain();
});

afterAll(async () => {
  if (second) {
    await second.runtime.stop();
    await second.db.close();
  }
  await app?.close();
  await fw?.close();
  await fd?.close();
});

const wecomManagers = () => fw.robotMessages.filter((m) => m.key === WECOM.managersRobotKey);
const dingtalkManagers = () => fd.deliveries.filter((d) => d.via === 'robot' && d.target === MANAGERS_DT_TOKEN);
const isDashboard = (text: string) => text.includes(TITLE);
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Width and height from the IHDR chunk. */
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });
const imageUrlIn = (text: string) => /!\[\]\((\S+)\)/.exec(text)?.[1];
/** A PUBLIC_BASE_URL link, fetched from this bot (the public address is the loopback one here). */
const fetchPublic = (link: string) => {
  expect(link.startsWith(`${PUBLIC_BASE_URL}/`)).toBe(true);
  return fetch(`${app.url}${link.slice(PUBLIC_BASE_URL.length)}`);
};

let wecomBefore = 0;
let dingtalkBefore = 0;
let chartPng: Buffer;

describe('09:00 China time: the scheduled dashboard reaches both managers\' groups', () => {
  test('nothing is posted before the configured time', async () => {
    wecomBefore = wecomManagers().length;
    dingtalkBefore = dingtalkManagers().length;
    expect(wecomManagers().filter((m) => isDashboard(m.content))).toHaveLength(0);
    clock.set(cst('2026-12-04 08:59'));
    await runtime.scheduler.tick();
    await runtime.outbox.drain();
    expect(wecomManagers()).toHaveLength(wecomBefore);
    expect(dingtalkManagers()).toHaveLength(dingtalkBefore);
    expect(config.reports.dailyAt).toBe('09:00');
  });

  test('WeCom group robot: exactly one markdown dashboard with the figures and <@userid> owners, then one PNG image message', async () => {
    clock.set(cst('2026-12-04 09:00'));
    await runtime.scheduler.tick();
    await runtime.outbox.drain();
    const posted = wecomManagers().slice(wecomBefore);
    expect(posted.map((m) => m.msgtype)).toEqual(['markdown', 'image']);
    const [markdown, image] = posted as [(typeof posted)[0], (typeof posted)[0]];
    expect(markdown.content).toBe(WECOM_MARKDOWN);
    expect(Buffer.byteLength(markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(markdown.mentionedList).toEqual(['LiDiaodu', 'ZhangGong', 'LiuGong']);

    const { base64, md5: sentMd5 } = image.body.image as { base64: string; md5: string };
    expect(base64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    chartPng = Buffer.from(base64, 'base64');
    expect(chartPng.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(sentMd5).toBe(md5(chartPng));
    expect(chartPng.length).toBeGreaterThan(1000);
    expect(chartPng.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    const { width, height } = pngSize(chartPng);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(200);
  });

  test('DingTalk custom robot: exactly one signed markdown with the figures, the owners @-ed, and the chart by URL the bot serves', async () => {
    const posted = dingtalkManagers().slice(dingtalkBefore);
    expect(posted).toHaveLength(1);
    const d = posted[0]!;
    expect(d.msgtype).toBe('markdown');
    expect(d.title).toBe(TITLE);
    const parts = d.text.split('  \n  ');
    expect(parts.slice(0, -1)).toEqual(DINGTALK_LINES);
    expect(d.atUserIds).toEqual(['dt-li', 'dt-zhang', 'dt-liu']);

    const url = imageUrlIn(parts.at(-1)!);
    expect(url).toMatch(new RegExp(`^${PUBLIC_BASE_URL.replace(/\./g, '\\.')}/reports/img/[0-9a-f]{32}\\.png$`));
    const res = await fetchPublic(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const served = Buffer.from(await res.arrayBuffer());
    // The same chart as WeCom's image message, byte for byte.
    expect(md5(served)).toBe(md5(chartPng));
    // Served without the admin token (DingTalk's client fetches it), but only at its exact address.
    expect((await fetch(`${app.url}/reports/img/${'0'.repeat(32)}.png`)).status).toBe(404);
  });

  test('the dashboard matches the admin API for the same day', async () => {
    const res = await fetch(`${app.url}/api/reports/daily?date=2026-12-03`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      date: '2026-12-03',
      opened: { total: 6, complaint: 4, visit: 2 },
      targets: { first_response: { met: 1, due: 2 }, resolution: { met: 0, due: 1 }, arrival: { met: 1, due: 2 }, follow_up: { met: 1, due: 2 } },
      satisfaction: { count: 2, average: 4 },
      escalations: 2,
      backlog: { open: 5, overdue: 3 },
    });
  });

  test('a second instance ticking at 09:00, ticking again and a re-fire of the job post nothing more', async () => {
    const db = await connectDatabase(app.testDb.url);
    const other = createRuntime({ env: { ...env, INSTANCE_ID: 'reports-done-when-b' }, config, db, clock, http: createFetchHttpClient(), logger: createLogger('silent'), heartbeat: manualHeartbeat });
    second = { runtime: other, db };
    const counts = () => [wecomManagers().length, dingtalkManagers().length];
    const after = counts();

    await Promise.all([runtime.scheduler.tick(), other.scheduler.tick()]);
    await Promise.all([runtime.outbox.drain(), other.outbox.drain()]);
    await Promise.all([runtime.scheduler.tick(), other.scheduler.tick()]);
    // A re-fire (someone reruns the job, a restart inside the catch-up window) on either instance.
    expect(await other.scheduler.runOnce('reports-daily', 'refire-1')).toBe(true);
    expect(await runtime.scheduler.runOnce('reports-daily', 'refire-2')).toBe(true);
    await Promise.all([runtime.outbox.drain(), other.outbox.drain()]);

    expect(counts()).toEqual(after);
    expect(wecomManagers().filter((m) => isDashboard(m.content))).toHaveLength(1);
    expect(wecomManagers().filter((m) => m.msgtype === 'image')).toHaveLength(1);
    expect(dingtalkManagers().filter((d) => isDashboard(d.text))).toHaveLength(1);
  });
});

describe('日报 in a staff group answers with the same figures', () => {
  const settle = async () => {
    await runtime.processor.drain();
    await runtime.outbox.drain();
  };

  test('WeCom smart robot: 日报 昨天 → the same markdown through response_url, the chart to the group', async () => {
    const sim = new WecomSimulator({ appUrl: app.url, corpId: WECOM.corpId, agentId: WECOM.agentId, token: WECOM.token, encodingAesKey: WECOM.aesKey, botToken: WECOM.botToken, botEncodingAesKey: WECOM.botAesKey, clock });
    const serviceBefore = fw.robotMessages.filter((m) => m.key === WECOM.serviceRobotKey).length;
    const responsesBefore = fw.responses.length;
    const req = sim.botText({ from: 'ZhaoJingli', chatId: WECOM.serviceGroupChat, content: '@工单助手 日报 昨天', responseUrl: fw.newResponseUrl() });
    expect((await sim.deliver(req)).status).toBe(200);
    await settle();

    const answers = fw.responses.slice(responsesBefore);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body.msgtype).toBe('markdown');
    expect(answers[0]!.content).toBe(WECOM_MARKDOWN);
    const images = fw.robotMessages.filter((m) => m.key === WECOM.serviceRobotKey).slice(serviceBefore);
    expect(images.map((m) => m.msgtype)).toEqual(['image']);
    expect(images[0]!.body.image.md5).toBe(md5(chartPng));
  });

  test('DingTalk: 日报 昨天 → the same markdown and chart through the sessionWebhook', async () => {
    const sim = new DingtalkSimulator({ platform: fd, appSecret: DT.appSecret, robotCode: DT.robotCode, clock });
    const before = fd.deliveries.length;
    const body = sim.robotMessage({ text: '日报 昨天', sender: { staffId: 'dt-zhao', nick: '赵经理' }, conversation: SERVICE_GROUP_DT, robotName: '工单助手' });
    expect((await sim.post(`${app.url}/dingtalk/callback`, body)).status).toBe(200);
    await settle();

    const answers = fd.deliveries.slice(before);
    expect(answers.map((d) => [d.via, d.target, d.msgtype, d.title])).toEqual([['session', SERVICE_GROUP_DT.id, 'markdown', TITLE]]);
    const parts = answers[0]!.text.split('  \n  ');
    expect(parts.slice(0, -1)).toEqual(DINGTALK_LINES);
    expect(answers[0]!.atUserIds).toEqual(['dt-li', 'dt-zhang', 'dt-liu']);
    const res = await fetchPublic(imageUrlIn(parts.at(-1)!)!);
    expect(res.status).toBe(200);
    expect(md5(Buffer.from(await res.arrayBuffer()))).toBe(md5(chartPng));
  });

  /** Fri 2026-12-04 until 09:00, from seedWeek by hand. */
  const TODAY = [
    '> 今日截至 09:00；积压为 09:00 的实时状态',
    // #1008 opened at 00:00; the previous 7 days (11-27 … 12-03) opened 9 → 1.29 a day.
    '**新建工单 1**（前7日日均 1.29，-0.3）',
    '投诉 0：一级 0 · 二级 0 · 三级 0',
    '上门 1：安装 0 · 维修 1 · 保养 0 · 巡检 0',
    '',
    '**时效达标**（当日到期的时限，按时完成 / 到期）',
    // #1002 due 00:20, met 00:10; the week before pooled: 11-28 1/1, 12-02 0/1, 12-03 1/2 → 2/4.
    '首次响应 **100%**（1/1）· 前7日 50% ↑',
    '处理完成 **—**（0/0）· 前7日 0%',
    '按时到场 **—**（0/0）· 前7日 50%',
    '7日内回访 **—**（0/0）· 前7日 50%',
    '满意度 **—**（0 份）· 前7日 4',
    '升级提醒 **1** 次 · 前7日日均 1.29', // 00:00; before: 7 + 2 over 7 days
  ];

  test('日报 (today so far) answers the same on both platforms, and as the API says', async () => {
    const wsim = new WecomSimulator({ appUrl: app.url, corpId: WECOM.corpId, agentId: WECOM.agentId, token: WECOM.token, encodingAesKey: WECOM.aesKey, botToken: WECOM.botToken, botEncodingAesKey: WECOM.botAesKey, clock });
    const dsim = new DingtalkSimulator({ platform: fd, appSecret: DT.appSecret, robotCode: DT.robotCode, clock });
    const responsesBefore = fw.responses.length;
    const deliveriesBefore = fd.deliveries.length;
    expect((await wsim.deliver(wsim.botText({ from: 'LiDiaodu', chatId: WECOM.serviceGroupChat, content: '@工单助手 日报', responseUrl: fw.newResponseUrl() }))).status).toBe(200);
    expect((await dsim.post(`${app.url}/dingtalk/callback`, dsim.robotMessage({ text: '日报', sender: { staffId: 'dt-li', nick: '调度老李' }, conversation: SERVICE_GROUP_DT }))).status).toBe(200);
    await settle();

    const w = fw.responses.slice(responsesBefore);
    expect(w).toHaveLength(1);
    expect(w[0]!.content.split('\n').slice(0, TODAY.length + 1)).toEqual(['**售后日报 · 12月4日（周五）**', ...TODAY]);
    const d = fd.deliveries.slice(deliveriesBefore).filter((x) => x.via === 'session');
    expect(d).toHaveLength(1);
    expect(d[0]!.text.split('  \n  ').slice(0, TODAY.length + 1)).toEqual(['#### 售后日报 · 12月4日（周五）', ...TODAY]);

    const api = (await (await fetch(`${app.url}/api/reports/daily`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as Record<string, any>;
    expect(api).toMatchObject({ date: '2026-12-04', complete: false, opened: { total: 1, visit: 1 }, escalations: 1, targets: { first_response: { met: 1, due: 1, rate: 1 } } });
  });
});
