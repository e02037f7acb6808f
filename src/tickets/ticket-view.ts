// The API's view of a ticket: every stored field, grouped, instants as ISO strings, ids as strings.
import type { TicketRow } from '../db/entities/ticket.entity';
import type { TicketEventRow } from '../db/entities/ticket-event.entity';
import type { TicketDeadlineRow } from '../db/entities/ticket-deadline.entity';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function ticketToApi(t: TicketRow, staffName?: (id: string) => string | undefined, deadlines: TicketDeadlineRow[] = []) {
  return {
    code: t.code,
    kind: t.kind,
    status: t.status,
    statusBeforePause: t.statusBeforePause,
    complaintLevel: t.complaintLevel,
    visitType: t.visitType,
    vip: t.vip,
    summary: t.summary,
    description: t.description,
    product: t.product,
    customer: { name: t.customerName, phone: t.customerPhone, ref: t.customerRef },
    contact: { name: t.contactName, phone: t.contactPhone },
    address: t.address,
    region: t.region,
    appointment: t.appointmentDate ? { date: t.appointmentDate, start: t.appointmentStart, end: t.appointmentEnd, at: iso(t.appointmentAt) } : null,
    assignee: t.assigneeId ? { id: t.assigneeId, name: staffName?.(t.assigneeId) ?? null } : null,
    policy: { name: t.policyName, frozen: t.policy },
    source: {
      platform: t.sourcePlatform,
      conversationId: t.sourceConversationId,
      conversationType: t.sourceConversationType,
      conversationTitle: t.sourceConversationTitle,
      messageId: t.sourceMessageId,
      senderId: t.sourceSenderId,
    },
    pausedAt: iso(t.pausedAt),
    pausedMs: t.pausedMs,
    report: t.report,
    satisfaction: t.satisfaction,
    satisfactionNote: t.satisfactionNote,
    caseWriteup: t.caseWriteup,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    version: t.version,
    deadlines: deadlines.map((d) => ({ name: d.name, dueAt: iso(d.dueAt), metAt: iso(d.metAt), breachedAt: iso(d.breachedAt) })),
  };
}

export function eventToApi(e: TicketEventRow) {
  return {
    id: e.id,
    at: new Date(e.at).toISOString(),
    action: e.action,
    actor: { type: e.actorType, id: e.actorId },
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    message: e.messageId ? { platform: e.messagePlatform, id: e.messageId } : null,
    note: e.note,
    data: e.data,
  };
}
