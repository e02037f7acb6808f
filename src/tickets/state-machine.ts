// The ticket lifecycle as one table. Every status change in the product goes through
// nextStatus(); anything not in the table is an IllegalTransitionError.
import { ConflictError } from '../lib/errors';

export const TICKET_KINDS = ['complaint', 'visit'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_STATUSES = ['open', 'assigned', 'in_progress', 'scheduled', 'on_site', 'pending', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the work is still owed to the customer (the SLA clock may run). */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['open', 'assigned', 'in_progress', 'scheduled', 'on_site'];
/** Not finished: active, or paused while waiting on the customer. */
export const UNFINISHED_STATUSES: readonly TicketStatus[] = [...ACTIVE_STATUSES, 'pending'];

export const TICKET_ACTIONS = ['assign', 'claim', 'schedule', 'arrive', 'resolve', 'pause', 'resume', 'close', 'reopen', 'cancel'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

interface Transition {
  from: readonly TicketStatus[];
  /** 'previous' returns to the status held before the pause. */
  to: TicketStatus | 'previous';
  kinds?: readonly TicketKind[];
}

export const TRANSITIONS: Readonly<Record<TicketAction, Transition>> = {
  assign: { from: ['open', 'assigned', 'in_progress', 'scheduled'], to: 'assigned' },
  claim: { from: ['open', 'assigned'], to: 'in_progress' },
  schedule: { from: ['open', 'assigned', 'in_progress', 'scheduled'], to: 'scheduled', kinds: ['visit'] },
  arrive: { from: ['assigned', 'in_progress', 'scheduled'], to: 'on_site', kinds: ['visit'] },
  resolve: { from: ['open', 'assigned', 'in_progress', 'scheduled', 'on_site'], to: 'resolved' },
  pause: { from: ACTIVE_STATUSES, to: 'pending' },
  resume: { from: ['pending'], to: 'previous' },
  close: { from: ['resolved', ...UNFINISHED_STATUSES], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'in_progress' },
  cancel: { from: UNFINISHED_STATUSES, to: 'cancelled' },
};

export class IllegalTransitionError extends ConflictError {
  override readonly code: string = 'illegal_transition';
  constructor(
    readonly action: TicketAction,
    readonly from: TicketStatus,
    readonly kind: TicketKind,
  ) {
    super(`cannot ${action} a ${kind} ticket that is ${from}`, { action, from, kind });
  }
}

export interface TransitionSubject {
  kind: TicketKind;
  status: TicketStatus;
  statusBeforePause: TicketStatus | null;
}

export function nextStatus(ticket: TransitionSubject, action: TicketAction): TicketStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(ticket.status) || (t.kinds && !t.kinds.includes(ticket.kind))) {
    throw new IllegalTransitionError(action, ticket.status, ticket.kind);
  }
  if (t.to !== 'previous') return t.to;
  return ticket.statusBeforePause ?? 'open';
}

export function canApply(ticket: TransitionSubject, action: TicketAction): boolean {
  const t = TRANSITIONS[action];
  return t.from.includes(ticket.status) && (!t.kinds || t.kinds.includes(ticket.kind));
}

/** Chinese labels for chat text. */
export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  open: '待处理',
  assigned: '已指派',
  in_progress: '处理中',
  scheduled: '已预约',
  on_site: '已到场',
  pending: '挂起（等待客户）',
  resolved: '已完成',
  closed: '已关闭',
  cancelled: '已取消',
};

export const KIND_LABELS: Readonly<Record<TicketKind, string>> = { complaint: '投诉', visit: '上门' };
