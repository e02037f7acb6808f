// Reports as chat text: the neutral OutboundBody (title, lines, mentions) that each channel
// renders in its dialect (platforms.md §10). What the neutral body cannot say — where an @ goes
// and how big the result may be — is decided here per platform: WeCom group-robot markdown
// takes "<@userid>" and at most 4,096 bytes; DingTalk wants "@id" in the text plus `at`.
// Long lists are summarised with a link instead of being cut mid-line.
import type { OutboundBody, Platform } from '../channels/channel';
import type { StaffMember } from '../config/directory-schema';
import { chinaClock, chinaDay, shortDay, weekday } from './china-day';
import { DEADLINE_LABELS, duration, LEVEL_LABELS, pct, signed, utf8Bytes, VISIT_TYPE_LABELS } from './labels';
import { JUDGED_DEADLINES, type DailyReport, type MonthlyReport, type Rate } from './types';

/** Bytes the whole rendered message may take. WeCom's is documented; DingTalk's is not, so we stay modest. */
export const SIZE_LIMITS: Record<Platform, number> = { wecom: 4096, dingtalk: 6000, sandbox: 16_000 };
/** Room for DingTalk's "![](https://…/reports/img/<32 hex>.png)" line. */
const IMAGE_LINK_BYTES = 300;
const PEOPLE_MAX = 8;

export interface RenderOptions {
  staff: readonly StaffMember[];
  /** A page with everything (the full overdue list); linked when the text has to summarise. */
  detailUrl?: string;
  /** For the monthly report: the CSV file. */
  csvUrl?: string;
}

export interface Rendered {
  body: OutboundBody;
  /** True when some overdue tickets or people were summarised rather than listed. */
  truncated: boolean;
  /** The estimated size of the rendered message, in bytes, against its limit. */
  bytes: number;
  limit: number;
}

/**
 * How one person is @-mentioned on one platform: what the line says, and the `mentions` entry.
 * WeCom's group-robot renderer appends every mention as "<@userid>" at the end, so the line
 * carries the plain name; DingTalk highlights an "@id" written in the text (and appends only
 * missing ones), so the line carries "@id".
 */
export function mentionFor(staffId: string, platform: Platform, staff: readonly StaffMember[]): { inline: string; mention?: { userId: string; mobile?: string; name?: string } } {
  const s = staff.find((m) => m.id === staffId);
  const name = s?.name ?? staffId;
  if (platform === 'wecom' && s?.wecom) return { inline: name, mention: { userId: s.wecom.userId, name } };
  if (platform === 'dingtalk' && s?.dingtalk) return { inline: `@${s.dingtalk.staffId}`, mention: { userId: s.dingtalk.staffId, mobile: s.mobile, name } };
  if (platform === 'dingtalk' && s?.mobile) return { inline: `@${s.mobile}`, mention: { userId: '', mobile: s.mobile, name } };
  return { inline: `@${name}` };
}

/**
 * Bytes of the message the channel will build (the wecom and dingtalk render.ts): WeCom robot markdown
 * is "**title**\n" + lines + "\n<@id> <@id>…"; DingTalk markdown is "#### title" + lines joined
 * by "  \n  " + the image link.
 */
export function measure(platform: Platform, title: string, lines: string[], mentions: { userId: string; mobile?: string }[]): number {
  if (platform === 'wecom') {
    const ids = [...new Set(mentions.map((m) => m.userId).filter(Boolean))];
    const tail = ids.length ? 1 + ids.reduce((a, id) => a + utf8Bytes(`<@${id}>`), 0) + ids.length - 1 : 0;
    return utf8Bytes(`**${title}**`) + lines.reduce((a, l) => a + 1 + utf8Bytes(l), 0) + tail;
  }
  return utf8Bytes(`#### ${title}`) + lines.reduce((a, l) => a + 5 + utf8Bytes(l), 0) + IMAGE_LINK_BYTES;
}

const rateLine = (label: string, r: Rate, prev: Rate) =>
  `${label} **${pct(r.rate)}**（${r.met}/${r.due}）· 前7日 ${pct(prev.rate)}${arrow(r.rate, prev.rate)}`;

function arrow(now: number | null, before: number | null): string {
  if (now === null || before === null || Math.abs(now - before) < 0.0005) return '';
  return now > before ? ' ↑' : ' ↓';
}

function breakdown(counts: Record<string, number>, labels: Record<string, string>): string {
  return Object.entries(counts)
    .filter(([k, n]) => n > 0 || k in labels)
    .filter(([k, n]) => !(k === 'unknown' && n === 0))
    .map(([k, n]) => `${labels[k] ?? k} ${n}`)
    .join(' · ');
}

export function dailyTitle(r: DailyReport): string {
  return `售后日报 · ${shortDay(r.date)}（${weekday(r.date)}${r.restDay ? `，${r.restDay}` : ''}）`;
}

export function renderDaily(r: DailyReport, platform: Platform, opts: RenderOptions): Rendered {
  const title = dailyTitle(r);
  const asOf = Date.parse(r.asOf);
  const backlogAt = Date.parse(r.backlog.asOf);
  const warn = (s: string) => (platform === 'wecom' ? `<font color="warning">${s}</font>` : `**${s}**`);
  const head: string[] = [
    `> ${r.complete ? '全天数据' : `今日截至 ${chinaClock(asOf)}`}；积压为 ${chinaDay(backlogAt) === r.date ? '' : `${shortDay(chinaDay(backlogAt))} `}${chinaClock(backlogAt)} 的实时状态`,
    `**新建工单 ${r.opened.total}**（前7日日均 ${r.previous7.openedPerDay}，${signed(r.change.opened)}）`,
    `投诉 ${r.opened.complaint}：${breakdown(r.opened.complaintByLevel, LEVEL_LABELS)}`,
    `上门 ${r.opened.visit}：${breakdown(r.opened.visitByType, VISIT_TYPE_LABELS)}`,
    '',
    '**时效达标**（当日到期的时限，按时完成 / 到期）',
    ...JUDGED_DEADLINES.map((k) => rateLine(DEADLINE_LABELS[k]!, r.targets[k], r.previous7.targets[k])),
    `满意度 **${r.satisfaction.average ?? '—'}**（${r.satisfaction.count} 份）· 前7日 ${r.previous7.satisfaction.average ?? '—'}`,
    `升级提醒 **${r.escalations}** 次 · 前7日日均 ${r.previous7.escalationsPerDay}`,
    '',
    `**当前积压 ${r.backlog.open} 单**，超时 ${r.backlog.overdue > 0 ? warn(String(r.backlog.overdue)) : '0'} 单`,
  ];

  const overdueLine = (t: DailyReport['backlog']['overdueTickets'][number]) => {
    const what = t.kind === 'complaint' ? `${LEVEL_LABELS[String(t.complaintLevel ?? 'unknown')] ?? ''}投诉` : '上门';
    let owner = '未指派';
    let mention: { userId: string; mobile?: string; name?: string } | undefined;
    if (t.ownerId) {
      const m = mentionFor(t.ownerId, platform, opts.staff);
      owner = t.ownerIsDispatcher ? `未指派，请 ${m.inline} 派单` : m.inline;
      mention = m.mention;
    }
    const summary = t.summary.length > 16 ? `${t.summary.slice(0, 16)}…` : t.summary;
    return { line: `#${t.code} ${what}「${summary}」${DEADLINE_LABELS[t.deadline] ?? t.deadline}超时 ${duration(t.overdueMinutes)} ${owner}`, mention };
  };

  const people = r.backlog.people.filter((p) => p.open > 0 || p.overdue > 0 || p.due > 0);
  const personLine = (p: DailyReport['backlog']['people'][number]) =>
    `${p.name}：在办 ${p.open} · 超时 ${p.overdue} · 当日达标 ${pct(p.rate)}（${p.met}/${p.due}）`;

  const limit = SIZE_LIMITS[platform];
  const fits = (b: { lines: string[]; used: Map<string, { userId: string }> }) => measure(platform, title, b.lines, [...b.used.values()]) <= limit;
  const build = (overdueCount: number, peopleCount: number) => {
    const lines = [...head];
    const used = new Map<string, { userId: string; mobile?: string; name?: string }>();
    for (const t of r.backlog.overdueTickets.slice(0, overdueCount)) {
      const { line, mention } = overdueLine(t);
      lines.push(line);
      if (mention) used.set(mention.userId || mention.mobile || '', mention);
    }
    const rest = r.backlog.overdue - overdueCount;
    if (rest > 0) lines.push(opts.detailUrl ? `…另有 ${rest} 单，详见 [完整清单](${opts.detailUrl})` : `…另有 ${rest} 单（完整清单：日报 API）`);
    if (peopleCount > 0) {
      lines.push('', '**人员**');
      for (const p of people.slice(0, peopleCount)) lines.push(personLine(p));
      if (people.length > peopleCount) lines.push(`…另有 ${people.length - peopleCount} 人${opts.detailUrl ? `，详见 [完整清单](${opts.detailUrl})` : ''}`);
    }
    return { lines, used };
  };

  // Most overdue tickets first, people after; shrink the lists until the message fits.
  let peopleCount = Math.min(people.length, PEOPLE_MAX);
  let overdueCount = r.backlog.overdueTickets.length;
  let built = build(overdueCount, peopleCount);
  while (!fits(built) && (overdueCount > 0 || peopleCount > 0)) {
    if (overdueCount > 3 || peopleCount === 0) overdueCount -= 1;
    else peopleCount -= 1;
    built = build(overdueCount, peopleCount);
  }
  const mentions = [...built.used.values()];
  const truncated = overdueCount < r.backlog.overdue || peopleCount < people.length;
  return { body: { title, lines: built.lines, mentions }, truncated, bytes: measure(platform, title, built.lines, mentions), limit };
}

export function monthlyTitle(r: MonthlyReport): string {
  const [y, m] = r.month.split('-');
  return `售后月报 · ${y}年${Number(m)}月${r.complete ? '' : '（截至目前）'}`;
}

export function renderMonthly(r: MonthlyReport, platform: Platform, opts: RenderOptions): Rendered {
  const title = monthlyTitle(r);
  const top = <T,>(xs: T[], n: number) => xs.slice(0, n);
  const c = r.complaints;
  const sat = r.satisfaction;
  const lines: string[] = [
    `> ${r.complete ? '整月数据' : `截至 ${shortDay(chinaDay(Date.parse(r.asOf)))} ${chinaClock(Date.parse(r.asOf))}`}`,
    `**新建工单 ${r.opened.total}**：投诉 ${r.opened.complaint} · 上门 ${r.opened.visit}`,
    '',
    `**投诉 ${c.total}**：${breakdown(c.byLevel, LEVEL_LABELS)}`,
    ...top(c.byCause, 8).map((x) => `${x.causeName}：${x.total}（一级 ${x.level1} · 二级 ${x.level2} · 三级 ${x.level3}）`),
    ...(c.byCause.length > 8 ? [`…另有 ${c.byCause.length - 8} 类`] : []),
    '',
    `**重复来访客户 ${r.repeatCustomers.customers} 位**（${r.repeatCustomers.tickets} 单，其中重复投诉 ${r.repeatCustomers.withRepeatComplaints} 位）`,
    ...top(r.repeatCustomers.top, 5).map((x) => `${x.customer}：${x.tickets} 单（投诉 ${x.complaints} · 上门 ${x.visits}）`),
    '',
    '**故障与上门（按产品、类型）**',
    ...top(r.faults, 8).map((f) => `${f.productName} · ${VISIT_TYPE_LABELS[f.visitType] ?? f.visitType}：${f.count}`),
    ...(r.faults.length > 8 ? [`…另有 ${r.faults.length - 8} 项`] : []),
    '',
    `**按时到场 ${pct(r.punctuality.overall.rate)}**（${r.punctuality.overall.met}/${r.punctuality.overall.due}）${Object.entries(r.punctuality.byVisitType)
      .map(([k, v]) => ` · ${VISIT_TYPE_LABELS[k] ?? k} ${pct(v.rate)}`)
      .join('')}`,
    ...JUDGED_DEADLINES.filter((k) => k !== 'arrival').map((k) => `${DEADLINE_LABELS[k]} ${pct(r.targets[k].rate)}（${r.targets[k].met}/${r.targets[k].due}）`),
    `满意度 **${sat.average ?? '—'}**（${sat.count} 份：${['5', '4', '3', '2', '1'].map((s) => `${s}分 ${sat.distribution[s] ?? 0}`).join(' · ')}）`,
    `升级提醒 ${r.escalations} 次`,
  ];
  if (opts.csvUrl) lines.push('', `[下载明细 CSV](${opts.csvUrl})（8D 报告输入）`);
  // Every list above is capped, so the message stays far below the smallest limit.
  const limit = SIZE_LIMITS[platform];
  return { body: { title, lines, mentions: [] }, truncated: false, bytes: measure(platform, title, lines, []), limit };
}
