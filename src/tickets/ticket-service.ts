// Tickets from messages: a complaint or visit request opens a ticket with everything the
// parser found (or adds to the same customer's open ticket), answers in the same conversation
// with the card, and plans the SLA. Customers asking about status see their own tickets only.
import type { EntityManager } from 'typeorm';
import { In, MoreThanOrEqual } from 'typeorm';
import type { InboundMessage } from '../channels/channel';
import type { ParsedMessage } from '../intake/types';
import { toLabelled } from '../intake/parser';
import { TicketEntity, type TicketRow } from '../db/entities/ticket.entity';
import { openingDeadlines } from '../sla/deadlines';
import { chinaTime } from '../sla/china-time';
import type { OutboxItem } from '../outbox/outbox-store';
import { UNFINISHED_STATUSES, type TicketKind } from './state-machine';
import type { Actor, NewTicket } from './ticket-store';
import { chooseAssignee } from './assignment';
import { freezePolicy, calendarOf } from './policy';
import { listDeadlines, meetDeadlines, setDeadlines } from './sla-tracker';
import { customerCard, staffCard, statusLine, text } from './cards';
import { levelNotices, ticketGroup } from './notices';
import { replyTo, type ChaseDeps, type Sender } from './chase-context';

export function actorOf(message: InboundMessage, sender: Sender): Actor {
  return {
    type: sender.staff ? 'staff' : sender.customer ? 'customer' : 'staff',
    id: sender.staff?.id ?? (sender.customer ? sender.customerRef : `${message.platform}:${message.sender.id}`),
    messagePlatform: message.platform,
    messageId: message.messageId,
  };
}

/** The booked instant: the start, or the end of an "X点前" window; a bare date books no instant. */
export function appointmentInstant(a: ParsedMessage['appointment']): number | null {
  if (!a) return null;
  const hhmm = a.start ?? a.end;
  if (!hhmm) return null;
  const [y, m, d] = a.date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  return chinaTime(y, m, d, h, mi);
}

/**
 * What the parser or a platform hands over, cut to its column: MySQL refuses a longer value (the
 * message would fail and never become a ticket) where SQLite would store it. The full text stays in
 * the description and the create event.
 */
function fit<T extends string | null | undefined>(value: T, max: number): T {
  return (typeof value === 'string' && value.length > max ? value.slice(0, max) : value) as T;
}

export interface TicketService {
  /** A complaint or visit request: open a ticket, or add to the customer's open one. */
  intake(message: InboundMessage, sender: Sender, parsed: ParsedMessage): Promise<void>;
  /** The tickets a customer may see: theirs by platform id, or by the phone the config gives them. */
  customerTickets(message: InboundMessage, sender: Sender, opts?: { unfinishedOnly?: boolean }): Promise<TicketRow[]>;
  /** A status question from a customer: their tickets only. */
  answerCustomerStatus(message: InboundMessage, sender: Sender, askedCode: string | null): Promise<void>;
  /**
   * A customer's score for the survey sent with 完成: recorded on their latest finished ticket
   * still without one (the follow-up is done). False when no ticket awaits a score.
   */
  answerSurvey(message: InboundMessage, sender: Sender, answer: { score: number; note: string | null }): Promise<boolean>;
  /** Staff free text quoting a card: a reply on that ticket (counts as the first response). */
  addStaffNote(message: InboundMessage, sender: Sender, ticket: TicketRow): Promise<void>;
}

export function createTicketService(deps: ChaseDeps): TicketService {
  const { db, clock, config, directory: dir, tickets } = deps;
  const repo = () => db.ds.getRepository(TicketEntity);

  function customerIdentity(message: InboundMessage, sender: Sender, parsed: ParsedMessage | null) {
    const known = dir.knownCustomer({ phone: parsed?.phone ?? null, platform: message.platform, senderId: sender.customer ? message.sender.id : null });
    // A phone a customer merely types is not proof of who they are; the config's is.
    const trustedPhone = sender.customer ? (known?.phone ?? null) : (parsed?.phone ?? known?.phone ?? null);
    return { known, trustedPhone, ref: sender.customerRef };
  }

  async function findOpen(kind: TicketKind, ref: string | null, phone: string | null): Promise<TicketRow | null> {
    const where = [...(ref ? [{ customerRef: ref, kind, status: In([...UNFINISHED_STATUSES]) }] : []), ...(phone ? [{ customerPhone: phone, kind, status: In([...UNFINISHED_STATUSES]) }] : [])];
    if (!where.length) return null;
    return repo().findOne({ where, order: { id: 'DESC' } });
  }

  async function complaintsSince(ref: string | null, phone: string | null, since: number): Promise<number> {
    const where = [...(ref ? [{ customerRef: ref, kind: 'complaint' as const, createdAt: MoreThanOrEqual(since) }] : []), ...(phone ? [{ customerPhone: phone, kind: 'complaint' as const, createdAt: MoreThanOrEqual(since) }] : [])];
    if (!where.length) return 0;
    return repo().count({ where });
  }

  function regionOf(address: string | null, message: InboundMessage, knownRegion: string | undefined): string | null {
    if (knownRegion) return knownRegion;
    if (address) {
      const hit = dir.regions().find((r) => address.includes(r));
      if (hit) return hit;
    }
    return dir.conversationByChat(message.platform, message.conversation.id)?.region ?? null;
  }

  async function addTo(existing: TicketRow, message: InboundMessage, sender: Sender, parsed: ParsedMessage): Promise<void> {
    const actor = actorOf(message, sender);
    const patch: Partial<TicketRow> = { description: `${existing.description}\n—— ${message.text}`.slice(-60_000) };
    if (!existing.address && parsed.address) patch.address = fit(parsed.address, 500);
    if (!existing.contactName && parsed.contactName) patch.contactName = fit(parsed.contactName, 100);
    if (!existing.contactPhone && parsed.phone) patch.contactPhone = parsed.phone;
    const raised = existing.kind === 'complaint' && parsed.intent === 'complaint' && (parsed.complaintLevel ?? 1) > (existing.complaintLevel ?? 1);
    if (raised) patch.complaintLevel = parsed.complaintLevel;
    await tickets.update(existing.code!, 'note', actor, patch, {
      note: message.text,
      data: { parsed: toLabelled(parsed), ...(raised ? { levelFrom: existing.complaintLevel, levelTo: parsed.complaintLevel } : {}) },
      within: async (em, t) => {
        const items: OutboxItem[] = [];
        const body = sender.customer
          ? text(`已补充到您的工单 #${t.code}`, `我们已记录：${parsed.summary}`, `负责人：${t.assigneeId ? (dir.staff(t.assigneeId)?.name ?? '客服') : '客服'}，会尽快与您联系。`)
          : staffCard(t, await listDeadlines(em, t.id), dir, message.platform, '已补充到工单');
        items.push(replyTo(message, body, t.id));
        if (raised) items.push(...levelNotices(dir, t, 'raised'));
        if (sender.customer) {
          const group = ticketGroup(dir, t);
          if (group) items.push({ destination: group, body: staffCard(t, await listDeadlines(em, t.id), dir, group.platform, '客户补充'), idempotencyKey: `card:${message.platform}:${message.messageId}`, ticketId: t.id });
        }
        await deps.outbox.enqueueAll(items, em);
      },
    });
  }

  async function open(message: InboundMessage, sender: Sender, parsed: ParsedMessage): Promise<void> {
    const now = clock.now().getTime();
    const kind: TicketKind = parsed.intent === 'complaint' ? 'complaint' : 'visit';
    const { known, trustedPhone, ref } = customerIdentity(message, sender, parsed);
    let level = kind === 'complaint' ? (parsed.complaintLevel ?? 1) : null;
    let repeat = false;
    if (kind === 'complaint' && level !== null && level < 2 && (await complaintsSince(ref, trustedPhone, now - config.repeatComplaintWindow)) > 0) {
      level = 2;
      repeat = true;
    }
    const vip = known?.vip ?? false;
    const policyName = vip && config.vipPolicy ? config.vipPolicy : config.defaultPolicy;
    const frozen = freezePolicy(config, policyName);
    const calendar = calendarOf(frozen, deps.calendars);
    const region = regionOf(parsed.address, message, known?.region);
    const product = parsed.product?.id ?? null;
    const productSkill = product ? config.products.find((p) => p.id === product)?.skill : undefined;
    const assignment = await db.transaction((em: EntityManager) =>
      chooseAssignee(em, db.dialect, config, { kind, region, product, skills: [...(parsed.visitType ? [parsed.visitType] : []), ...(productSkill ? [productSkill] : [])] }, now),
    );
    const appointmentAt = kind === 'visit' ? appointmentInstant(parsed.appointment) : null;
    const draft: NewTicket = {
      kind,
      complaintLevel: level,
      visitType: parsed.visitType,
      vip,
      summary: (parsed.summary || message.text).slice(0, 500),
      description: message.text.slice(0, 60_000),
      product,
      customerName: fit(known?.name ?? parsed.contactName, 100),
      customerPhone: trustedPhone ?? parsed.phone,
      customerRef: ref,
      contactName: fit(parsed.contactName, 100),
      contactPhone: parsed.phone,
      address: fit(parsed.address, 500),
      region,
      appointmentDate: parsed.appointment?.date ?? null,
      appointmentStart: parsed.appointment?.start ?? null,
      appointmentEnd: parsed.appointment?.end ?? null,
      appointmentAt,
      assigneeId: assignment.staffId,
      policyName,
      policy: frozen,
      sourcePlatform: message.platform,
      sourceConversationId: message.conversation.id,
      sourceConversationType: message.conversation.type,
      sourceConversationTitle: fit(message.conversation.title ?? null, 200),
      sourceMessageId: message.messageId,
      sourceSenderId: message.sender.id,
      status: 'open',
    };
    await tickets.create(draft, actorOf(message, sender), {
      note: message.text,
      data: { parsed: toLabelled(parsed), cues: parsed.cues, assignmentRule: assignment.rule, ...(repeat ? { repeatComplaint: true } : {}), policy: policyName },
      within: async (em, t) => {
        const due = openingDeadlines({ kind, complaintLevel: level as 1 | 2 | 3 | null, openedAt: now, appointmentAt, policy: frozen.policy, calendar });
        await setDeadlines(em, t, frozen, calendar, due, now);
        const deadlines = await listDeadlines(em, t.id);
        const items: OutboxItem[] = [];
        if (sender.customer) {
          items.push(replyTo(message, customerCard(t, deadlines, dir), t.id));
          // Staff must see what a customer opened: the card goes to the intake group too.
          const group = ticketGroup(dir, t);
          if (group) items.push({ destination: group, body: staffCard(t, deadlines, dir, group.platform, '客户新工单'), idempotencyKey: `card:${message.platform}:${message.messageId}`, ticketId: t.id });
        } else {
          items.push(replyTo(message, staffCard(t, deadlines, dir, message.platform), t.id));
        }
        items.push(...levelNotices(dir, t, 'created', repeat ? [`（${Math.round(config.repeatComplaintWindow / 86_400_000)} 天内再次投诉，按二级处理）`] : []));
        await deps.outbox.enqueueAll(items, em);
      },
    });
  }

  return {
    async intake(message, sender, parsed) {
      const kind: TicketKind = parsed.intent === 'complaint' ? 'complaint' : 'visit';
      const { trustedPhone, ref } = customerIdentity(message, sender, parsed);
      const existing = await findOpen(kind, ref, trustedPhone);
      if (existing) return addTo(existing, message, sender, parsed);
      return open(message, sender, parsed);
    },

    async customerTickets(message, sender, opts = {}) {
      const { trustedPhone, ref } = customerIdentity(message, sender, null);
      const status = opts.unfinishedOnly ? { status: In([...UNFINISHED_STATUSES]) } : {};
      const where = [...(ref ? [{ customerRef: ref, ...status }] : []), ...(trustedPhone ? [{ customerPhone: trustedPhone, ...status }] : [])];
      if (!where.length) return [];
      return repo().find({ where, order: { id: 'DESC' }, take: 10 });
    },

    async answerCustomerStatus(message, sender, askedCode) {
      const mine = await this.customerTickets(message, sender);
      const lines: string[] = [];
      let title: string;
      if (askedCode && !mine.some((t) => t.code === askedCode)) {
        // Same answer whether the code exists or not: a customer cannot probe other tickets.
        title = `无法查询工单 #${askedCode}`;
        lines.push(`工单 #${askedCode} 不在您的名下，为保护其他客户的信息，不能为您查询。`);
        if (mine.length) lines.push('您名下的工单：', ...mine.map((t) => statusLine(t, dir, true)));
      } else if (askedCode) {
        const t = mine.find((x) => x.code === askedCode)!;
        title = `工单 #${t.code} 的进度`;
        lines.push(statusLine(t, dir, true));
      } else if (mine.length) {
        title = '您的工单进度';
        lines.push(...mine.map((t) => statusLine(t, dir, true)));
      } else {
        title = '没有找到您的工单';
        lines.push('如需报修或投诉，请直接描述问题并留下电话和地址。');
      }
      await deps.outbox.enqueue(replyTo(message, text(title, ...lines)));
    },

    async answerSurvey(message, sender, { score, note }) {
      const waiting = (await this.customerTickets(message, sender)).find((t) => (t.status === 'resolved' || t.status === 'closed') && t.satisfaction === null);
      if (!waiting) return false;
      await tickets.update(waiting.code!, 'follow_up', actorOf(message, sender), { satisfaction: score, satisfactionNote: note }, {
        note: message.text,
        data: { score, by: 'customer' },
        within: async (em, t) => {
          await meetDeadlines(em, t.id, ['follow_up'], clock.now().getTime());
          const items: OutboxItem[] = [replyTo(message, text('感谢您的评价', `工单 #${t.code}：${score} 分${note ? `（${note}）` : ''}`), t.id)];
          // A poor score is something a person should call back about.
          const group = score <= 2 ? ticketGroup(dir, t) : null;
          if (group) items.push({ destination: group, body: text(`客户评价偏低 #${t.code}：${score} 分`, ...(note ? [`客户意见：${note}`] : []), '请尽快回访了解原因。'), idempotencyKey: `card:${message.platform}:${message.messageId}`, ticketId: t.id });
          await deps.outbox.enqueueAll(items, em);
        },
      });
      return true;
    },

    async addStaffNote(message, sender, ticket) {
      await tickets.update(ticket.code!, 'reply', actorOf(message, sender), {}, {
        note: message.text,
        within: async (em, t) => {
          await meetDeadlines(em, t.id, ['first_response'], clock.now().getTime());
          await deps.outbox.enqueue(replyTo(message, text(`已记录到工单 #${t.code}`, `内容：${message.text.slice(0, 200)}`), t.id), em);
        },
      });
    },
  };
}

