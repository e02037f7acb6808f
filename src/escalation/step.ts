// The escalation step function: a frozen chain, one timer per step, and what to do when it is due.
import type { BusinessCalendar } from '../sla/calendar';
import type { TicketStatus } from '../tickets/state-machine';
import type { DeadlineName, StepConfig, Target } from './config-schema';

export interface StepTimer {
  chain: string;
  stepIndex: number;
  deadline: DeadlineName;
  deadlineDueAt: number;
  repeat: number;
  dueAt: number;
  /** On repeats (repeat > 0): when the previous fire ran; a staff action after it stops the chain. */
  firedAt?: number;
}

export interface StepOptions {
  urgent: boolean;
  calendar: BusinessCalendar;
}

export function planSteps(chainName: string, chain: StepConfig[], deadline: DeadlineName, deadlineDueAt: number, opts: StepOptions): StepTimer[] {
  void chainName; void chain; void deadline; void deadlineDueAt; void opts;
  throw new Error('not implemented');
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
  | { kind: 'fire'; notify: Target; deadline: DeadlineName; overdueMs: number; next: StepTimer | null };

export function runStep(timer: StepTimer, step: StepConfig, subject: StepSubject, now: number, opts: StepOptions): StepOutcome {
  void timer; void step; void subject; void now; void opts;
  throw new Error('not implemented');
}
