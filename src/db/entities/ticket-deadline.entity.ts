import { EntitySchema } from 'typeorm';
import { bigintNumber } from '../column-types';
import type { DeadlineName } from '../../escalation/config-schema';

/** One SLA target of one ticket: when it is due, when it was met, when it was breached. */
export interface TicketDeadlineRow {
  id: number;
  ticketId: number;
  name: DeadlineName;
  dueAt: number;
  metAt: number | null;
  breachedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const ms = { type: 'bigint', transformer: bigintNumber } as const;

export const TicketDeadlineEntity = new EntitySchema<TicketDeadlineRow>({
  name: 'TicketDeadline',
  tableName: 'ticket_deadlines',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    ticketId: { name: 'ticket_id', type: 'integer' },
    name: { type: 'varchar', length: 24 },
    dueAt: { name: 'due_at', ...ms },
    metAt: { name: 'met_at', ...ms, nullable: true },
    breachedAt: { name: 'breached_at', ...ms, nullable: true },
    createdAt: { name: 'created_at', ...ms },
    updatedAt: { name: 'updated_at', ...ms },
  },
  uniques: [{ name: 'uq_deadline_ticket_name', columns: ['ticketId', 'name'] }],
});
