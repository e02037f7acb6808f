// Deadlines from a frozen policy: instants in, instants out.
//
// Business-time targets (first response, resolution, dispatch, report, a visit with nothing booked)
// count working time on the policy's calendar. Targets tied to a booked time (contact, arrival) and
// the follow-up call count wall-clock time: the customer's appointment does not move because the
// office is closed.
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

/**
 * Deadlines set when a ticket opens. Complaint: first_response and resolution (a complaint with
 * no level yet gets the level-1 target). Visit: dispatch, then contact and arrival from the booked
 * time, or arrival = openedAt + defaultArrival (business time) when nothing is booked.
 */
export function openingDeadlines(ctx: DeadlineContext): Partial<Record<DeadlineName, number>> {
  const { policy, calendar, openedAt } = ctx;
  if (ctx.kind === 'complaint') {
    const level = ctx.complaintLevel ?? 1;
    return {
      first_response: calendar.addWorkingTime(openedAt, policy.complaint.firstResponse),
      resolution: calendar.addWorkingTime(openedAt, policy.complaint.resolution[String(level) as '1' | '2' | '3']),
    };
  }
  return { dispatch: calendar.addWorkingTime(openedAt, policy.visit.dispatch), ...rebookedDeadlines(ctx) };
}

/**
 * After 预约 (a booking or re-booking, ctx.appointmentAt = the new time): contact is due
 * contactBefore ahead of it and arrival arrivalGrace after it, both wall-clock. A booking so close
 * that the contact time has already passed yields a contact deadline before "now": the flow should
 * treat it as due at once (the engineer must still call before coming).
 */
export function rebookedDeadlines(ctx: DeadlineContext): Partial<Record<'contact' | 'arrival', number>> {
  const { visit } = ctx.policy;
  if (ctx.appointmentAt === null) return { arrival: ctx.calendar.addWorkingTime(ctx.openedAt, visit.defaultArrival) };
  return { contact: ctx.appointmentAt - visit.contactBefore, arrival: ctx.appointmentAt + visit.arrivalGrace };
}

/** The service report is due `report` of business time after arrival. */
export function reportDeadline(arrivedAt: number, policy: PolicyConfig, calendar: BusinessCalendar): number {
  return calendar.addWorkingTime(arrivedAt, policy.visit.report);
}

/** Calendar time (回访 within 7 days), not business time. */
export function followUpDeadline(resolvedAt: number, policy: PolicyConfig): number {
  return resolvedAt + policy.visit.followUpWithin;
}

/**
 * An unmet deadline moves later by the working time that passed while paused, i.e. the working
 * time left at the pause is what is left at the resume. Shifting pause by pause equals shifting
 * once by their total (addWorkingTime is exact and composes), so nothing is lost or gained across
 * any number of pause / resume (or resolve / re-open) cycles.
 */
export function shiftForPause(dueAt: number, pausedFrom: number, resumedAt: number, calendar: BusinessCalendar): number {
  const paused = calendar.workingTimeBetween(pausedFrom, resumedAt);
  return paused === 0 ? dueAt : calendar.addWorkingTime(dueAt, paused);
}
