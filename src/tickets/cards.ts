// The Chinese chat text the bot writes about tickets: the card, short answers, notices.
// Times are shown in China time whatever the machine's zone.
import type { OutboundBody, Platform } from '../channels/channel';
import type { TicketRow } from '../db/entities/ticket.entity';
import type { TicketDeadlineRow } from '../db/entities/ticket-deadline.entity';
import { CHINA_OFFSET_MS } from '../sla/china-time';
import { KIND_LABELS, STATUS_LABELS } from './state-machine';
import { DEADLINE_LABELS } from './sla-tracker';
import type { Directory } from './directory';

const LEVEL_LABELS: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级' };
export const VISIT_TYPE_LABELS: Record<string, string> = { install: '安装', repair: '维修', maintenance: '保养', inspection: '勘测 / 检测' };

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "12月4日 周五 10:30" in China time: people plan by the weekday, and a phone shows no calendar. */
export function chinaClock(at: number): string {
  const d = new Date(at + CHINA_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]} ${hh}:${mm}`;
}

/** "1 小时 5 分钟", "40 秒". */
export function spanText(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} 秒`;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [d ? `${d} 天` : '', h ? `${h} 小时` : '', m ? `${m} 分钟` : ''].filter(Boolean).join(' ') || '0 分钟';
}

export function kindText(t: Pick<TicketRow, 'kind' | 'complaintLevel' | 'visitType' | 'vip'>): string {
  const base = t.kind === 'complaint' ? `投诉（${LEVEL_LABELS[t.complaintLevel ?? 1]}）` : `上门${t.visitType ? `（${VISIT_TYPE_LABELS[t.visitType] ?? t.visitType}）` : ''}`;
  return t.vip ? `${base} · VIP` : base;
}

export function appointmentText(t: Pick<TicketRow, 'appointmentDate' | 'appointmentStart' | 'appointmentEnd'>): string | null {
  if (!t.appointmentDate) return null;
  const [y, m, d] = t.appointmentDate.split('-').map(Number) as [number, number, number];
  const day = `${m}月${d}日 ${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`;
  if (t.appointmentStart && t.appointmentEnd) return `${day} ${t.appointmentStart}–${t.appointmentEnd}`;
  if (t.appointmentStart) return `${day} ${t.appointmentStart}`;
  if (t.appointmentEnd) return `${day} ${t.appointmentEnd} 前`;
  return day;
}

/** A summary short enough for one line on a phone; the card and 查询 carry the whole text. */
export function shortSummary(summary: string, max = 18): string {
  const chars = [...summary.trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

export function ticketRef(t: Pick<TicketRow, 'code' | 'summary'>): string {
  return `#${t.code}「${shortSummary(t.summary)}」`;
}

function deadlineLines(deadlines: TicketDeadlineRow[]): string[] {
  const open = deadlines.filter((d) => d.metAt === null);
  if (!open.length) return [];
  // The next deadline first: it is the one the owner acts on.
  return [`截止：${open.map((d) => `${DEADLINE_LABELS[d.name]} ${chinaClock(d.dueAt)}${d.breachedAt !== null ? '（已超时）' : ''}`).join('；')}`];
}

/** The card staff see: everything understood, the owner (@-mentioned), the deadlines. */
export function staffCard(t: TicketRow, deadlines: TicketDeadlineRow[], dir: Directory, platform: Platform, heading = '新工单'): OutboundBody {
  const owner = t.assigneeId ? dir.staff(t.assigneeId) : undefined;
  const mention = owner ? dir.mention(owner, platform) : null;
  const lines = [
    `状态：${STATUS_LABELS[t.status]}`,
    `内容：${t.summary}`,
    ...(t.customerName || t.contactName || t.customerPhone ? [`客户：${[t.customerName ?? t.contactName, t.customerPhone].filter(Boolean).join(' ')}`] : []),
    ...(t.address ? [`地址：${t.address}`] : []),
    ...(appointmentText(t) ? [`预约：${appointmentText(t)}`] : []),
    ...(t.product ? [`产品：${dir.productName(t.product)}`] : []),
    `负责人：${owner ? owner.name : '待指派'}`,
    ...deadlineLines(deadlines),
    '引用本卡片回复「接单」等命令即可操作，「帮助」看全部命令。',
  ];
  return { title: `${heading} #${t.code} · ${kindText(t)}`, lines, ...(mention ? { mentions: [mention] } : {}) };
}

/** What a customer sees when their message opened a ticket. */
export function customerCard(t: TicketRow, deadlines: TicketDeadlineRow[], dir: Directory): OutboundBody {
  const owner = t.assigneeId ? dir.staff(t.assigneeId) : undefined;
  const first = deadlines.find((d) => d.name === 'first_response' || d.name === 'dispatch');
  const appt = appointmentText(t);
  return {
    title: `已为您登记工单 #${t.code}`,
    lines: [
      `类型：${t.kind === 'complaint' ? '投诉' : `上门${t.visitType ? `${VISIT_TYPE_LABELS[t.visitType] ?? ''}` : '服务'}`}`,
      `我们记录到：${t.summary}`,
      ...(t.address ? [`地址：${t.address}`] : []),
      ...(appt ? [`期望时间：${appt}`] : []),
      `负责人：${owner?.name ?? '客服'}`,
      ...(first ? [`我们会在 ${chinaClock(first.dueAt)} 前与您联系。`] : []),
      `查询进度请发送「查询 #${t.code}」。`,
    ],
  };
}

/** One line per ticket, for 我的工单 and status answers. */
export function statusLine(t: TicketRow, dir: Directory, forCustomer = false): string {
  const owner = t.assigneeId ? dir.staff(t.assigneeId)?.name : null;
  const appt = appointmentText(t);
  return `#${t.code} ${forCustomer ? (t.kind === 'complaint' ? '投诉' : '上门') : kindText(t)} · ${STATUS_LABELS[t.status]} · ${t.summary}${owner ? ` · 负责人 ${owner}` : ''}${appt ? ` · 预约 ${appt}` : ''}`;
}

export function text(title: string, ...lines: string[]): OutboundBody {
  return { title, lines };
}
