// Notices the complaint classes and VIP customers call for, outside the escalation chains:
// level 2 informs the department manager at creation and of the outcome; level 3 goes to the
// service manager in the managers' group at once and informs the executive; VIP tickets inform
// the manager from the start. Keys name the ticket, the moment and the person, so a retried
// handler enqueues nothing twice.
import type { Destination, OutboundBody, Platform } from '../channels/channel';
import type { StaffMember } from '../config/directory-schema';
import type { TicketRow } from '../db/entities/ticket.entity';
import type { OutboxItem } from '../outbox/outbox-store';
import type { Directory } from './directory';
import { kindText, ticketRef } from './cards';

export type NoticeMoment = 'created' | 'raised' | 'outcome';

/** The service manager: the assignee's manager when they hold the manager role, else the first manager. */
export function serviceManager(dir: Directory, t: Pick<TicketRow, 'assigneeId'>): StaffMember | undefined {
  const own = t.assigneeId ? dir.staff(dir.staff(t.assigneeId)?.managerId ?? '') : undefined;
  if (own && dir.has(own, 'manager')) return own;
  return dir.withRole('manager')[0];
}

export function departmentManager(dir: Directory, t: Pick<TicketRow, 'assigneeId'>): StaffMember | undefined {
  const assignee = t.assigneeId ? dir.staff(t.assigneeId) : undefined;
  return (assignee?.managerId ? dir.staff(assignee.managerId) : undefined) ?? dir.withRole('manager')[0];
}

/** The group a ticket's group notices go to: where it was opened, else the intake group. */
export function ticketGroup(dir: Directory, t: TicketRow): Destination | null {
  const platform = t.sourcePlatform as Platform;
  if (t.sourceConversationType === 'group' && t.sourceConversationId) {
    const conv = dir.conversationByChat(platform, t.sourceConversationId);
    if (conv?.robot) return { kind: 'robot', platform, conversationId: conv.id };
    return { kind: 'group', platform, conversationId: t.sourceConversationId };
  }
  return dir.conversation('intake', platform);
}

function staffNotice(dir: Directory, t: TicketRow, who: StaffMember, moment: NoticeMoment, body: OutboundBody): OutboxItem | null {
  const destination = dir.reachStaff(who, t.sourcePlatform as Platform);
  if (!destination) return null;
  return { destination, body, idempotencyKey: `notice:${t.id}:${moment}:${t.complaintLevel ?? 0}:${who.id}`, ticketId: t.id };
}

function outcomeLine(t: TicketRow): string {
  return t.report ? `处理结果：${t.report}` : `状态：${t.status === 'closed' ? '已关闭' : '已完成'}`;
}

export function levelNotices(dir: Directory, t: TicketRow, moment: NoticeMoment, extra: string[] = []): OutboxItem[] {
  const items: OutboxItem[] = [];
  const platform = t.sourcePlatform as Platform;
  const owner = t.assigneeId ? dir.staff(t.assigneeId)?.name : undefined;
  const heading = moment === 'outcome' ? '结果' : moment === 'raised' ? '升级' : '新';
  const facts = [`工单 ${ticketRef(t)}`, `类型：${kindText(t)}`, `负责人：${owner ?? '待指派'}`, ...(moment === 'outcome' ? [outcomeLine(t)] : []), ...extra];
  const level = t.kind === 'complaint' ? (t.complaintLevel ?? 1) : 0;

  if (level === 3) {
    const manager = serviceManager(dir, t);
    const group = dir.conversation('managers', platform);
    const mention = manager ? dir.mention(manager, group?.platform ?? platform) : null;
    if (group) {
      items.push({
        destination: group,
        body: { title: `【三级投诉${heading === '新' ? '' : heading}】#${t.code}`, lines: [...facts, moment === 'outcome' ? '请安排案例复盘。' : `请${manager?.name ?? '服务经理'}立即协调处理。`], ...(mention ? { mentions: [mention] } : {}) },
        idempotencyKey: `notice:${t.id}:${moment}:3:managers`,
        ticketId: t.id,
      });
    }
    for (const exec of dir.withRole('executive')) {
      const n = staffNotice(dir, t, exec, moment, { title: `三级投诉${moment === 'outcome' ? '结果' : ''}通报 #${t.code}`, lines: facts });
      if (n) items.push(n);
    }
    return items;
  }
  if (level === 2 || t.vip) {
    const manager = departmentManager(dir, t);
    if (manager) {
      const what = level === 2 ? '二级投诉' : 'VIP 客户工单';
      const n = staffNotice(dir, t, manager, moment, { title: `${what}${moment === 'outcome' ? '结果' : moment === 'raised' ? '升级' : ''}知会 #${t.code}`, lines: facts });
      if (n) items.push(n);
    }
  }
  return items;
}

/**
 * Where the customer of a ticket they opened themselves is told of its progress. Only such
 * tickets: the platforms let the bot write to a customer only after the customer wrote to it
 * (WeCom kf: 48 hours, 5 messages per customer message), so a customer a colleague relayed is
 * told by the colleague. The kf account is where the ticket came from: for a customer message
 * the channel puts the open_kfid in the conversation id and the external_userid in the sender.
 */
export function customerDestination(t: TicketRow): Destination | null {
  const platform = t.sourcePlatform as Platform;
  const prefix = `${platform}:`;
  if (!t.customerRef?.startsWith(prefix)) return null;
  const customerId = t.customerRef.slice(prefix.length);
  if (!customerId) return null;
  const fromThem = t.sourceSenderId === customerId && t.sourceConversationType === 'direct' && !!t.sourceConversationId;
  return { kind: 'customer', platform, customerId, ...(fromThem ? { serviceId: t.sourceConversationId! } : {}) };
}

export type CustomerMoment = 'claim' | 'assign' | 'schedule' | 'arrive' | 'resolve';

/** A progress message to the ticket's customer, keyed by the command message that caused it. */
export function customerNotice(t: TicketRow, moment: CustomerMoment, cause: { platform: Platform; messageId: string }, body: OutboundBody): OutboxItem[] {
  const destination = customerDestination(t);
  if (!destination) return [];
  return [{ destination, body, idempotencyKey: `customer:${t.id}:${moment}:${cause.platform}:${cause.messageId}`, ticketId: t.id }];
}
