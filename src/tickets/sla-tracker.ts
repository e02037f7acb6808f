// SLA persistence for one ticket: ticket_deadlines rows (due, met, breached) and the timers
// planned from the ticket's frozen chain. Every function joins the caller's transaction, so a
// command's status change, its deadlines and its timers commit together.
//
// A deadline that moves (booking, pause / resume) gets new timers keyed by the new due time;
// the old ones are left in place and turn stale when they come due (runStep compares the
// deadline's current due time), which is what makes a moved deadline safe without deleting rows.
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { In, IsNull } from 'typeorm';
import type { BusinessCalendar } from '../sla/calendar';
import { shiftForPause } from '../sla/deadlines';
import { planSteps, type StepTimer } from '../escalation/step';
import { TimerEntity } from '../db/entities/timer.entity';
import type { DeadlineName } from '../escalation/config-schema';
import { breachTimerKey, insertTimers, stepTimerKey, type NewTimer } from '../escalation/timer-store';
import { TicketDeadlineEntity, type TicketDeadlineRow } from '../db/entities/ticket-deadline.entity';
import type { TicketRow } from '../db/entities/ticket.entity';
import { chainOf, type FrozenPolicy } from './policy';

export const DEADLINE_LABELS: Readonly<Record<DeadlineName, string>> = {
  first_response: '首次响应',
  resolution: '解决',
  dispatch: '派工',
  contact: '联系客户',
  arrival: '上门到达',
  report: '服务报告',
  follow_up: '回访',
};

/** Level-3 complaints never wait for working hours. */
export function isUrgent(ticket: Pick<TicketRow, 'kind' | 'complaintLevel'>): boolean {
  return ticket.kind === 'complaint' && ticket.complaintLevel === 3;
}

export function planTimers(ticket: TicketRow, frozen: FrozenPolicy, calendar: BusinessCalendar, name: DeadlineName, dueAt: number): NewTimer[] {
  const chain = chainOf(frozen, ticket.kind);
  const steps = planSteps(chain.name, chain.steps, name, dueAt, { urgent: isUrgent(ticket), calendar });
  return [
    ...steps.map((t): NewTimer => ({ key: stepTimerKey(ticket.id, t), ticketId: ticket.id, kind: 'step', dueAt: t.dueAt, data: t })),
    { key: breachTimerKey(ticket.id, name, dueAt), ticketId: ticket.id, kind: 'breach', dueAt, data: { deadline: name, dueAt } },
  ];
}

export async function listDeadlines(em: EntityManager, ticketId: number): Promise<TicketDeadlineRow[]> {
  return em.getRepository(TicketDeadlineEntity).find({ where: { ticketId }, order: { dueAt: 'ASC' } });
}

/**
 * Sets (or moves) deadlines and plans their timers. A deadline already met keeps its row
 * untouched unless `reopen` is given (a re-booking makes arrival due again).
 */
export async function setDeadlines(
  em: EntityManager,
  ticket: TicketRow,
  frozen: FrozenPolicy,
  calendar: BusinessCalendar,
  due: Partial<Record<DeadlineName, number>>,
  now: number,
  opts: { reopen?: boolean; metAt?: Partial<Record<DeadlineName, number>> } = {},
): Promise<void> {
  const repo = em.getRepository(TicketDeadlineEntity);
  const timers: NewTimer[] = [];
  for (const [name, dueAt] of Object.entries(due) as [DeadlineName, number][]) {
    const existing = await repo.findOneBy({ ticketId: ticket.id, name });
    const metAt = opts.metAt?.[name] ?? null;
    if (!existing) {
      await repo.insert({ ticketId: ticket.id, name, dueAt, metAt, breachedAt: null, createdAt: now, updatedAt: now } as QueryDeepPartialEntity<TicketDeadlineRow>);
    } else {
      if (existing.metAt !== null && !opts.reopen && metAt === null) continue;
      if (existing.dueAt === dueAt && existing.metAt === metAt) continue;
      await repo.update({ id: existing.id }, { dueAt, metAt, breachedAt: dueAt > now ? null : existing.breachedAt, updatedAt: now });
    }
    if (metAt === null) timers.push(...planTimers(ticket, frozen, calendar, name, dueAt));
  }
  await insertTimers(em, timers, now);
}

/** Marks deadlines met (the first time only). Returns the names that were newly met. */
export async function meetDeadlines(em: EntityManager, ticketId: number, names: DeadlineName[], at: number): Promise<DeadlineName[]> {
  if (!names.length) return [];
  const repo = em.getRepository(TicketDeadlineEntity);
  const open = await repo.find({ where: { ticketId, name: In(names), metAt: IsNull() } });
  if (!open.length) return [];
  await repo.update({ id: In(open.map((d) => d.id)) }, { metAt: at, updatedAt: at });
  return open.map((d) => d.name);
}

/**
 * After a pause: every deadline neither met nor already breached moves later by the working
 * time that passed while paused, and gets new timers.
 */
export async function shiftAfterPause(em: EntityManager, ticket: TicketRow, frozen: FrozenPolicy, calendar: BusinessCalendar, pausedFrom: number, resumedAt: number): Promise<Partial<Record<DeadlineName, number>>> {
  const moved: Partial<Record<DeadlineName, number>> = {};
  for (const d of await listDeadlines(em, ticket.id)) {
    if (d.metAt !== null || d.breachedAt !== null) continue;
    const dueAt = shiftForPause(d.dueAt, pausedFrom, resumedAt, calendar);
    if (dueAt !== d.dueAt) moved[d.name] = dueAt;
  }
  await setDeadlines(em, ticket, frozen, calendar, moved, resumedAt);
  return moved;
}

/**
 * A complaint raised to level 3 stops waiting for working hours: its pending reminders that
 * were deferred to the next working instant come forward to their undeferred time.
 */
export async function urgentReplan(em: EntityManager, ticket: TicketRow, frozen: FrozenPolicy, now: number): Promise<void> {
  const chain = chainOf(frozen, ticket.kind);
  const repo = em.getRepository(TimerEntity);
  const pending = await repo.find({ where: { ticketId: ticket.id, status: 'pending', kind: 'step' } });
  for (const row of pending) {
    const t = row.data as StepTimer;
    const step = chain.steps[t.stepIndex];
    if (!step || t.repeat > 0) continue;
    const due = Math.max(now, t.deadlineDueAt + step.offset);
    if (due < row.dueAt) await repo.update({ id: row.id }, { dueAt: due, data: { ...t, dueAt: due } });
  }
}
