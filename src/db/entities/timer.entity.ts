import { EntitySchema } from 'typeorm';
import { bigintNumber, jsonText } from '../column-types';

export type TimerStatus = 'pending' | 'fired' | 'stale' | 'failed';

/** A moment something must be looked at; unique by key so a step is planned (and fires) once. */
export interface TimerRow {
  id: number;
  timerKey: string;
  ticketId: number | null;
  kind: string;
  dueAt: number;
  status: TimerStatus;
  attempts: number;
  claimedBy: string | null;
  claimedUntil: number | null;
  firedAt: number | null;
  data: unknown;
  createdAt: number;
}

const ms = { type: 'bigint', transformer: bigintNumber } as const;

export const TimerEntity = new EntitySchema<TimerRow>({
  name: 'Timer',
  tableName: 'timers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    timerKey: { name: 'timer_key', type: 'varchar', length: 191 },
    ticketId: { name: 'ticket_id', type: 'integer', nullable: true },
    kind: { type: 'varchar', length: 24 },
    dueAt: { name: 'due_at', ...ms },
    status: { type: 'varchar', length: 16 },
    attempts: { type: 'integer', default: 0 },
    claimedBy: { name: 'claimed_by', type: 'varchar', length: 80, nullable: true },
    claimedUntil: { name: 'claimed_until', ...ms, nullable: true },
    firedAt: { name: 'fired_at', ...ms, nullable: true },
    data: { type: 'text', nullable: true, transformer: jsonText },
    createdAt: { name: 'created_at', ...ms },
  },
  uniques: [{ name: 'uq_timers_key', columns: ['timerKey'] }],
});
