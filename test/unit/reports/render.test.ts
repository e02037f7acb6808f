import { renderRobotMarkdown, LIMITS } from '../../../src/channels/wecom/render';
import { renderMarkdown } from '../../../src/channels/dingtalk/render';
import { renderDaily, renderMonthly } from '../../../src/reports/render-text';
import { testConfig } from '../../support/test-config';
import { buildDaily } from './report-builder';

const staff = testConfig().staff;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('WeCom group-robot markdown', () => {
  test('a short report is listed whole; owners are @-mentioned once each by WeCom userid', () => {
    const out = renderDaily(buildDaily({ overdue: 3 }), 'wecom', { staff });
    expect(out.truncated).toBe(false);
    expect(out.body.lines.filter((l) => l.startsWith('#20'))).toHaveLength(3);
    expect(out.body.mentions?.map((m) => m.userId)).toEqual(['WangXiaoWang', 'LiDiaodu', 'ZhangGong']);
    const md = renderRobotMarkdown(out.body);
    expect(md.endsWith('\n<@WangXiaoWang> <@LiDiaodu> <@ZhangGong>')).toBe(true);
    expect(bytes(md)).toBe(out.bytes);
    expect(md).toContain('首次响应 **90%**（9/10）· 前7日 83.3% ↑');
    expect(md).toContain('<font color="warning">3</font>');
  });

  test('a long backlog is summarised with a link, never cut, and fits 4,096 bytes', () => {
    const report = buildDaily({ overdue: 250, people: 30 });
    const out = renderDaily(report, 'wecom', { staff, detailUrl: 'https://bot.example.com/reports/file/0123456789abcdef0123456789abcdef.html' });
    expect(out.truncated).toBe(true);
    const md = renderRobotMarkdown(out.body);
    expect(bytes(md)).toBeLessThanOrEqual(LIMITS.robotMarkdown);
    expect(bytes(md)).toBe(out.bytes);
    // renderRobotMarkdown would end in "…" had it needed to cut.
    expect(md).toContain(out.body.lines.at(-1)!);
    const listed = out.body.lines.filter((l) => l.startsWith('#20')).length;
    expect(listed).toBeGreaterThan(3);
    expect(out.body.lines).toContain(`…另有 ${250 - listed} 单，详见 [完整清单](https://bot.example.com/reports/file/0123456789abcdef0123456789abcdef.html)`);
    // Every listed owner is mentioned; nobody else is.
    const owners = new Set(report.backlog.overdueTickets.slice(0, listed).map((t) => staff.find((s) => s.id === t.ownerId)!.wecom!.userId));
    expect(new Set(out.body.mentions!.map((m) => m.userId))).toEqual(owners);
  });

  test('without a public URL the summary says where the full list is', () => {
    const out = renderDaily(buildDaily({ overdue: 250 }), 'wecom', { staff });
    expect(out.body.lines.find((l) => l.startsWith('…另有'))).toMatch(/^…另有 \d+ 单（完整清单：日报 API）$/);
  });
});

describe('DingTalk markdown', () => {
  test('owners are written as @staffId in the line so DingTalk highlights them, and listed in at.atUserIds', () => {
    const out = renderDaily(buildDaily({ overdue: 3 }), 'dingtalk', { staff });
    const line = out.body.lines.find((l) => l.startsWith('#2000'))!;
    expect(line).toMatch(/@dt-wang$/);
    const dt = renderMarkdown({ ...out.body, image: { png: Buffer.alloc(0), url: 'https://bot.example.com/reports/img/0123456789abcdef0123456789abcdef.png' } }, { withAt: true });
    expect(dt.atUserIds).toEqual(['dt-wang', 'dt-li', 'dt-zhang']);
    // Nothing appended: every @ is already in place.
    expect(dt.text.endsWith('![](https://bot.example.com/reports/img/0123456789abcdef0123456789abcdef.png)')).toBe(true);
    expect(dt.text).not.toContain('<font');
    expect(bytes(dt.text)).toBeLessThanOrEqual(out.bytes);
  });

  test('an unassigned overdue ticket asks the dispatcher to dispatch it', () => {
    const out = renderDaily(buildDaily({ overdue: 7 }), 'dingtalk', { staff });
    expect(out.body.lines.find((l) => l.startsWith('#2006'))).toMatch(/未指派，请 @dt-li 派单$/);
  });

  test('a long backlog stays within the DingTalk budget', () => {
    const out = renderDaily(buildDaily({ overdue: 500, people: 60 }), 'dingtalk', { staff });
    const dt = renderMarkdown({ ...out.body, image: { png: Buffer.alloc(0), url: 'https://bot.example.com/reports/img/0123456789abcdef0123456789abcdef.png' } }, { withAt: true });
    expect(bytes(dt.text)).toBeLessThanOrEqual(out.limit);
    expect(out.body.lines.some((l) => /^…另有 \d+ 人$/.test(l))).toBe(true);
  });
});

test('the sandbox writes names, not platform ids', () => {
  const out = renderDaily(buildDaily({ overdue: 1 }), 'sandbox', { staff });
  expect(out.body.lines.find((l) => l.startsWith('#2000'))).toMatch(/@客服小王$/);
  expect(out.body.mentions).toEqual([]);
});

test('a day with nothing due shows dashes, not 0 % or 100 %', () => {
  const report = buildDaily({ overdue: 0 });
  const out = renderDaily(report, 'wecom', { staff });
  expect(out.body.lines).toContain('7日内回访 **—**（0/0）· 前7日 —');
  expect(out.body.lines).toContain('**当前积压 40 单**，超时 0 单');
});

test('the monthly text is far below the limits', () => {
  const monthly = {
    month: '2026-11', from: '', to: '', asOf: '2026-11-30T16:00:00.000Z', complete: true,
    opened: { total: 3, complaint: 2, visit: 1, complaintByLevel: { '1': 1, '2': 1, '3': 0 }, visitByType: { install: 0, repair: 1, maintenance: 0, inspection: 0 } },
    complaints: { total: 2, byLevel: { '1': 1, '2': 1, '3': 0 }, byCause: Array.from({ length: 20 }, (_, i) => ({ cause: `p${i}`, causeName: `产品${i}`, level1: 1, level2: 0, level3: 0, total: 1 })), byVisitType: {} },
    repeatCustomers: { customers: 1, tickets: 2, withRepeatComplaints: 1, top: [{ customer: '139****0002', tickets: 2, complaints: 2, visits: 0 }] },
    faults: [{ product: 'ro-purifier', productName: '净水器', visitType: 'repair', count: 1 }],
    punctuality: { overall: { met: 1, due: 1, rate: 1 }, byVisitType: { repair: { met: 1, due: 1, rate: 1 } } },
    targets: { first_response: { met: 1, due: 2, rate: 0.5 }, resolution: { met: 0, due: 0, rate: null }, arrival: { met: 1, due: 1, rate: 1 }, follow_up: { met: 0, due: 0, rate: null } },
    satisfaction: { count: 1, average: 5, distribution: { '5': 1 } },
    escalations: 4,
  };
  const out = renderMonthly(monthly, 'wecom', { staff, csvUrl: 'https://bot.example.com/reports/file/x.csv' });
  expect(out.body.title).toBe('售后月报 · 2026年11月');
  expect(out.body.lines).toContain('…另有 12 类');
  expect(out.body.lines).toContain('[下载明细 CSV](https://bot.example.com/reports/file/x.csv)（8D 报告输入）');
  expect(bytes(renderRobotMarkdown(out.body))).toBeLessThan(LIMITS.robotMarkdown);
});
