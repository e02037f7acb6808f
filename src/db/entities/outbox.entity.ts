import { EntitySchema } from 'typeorm';
import { bigintNumber, jsonText } from '../column-types';

export type OutboxStatus = 'pending' | 'sent' | 'dead';

/** One message to leave the process; unique by idempotency key so enqueueing twice is one row. */
export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  platform: string;
  destinationKey: string;
  /** The Destination as JSON. */
  destination: unknown;
  /** The OutboundBody as JSON (an image's bytes as base64). */
  body: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  claimedBy: string | null;
  claimedUntil: number | null;
  lastError: string | null;
  ticketId: number | null;
  platformMessageId: string | null;
  createdAt: number;
  sentAt: number | null;
}

const ms = { type: 'bigint', transformer: bigintNumber } as const;

export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'Outbox',
  tableName: 'outbox',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 191 },
    platform: { type: 'varchar', length: 16 },
    destinationKey: { name: 'destination_key', type: 'varchar', length: 191 },
    destination: { type: 'text', transformer: jsonText },
    body: { type: 'text', transformer: jsonText },
    status: { type: 'varchar', length: 16 },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { name: 'next_attempt_at', ...ms },
    claimedBy: { name: 'claimed_by', type: 'varchar', length: 80, nullable: true },
    claimedUntil: { name: 'claimed_until', ...ms, nullable: true },
    lastError: { name: 'last_error', type: 'text', nullable: true },
    ticketId: { name: 'ticket_id', type: 'integer', nullable: true },
    platformMessageId: { name: 'platform_message_id', type: 'varchar', length: 160, nullable: true },
    createdAt: { name: 'created_at', ...ms },
    sentAt: { name: 'sent_at', ...ms, nullable: true },
  },
  uniques: [{ name: 'uq_outbox_key', columns: ['idempotencyKey'] }],
});
