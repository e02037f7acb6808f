// Deadlines from a frozen policy: instants in, instants out.
import type { DeadlineName } from '../escalation/config-schema';
import type { BusinessCalendar } from './calendar';
import type { PolicyConfig } from './config-schema';

export type { DeadlineName };

export interface DeadlineContext {
  kind: 'complaint' | 'visit';
  complaintLevel: 1 | 2 | 3 | null;
  openedAt: number;
  appointmentAt: number | null;
  policy: PolicyConfig;
  calendar: BusinessCalendar;
}

export function openingDeadlines(ctx: DeadlineContext): Partial<Record<DeadlineName, number>> {
  void ctx;
  throw new Error('not implemented');
}

/** After 预约 (a booking or re-booking): the contact and arrival deadlines. */
export function rebookedDeadlines(ctx: DeadlineContext): Partial<Record<'contact' | 'arrival', number>> {
  void ctx;
  throw new Error('not implemented');
}

export function reportDeadline(arrivedAt: number, policy: PolicyConfig, calendar: BusinessCalendar): number {
  void arrivedAt; void policy; void calendar;
  throw new Error('not implemented');
}

/** Calendar time (回访 within 7 days), not business time. */
export function followUpDeadline(resolvedAt: number, policy: PolicyConfig): number {
  void resolvedAt; void policy;
  throw new Error('not implemented');
}

/** An unmet deadline moves later by the working time that passed while paused. */
export function shiftForPause(dueAt: number, pausedFrom: number, resumedAt: number, calendar: BusinessCalendar): number {
  void dueAt; void pausedFrom; void resumedAt; void calendar;
  throw new Error('not implemented');
}
