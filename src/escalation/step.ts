// The escalation step function (Grafana OnCall style). The chain is frozen onto the ticket with its
// policy; each step hanging on a deadline becomes one timer; when a timer is due, runStep says
// whether it still applies and, if so, whom to notify and when its repeat is due. Stale timers
// (the deadline moved or was met, the ticket finished, someone acted) are dropped, never fired.
import type { BusinessCalendar } from '../sla/calendar';
import type { TicketStatus } from '../tickets/state-machine';
import type { DeadlineName, StepConfig, Target } from './config-schema';

export interface StepTimer {
  chain: string;
  stepIndex: number;
  deadline: DeadlineName;
  deadlineDueAt: number;
  /** 0 for the first fire, then 1, 2, … for each repeat. */
  repeat: number;
  dueAt: number;
  /** On repeats (repeat > 0): when the previous fire ran; a staff action after it stops the chain. */
  firedAt?: number;
}

export interface StepOptions {
  /** Level-3 complaints: nothing waits for working hours. */
  urgent: boolean;
  calendar: BusinessCalendar;
}

/**
 * Statuses in which a deadline's steps still fire. Work deadlines stop at resolve (and while
 * paused, waiting on the customer); the follow-up call (回访) only exists after resolve, so its
 * steps fire while the ticket is resolved and stop at close, cancel or re-open.
 */
const LIVE_FOR_WORK: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['open', 'assigned', 'in_progress', 'scheduled', 'on_site']);
const LIVE_FOR_FOLLOW_UP: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['resolved']);

function isUrgent(step: StepConfig, opts: StepOptions, complaintLevel: number | null = null): boolean {
  return opts.urgent || step.urgent || complaintLevel === 3;
}

function whenDue(at: number, urgent: boolean, calendar: BusinessCalendar): number {
  return urgent ? at : calendar.nextWorkingTime(at);
}

/**
 * One timer per step of the chain hanging on `deadline`: dueAt = deadlineDueAt + offset, and a
 * non-urgent step falling outside working hours waits for the next working instant.
 */
export function planSteps(chainName: string, chain: StepConfig[], deadline: DeadlineName, deadlineDueAt: number, opts: StepOptions): StepTimer[] {
  const timers: StepTimer[] = [];
  chain.forEach((step, stepIndex) => {
    if (step.deadline !== deadline) return;
    const dueAt = whenDue(deadlineDueAt + step.offset, isUrgent(step, opts), opts.calendar);
    timers.push({ chain: chainName, stepIndex, deadline, deadlineDueAt, repeat: 0, dueAt });
  });
  return timers;
}

export interface StepSubject {
  status: TicketStatus;
  assigneeId: string | null;
  complaintLevel: number | null;
  deadlines: Partial<Record<DeadlineName, { dueAt: number; metAt: number | null }>>;
  lastStaffActionAt: number | null;
}

export type StepOutcome =
  | { kind: 'stale'; reason: string }
  | {
      kind: 'fire';
      notify: Target;
      deadline: DeadlineName;
      /** now − deadline: negative for a reminder before the deadline. */
      overdueMs: number;
      /** The repeat, if the step repeats. */
      next: StepTimer | null;
    };

/**
 * Decide a due timer. `step` is chain[timer.stepIndex] of the ticket's frozen policy. A step
 * addressed to the assignee of a ticket nobody owns goes to the dispatcher instead.
 */
export function runStep(timer: StepTimer, step: StepConfig, subject: StepSubject, now: number, opts: StepOptions): StepOutcome {
  const live = timer.deadline === 'follow_up' ? LIVE_FOR_FOLLOW_UP : LIVE_FOR_WORK;
  if (!live.has(subject.status)) return { kind: 'stale', reason: `ticket is ${subject.status}` };
  if (step.deadline !== timer.deadline) return { kind: 'stale', reason: `step ${timer.stepIndex} of chain ${timer.chain} no longer hangs on ${timer.deadline}` };
  const d = subject.deadlines[timer.deadline];
  if (!d) return { kind: 'stale', reason: `ticket has no ${timer.deadline} deadline` };
  if (d.metAt !== null) return { kind: 'stale', reason: `${timer.deadline} was met` };
  if (d.dueAt !== timer.deadlineDueAt) return { kind: 'stale', reason: `${timer.deadline} moved (timer planned for ${timer.deadlineDueAt}, now ${d.dueAt})` };
  if (timer.repeat > 0) {
    // Without firedAt (a timer written by hand) the scheduled time of the previous fire stands in.
    const previousFire = timer.firedAt ?? timer.dueAt - (step.repeat ?? 0);
    if (subject.lastStaffActionAt !== null && subject.lastStaffActionAt > previousFire) {
      return { kind: 'stale', reason: 'someone acted on the ticket since the last reminder' };
    }
  }

  // A repeat runs until someone acts (or maxRepeats, where the operator caps the nagging), and
  // waits for working hours like the step itself: level 3 never waits.
  const urgent = isUrgent(step, opts, subject.complaintLevel);
  const more = step.repeat && step.repeat > 0 && (step.maxRepeats === undefined || timer.repeat < step.maxRepeats);
  const next: StepTimer | null = more
    ? { ...timer, repeat: timer.repeat + 1, dueAt: whenDue(now + step.repeat!, urgent, opts.calendar), firedAt: now }
    : null;
  const notify: Target = step.notify === 'assignee' && subject.assigneeId === null ? 'dispatcher' : step.notify;
  return { kind: 'fire', notify, deadline: timer.deadline, overdueMs: now - timer.deadlineDueAt, next };
}
