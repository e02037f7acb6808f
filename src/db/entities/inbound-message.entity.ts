import { EntitySchema } from 'typeorm';
import { bigintNumber, jsonText } from '../column-types';

export type InboundStatus = 'pending' | 'done' | 'failed';

/** Every accepted webhook message, recorded before the ack; unique per platform message id. */
export interface InboundMessageRow {
  id: number;
  platform: string;
  platformMessageId: string;
  receivedAt: number;
  conversationId: string | null;
  senderId: string | null;
  status: InboundStatus;
  attempts: number;
  claimedBy: string | null;
  claimedUntil: number | null;
  processedAt: number | null;
  error: string | null;
  payload: unknown;
}

export const InboundMessageEntity = new EntitySchema<InboundMessageRow>({
  name: 'InboundMessage',
  tableName: 'inbound_messages',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    platform: { type: 'varchar', length: 16 },
    platformMessageId: { name: 'platform_message_id', type: 'varchar', length: 160 },
    receivedAt: { name: 'received_at', type: 'bigint', transformer: bigintNumber },
    conversationId: { name: 'conversation_id', type: 'varchar', length: 160, nullable: true },
    senderId: { name: 'sender_id', type: 'varchar', length: 160, nullable: true },
    status: { type: 'varchar', length: 16 },
    attempts: { type: 'integer', default: 0 },
    claimedBy: { name: 'claimed_by', type: 'varchar', length: 80, nullable: true },
    claimedUntil: { name: 'claimed_until', type: 'bigint', nullable: true, transformer: bigintNumber },
    processedAt: { name: 'processed_at', type: 'bigint', nullable: true, transformer: bigintNumber },
    error: { type: 'text', nullable: true },
    payload: { type: 'text', transformer: jsonText },
  },
  uniques: [{ name: 'uq_inbound_platform_message', columns: ['platform', 'platformMessageId'] }],
});
