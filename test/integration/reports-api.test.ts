// The reports wired into the running bot: the admin API (JSON, CSV, 400s), the public image
// address, the scheduled morning post to both managers' groups (once, however often it fires)
// and 日报 / 月报 in chat — through the real runtime, database and outbox, with test channels.
import { createHash } from 'node:crypto';
import { ManualClock } from '../../src/lib/clock';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger } from '../../src/lib/logger';
import { createRuntime, type Runtime } from '../../src/runtime';
import { manualHeartbeat } from '../../src/scheduler/scheduler';
import { TestChannel } from '../fakes/test-channel';
import { createTestDb, type TestDb } from '../support/test-db';
import { testConfig, testEnv } from '../support/test-config';
import { cst, seedWeek } from './reports-fixtures';

const TOKEN = 'reports-admin-token-0123456789';
const BASE = 'https://bot.example.com';
let t: TestDb;
let runtime: Runtime;
let url: string;
let clock: ManualClock;
const wecom = () => runtime.channels[0] as TestChannel;
const dingtalk = () => runtime.channels[1] as TestChannel;
/** What the reports sent (the bot also posts other notices, e.g. missing holiday data, to managers). */
const reportsSent = (c: TestChannel) => c.sent.filter((m) => m.idempotencyKey.startsWith('report-'));

beforeAll(async () => {
  t = await createTestDb();
  clock = new ManualClock(cst('2026-12-04 09:00'));
  runtime = createRuntime({
    env: testEnv({ ADMIN_TOKEN: TOKEN, PUBLIC_BASE_URL: BASE, INSTANCE_ID: 'reports-test' }),
    config: testConfig(),
    db: t.db,
    clock,
    http: createFetchHttpClient(),
    logger: createLogger('silent'),
    channels: [new TestChannel('wecom', { clock }), new TestChannel('dingtalk', { clock })],
    heartbeat: manualHeartbeat,
  });
  url = (await runtime.listen(0, '127.0.0.1')).url;
  await seedWeek(t.db);
});
afterAll(async () => {
  await runtime.stop();
  await t.drop();
});

const api = (path: string, token: string | null = TOKEN) => fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const local = (publicUrl: string) => publicUrl.replace(BASE, url);

describe('API', () => {
  test('GET /api/reports/daily returns the figures as JSON, behind the admin token', async () => {
    expect((await api('/api/reports/daily?date=2026-12-03', null)).status).toBe(401);
    const res = await api('/api/reports/daily?date=2026-12-03');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ date: '2026-12-03', complete: true, opened: { total: 6 }, escalations: 2, targets: { first_response: { met: 1, due: 2, rate: 0.5 } }, backlog: { open: 5, overdue: 3 } });
  });

  test('bad parameters are a 400 with a precise message', async () => {
    const cases: [string, RegExp][] = [
      ['/api/reports/daily?date=2026-13-01', /date: expected a calendar day as YYYY-MM-DD \(China time\), got "2026-13-01"/],
      ['/api/reports/daily?date=20261203', /expected a calendar day/],
      ['/api/reports/daily?date=2026-12-05', /date: 2026-12-05 is in the future \(today is 2026-12-04 China time\)/],
      ['/api/reports/daily?date=2026-12-03&date=2026-12-02', /date: expected one value/],
      ['/api/reports/daily?day=2026-12-03', /query: unknown parameter "day"/],
      ['/api/reports/monthly?month=2026-1', /month: expected a month as YYYY-MM/],
      ['/api/reports/monthly.csv?month=2027-01', /month: 2027-01 is in the future/],
    ];
    for (const [path, message] of cases) {
      const res = await api(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  test('monthly JSON and CSV', async () => {
    const json = await (await api('/api/reports/monthly?month=2026-12')).json();
    expect(json).toMatchObject({ month: '2026-12', complete: false, complaints: { total: 5 }, repeatCustomers: { customers: 2 } });
    const csv = await api('/api/reports/monthly.csv?month=2026-11');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="gongdan-monthly-2026-11.csv"');
    const text = await csv.text(); // fetch strips the BOM when decoding UTF-8
    expect(text.split('\r\n')[0]).toBe('月份,分类,维度,细分,数量,分母,比例');
    expect(text).toContain('2026-11,满意度,份数,,0,,\r\n');
  });

  test('GET /api/reports/daily.png is the chart', async () => {
    const res = await api('/api/reports/daily.png?date=2026-12-03');
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('the morning post', () => {
  test('at dailyAt each managers group gets yesterday\'s dashboard: WeCom markdown + image, DingTalk markdown with the image by URL', async () => {
    expect(await runtime.scheduler.runOnce('reports-daily', '2026-12-04')).toBe(true);
    await runtime.outbox.drain();
    const w = reportsSent(wecom());
    const d = reportsSent(dingtalk());
    expect(w.map((m) => [m.destination, m.body.title, m.idempotencyKey])).toEqual([
      [{ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }, '售后日报 · 12月3日（周四）', 'report-daily:wecom-managers:2026-12-03:0'],
      [{ kind: 'robot', platform: 'wecom', conversationId: 'wecom-managers' }, '售后日报 · 12月3日（周四） 图表', 'report-daily:wecom-managers:2026-12-03:1'],
    ]);
    expect(w[0]!.body.lines).toContain('首次响应 **50%**（1/2）· 前7日 50%');
    expect(w[0]!.body.mentions?.map((m) => m.userId)).toEqual(['LiDiaodu', 'ZhangGong', 'LiuGong']);
    const png = Buffer.from(w[1]!.body.image!.png as unknown as Buffer);
    expect(png.subarray(1, 4).toString()).toBe('PNG');

    expect(d).toHaveLength(1);
    expect(d[0]!.destination).toEqual({ kind: 'robot', platform: 'dingtalk', conversationId: 'dingtalk-managers' });
    expect(d[0]!.body.lines.find((l) => l.startsWith('#1003'))).toMatch(/未指派，请 @dt-li 派单$/);
    const imageUrl = d[0]!.body.image!.url!;
    expect(imageUrl).toMatch(/^https:\/\/bot\.example\.com\/reports\/img\/[0-9a-f]{32}\.png$/);
    // The bot serves it without the admin token (DingTalk fetches it), and it is the chart.
    const img = await fetch(local(imageUrl));
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(createHash('md5').update(Buffer.from(await img.arrayBuffer())).digest('hex')).toMatch(/^[0-9a-f]{32}$/);
    expect((await fetch(`${url}/reports/img/${'0'.repeat(32)}.png`)).status).toBe(404);
    expect((await fetch(`${url}/reports/img/..%2F..%2Fetc.png`)).status).toBe(404);
  });

  test('firing again (another instance, a restart) posts nothing new', async () => {
    const before = reportsSent(wecom()).length + reportsSent(dingtalk()).length;
    expect(before).toBe(3);
    await runtime.scheduler.runOnce('reports-daily', '2026-12-04-again');
    await runtime.outbox.drain();
    expect(reportsSent(wecom()).length + reportsSent(dingtalk()).length).toBe(before);
  });
});

describe('日报 / 月报 in chat', () => {
  test('日报 昨天 from a manager answers with the same dashboard where it was asked', async () => {
    const channel = wecom();
    const n = channel.sent.length;
    await runtime.inbox.record([
      { platform: 'wecom', messageId: 'm-report-1', kind: 'text', conversation: { type: 'group', id: 'wrDemoManagersGroup', title: '售后管理群' }, sender: { id: 'ZhaoJingli', name: '赵经理', isCustomer: false }, text: '日报 昨天', mentions: [], receivedAt: new Date(clock.now()).toISOString(), raw: {} },
    ]);
    await runtime.processor.drain();
    await runtime.outbox.drain();
    const answers = channel.sent.slice(n);
    expect(answers.map((m) => m.destination.kind)).toEqual(['reply', 'reply']);
    expect(answers[0]!.body.title).toBe('售后日报 · 12月3日（周四）');
    expect(answers[0]!.body.lines).toEqual(reportsSent(channel)[0]!.body.lines);
    expect(answers[0]!.body.mentions?.map((m) => m.userId)).toEqual(['LiDiaodu', 'ZhangGong', 'LiuGong']);
    expect(answers[1]!.body.image?.png).toBeDefined();
  });

  test('月报 answers with this month so far and a CSV link', async () => {
    const channel = dingtalk();
    const n = channel.sent.length;
    await runtime.inbox.record([
      { platform: 'dingtalk', messageId: 'm-report-2', kind: 'text', conversation: { type: 'group', id: 'cidDemoManagersGroup', title: '售后管理群' }, sender: { id: 'dt-zhao', name: '赵经理', isCustomer: false }, text: '月报', mentions: [], receivedAt: new Date(clock.now()).toISOString(), raw: {} },
    ]);
    await runtime.processor.drain();
    await runtime.outbox.drain();
    const answers = channel.sent.slice(n);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body.title).toBe('售后月报 · 2026年12月（截至目前）');
    const link = /\[下载明细 CSV\]\((\S+)\)/.exec(answers[0]!.body.lines.join('\n'))![1]!;
    const csv = await fetch(local(link));
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('2026-12,投诉,等级,三级,1,,');
  });
});
