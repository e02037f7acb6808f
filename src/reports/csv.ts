// The monthly figures as one long CSV (分类,维度,细分,数量,分母,比例): easy to pivot in Excel for an
// 8D report. UTF-8 with a BOM, because Excel on Windows reads BOM-less CSV as GBK.
import { DEADLINE_LABELS, LEVEL_LABELS, VISIT_TYPE_LABELS } from './labels';
import { JUDGED_DEADLINES, type MonthlyReport, type Rate } from './types';

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // Quote when needed, and defuse spreadsheet formulas in text that came from chat.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function monthlyCsv(r: MonthlyReport): string {
  const rows: (string | number | null)[][] = [['月份', '分类', '维度', '细分', '数量', '分母', '比例']];
  const add = (section: string, dim: string, sub: string, value: number, denom: number | null = null, ratio: number | null = null) =>
    rows.push([r.month, section, dim, sub, value, denom, ratio === null ? null : Math.round(ratio * 10000) / 10000]);
  const addRate = (section: string, dim: string, sub: string, x: Rate) => add(section, dim, sub, x.met, x.due, x.rate);

  add('新建工单', '合计', '', r.opened.total);
  add('新建工单', '投诉', '', r.opened.complaint);
  add('新建工单', '上门', '', r.opened.visit);
  for (const [l, n] of Object.entries(r.complaints.byLevel)) add('投诉', '等级', LEVEL_LABELS[l] ?? l, n);
  for (const c of r.complaints.byCause) {
    add('投诉原因', c.causeName, '一级', c.level1);
    add('投诉原因', c.causeName, '二级', c.level2);
    add('投诉原因', c.causeName, '三级', c.level3);
    add('投诉原因', c.causeName, '合计', c.total);
  }
  for (const [t, n] of Object.entries(r.complaints.byVisitType)) add('投诉关联服务', VISIT_TYPE_LABELS[t] ?? t, '', n);
  add('重复客户', '客户数', '', r.repeatCustomers.customers);
  add('重复客户', '工单数', '', r.repeatCustomers.tickets);
  add('重复客户', '重复投诉客户数', '', r.repeatCustomers.withRepeatComplaints);
  for (const c of r.repeatCustomers.top) add('重复客户明细', c.customer, `投诉${c.complaints}/上门${c.visits}`, c.tickets);
  for (const f of r.faults) add('故障', f.productName, VISIT_TYPE_LABELS[f.visitType] ?? f.visitType, f.count);
  addRate('上门准时', '合计', '', r.punctuality.overall);
  for (const [t, x] of Object.entries(r.punctuality.byVisitType)) addRate('上门准时', VISIT_TYPE_LABELS[t] ?? t, '', x);
  for (const k of JUDGED_DEADLINES) addRate('时效达标', DEADLINE_LABELS[k] ?? k, '', r.targets[k]);
  add('满意度', '份数', '', r.satisfaction.count);
  if (r.satisfaction.average !== null) add('满意度', '平均分', '', r.satisfaction.average);
  for (const [s, n] of Object.entries(r.satisfaction.distribution)) add('满意度', '分布', `${s}分`, n);
  add('升级提醒', '次数', '', r.escalations);
  return '\ufeff' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
