// Timer rows: one per planned escalation step (timer_key from the contract, so planning the same
// step twice is one row) and one 'breach' timer per deadline.
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { TimerEntity, type TimerRow } from '../db/entities/timer.entity';
import type { StepTimer } from './step';
import type { DeadlineName } from './config-schema';

export interface BreachTimerData {
  deadline: DeadlineName;
  dueAt: number;
}

export function stepTimerKey(ticketId: number, t: StepTimer): string {
  return `esc:${ticketId}:${t.chain}:${t.stepIndex}:${t.deadline}:${t.deadlineDueAt}:${t.repeat}`;
}

export function breachTimerKey(ticketId: number, deadline: DeadlineName, dueAt: number): string {
  return `breach:${ticketId}:${deadline}:${dueAt}`;
}

export interface NewTimer {
  key: string;
  ticketId: number | null;
  kind: 'step' | 'breach';
  dueAt: number;
  data: StepTimer | BreachTimerData;
}

export async function insertTimers(em: EntityManager, timers: NewTimer[], now: number): Promise<void> {
  for (const t of timers) {
    const values = {
      timerKey: t.key,
      ticketId: t.ticketId,
      kind: t.kind,
      dueAt: t.dueAt,
      status: 'pending',
      attempts: 0,
      claimedBy: null,
      claimedUntil: null,
      firedAt: null,
      data: t.data,
      createdAt: now,
    } as QueryDeepPartialEntity<TimerRow>;
    await em.createQueryBuilder().insert().into(TimerEntity).values(values).orIgnore().updateEntity(false).execute();
  }
}
