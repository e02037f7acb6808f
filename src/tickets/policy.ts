// The policy snapshot frozen onto a ticket when it opens (tickets.policy_json): its targets and
// its escalation chain, so editing the config later does not move open tickets' deadlines or
// change their chains. The calendar is looked up live by name (holiday data is fact, not
// policy: declaring next year's holidays should apply to open tickets too); the snapshot keeps
// the calendar's config only as the fallback when that name disappears from the config.
import type { OperatorConfig } from '../config/operator-schema';
import type { CalendarConfig, PolicyConfig } from '../sla/config-schema';
import type { StepConfig } from '../escalation/config-schema';
import { createCalendar, type BusinessCalendar } from '../sla/calendar';
import type { TicketKind } from './state-machine';

export interface FrozenPolicy {
  name: string;
  calendarName: string;
  calendar: CalendarConfig;
  policy: PolicyConfig;
  /** The chains the policy names, by name. */
  chains: Record<string, StepConfig[]>;
}

export function freezePolicy(config: OperatorConfig, name: string): FrozenPolicy {
  const policy = config.policies[name];
  if (!policy) throw new Error(`policy "${name}" is not in the config`);
  const calendar = config.calendars[policy.calendar]!;
  const chains: Record<string, StepConfig[]> = {};
  for (const chain of [policy.complaint.chain, policy.visit.chain]) chains[chain] = config.escalation.chains[chain] ?? [];
  return { name, calendarName: policy.calendar, calendar, policy, chains };
}

export function chainOf(frozen: FrozenPolicy, kind: TicketKind): { name: string; steps: StepConfig[] } {
  const name = frozen.policy[kind].chain;
  return { name, steps: frozen.chains[name] ?? [] };
}

export function calendarOf(frozen: FrozenPolicy, live: ReadonlyMap<string, BusinessCalendar>): BusinessCalendar {
  return live.get(frozen.calendarName) ?? createCalendar(frozen.calendarName, frozen.calendar);
}
