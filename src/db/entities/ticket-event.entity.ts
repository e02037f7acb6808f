import { EntitySchema } from 'typeorm';
import { bigintNumber, jsonText } from '../column-types';

export type ActorType = 'staff' | 'customer' | 'system' | 'operator';

/** Append-only: rows are inserted, never updated or deleted. */
export interface TicketEventRow {
  id: number;
  ticketId: number;
  at: number;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  messagePlatform: string | null;
  messageId: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export const TicketEventEntity = new EntitySchema<TicketEventRow>({
  name: 'TicketEvent',
  tableName: 'ticket_events',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    ticketId: { name: 'ticket_id', type: 'integer' },
    at: { type: 'bigint', transformer: bigintNumber },
    actorType: { name: 'actor_type', type: 'varchar', length: 16 },
    actorId: { name: 'actor_id', type: 'varchar', length: 160, nullable: true },
    action: { type: 'varchar', length: 32 },
    fromStatus: { name: 'from_status', type: 'varchar', length: 24, nullable: true },
    toStatus: { name: 'to_status', type: 'varchar', length: 24, nullable: true },
    messagePlatform: { name: 'message_platform', type: 'varchar', length: 16, nullable: true },
    messageId: { name: 'message_id', type: 'varchar', length: 160, nullable: true },
    note: { type: 'text', nullable: true },
    data: { type: 'text', nullable: true, transformer: jsonText },
  },
});
