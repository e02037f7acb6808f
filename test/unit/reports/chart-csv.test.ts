import { createHash } from 'node:crypto';
import { dailyChartPng, dailyChartSvg } from '../../../src/reports/chart';
import { monthlyCsv } from '../../../src/reports/csv';
import { maskCustomer } from '../../../src/reports/monthly-query';
import type { MonthlyReport } from '../../../src/reports/types';
import { LIMITS } from '../../../src/channels/wecom/render';
import { buildDaily } from './report-builder';

test('the chart is a PNG WeCom accepts (≤ 2 MB), with the day, the trend and the breakdown', () => {
  const report = buildDaily({ overdue: 3 });
  const svg = dailyChartSvg(report);
  expect(svg).toContain('近7日时效达标率');
  expect(svg).toContain('当日新建 12 单');
  expect((svg.match(/<polyline /g) ?? []).length).toBeGreaterThanOrEqual(3);
  const png = dailyChartPng(report);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.readUInt32BE(16)).toBe(1440); // IHDR width: 960 × 1.5
  expect(png.length).toBeLessThanOrEqual(LIMITS.robotImageBytes);
  expect(createHash('md5').update(png).digest('hex')).toMatch(/^[0-9a-f]{32}$/);
});

test('CJK text is drawn with the shipped font (more ink than with no font at all)', () => {
  // Same picture with only Chinese text: if the font were missing, resvg would draw nothing for it.
  const { svgToPng } = jest.requireActual('../../../src/reports/chart') as typeof import('../../../src/reports/chart');
  const blank = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/></svg>');
  const text = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="4" y="30" font-size="24">首次响应达标</text></svg>');
  expect(text.length).toBeGreaterThan(blank.length + 500);
});

test('the CSV escapes chat-made text and defuses formulas', () => {
  const m = {
    month: '2026-11',
    opened: { total: 1, complaint: 1, visit: 0, complaintByLevel: { '1': 1 }, visitByType: {} },
    complaints: { total: 1, byLevel: { '1': 1 }, byCause: [{ cause: 'x', causeName: '=HYPERLINK("a,b")', level1: 1, level2: 0, level3: 0, total: 1 }], byVisitType: {} },
    repeatCustomers: { customers: 0, tickets: 0, withRepeatComplaints: 0, top: [] },
    faults: [],
    punctuality: { overall: { met: 0, due: 0, rate: null }, byVisitType: {} },
    targets: { first_response: { met: 1, due: 3, rate: 1 / 3 }, resolution: { met: 0, due: 0, rate: null }, arrival: { met: 0, due: 0, rate: null }, follow_up: { met: 0, due: 0, rate: null } },
    satisfaction: { count: 0, average: null, distribution: {} },
    escalations: 0,
  } as unknown as MonthlyReport;
  const csv = monthlyCsv(m);
  expect(csv).toContain(`2026-11,投诉原因,"'=HYPERLINK(""a,b"")",一级,1,,\r\n`);
  expect(csv).toContain('2026-11,时效达标,首次响应,,1,3,0.3333\r\n');
  expect(csv).toContain('2026-11,时效达标,处理完成,,0,0,\r\n');
});

test('customers are masked in reports', () => {
  expect(maskCustomer('13900000002')).toBe('139****0002');
  expect(maskCustomer('057188886666')).toBe('057****66');
  expect(maskCustomer('wecom:wmDemoCustomerZhou')).toBe('****Zhou');
});
