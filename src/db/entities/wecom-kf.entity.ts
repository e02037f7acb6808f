import { EntitySchema } from 'typeorm';
import { bigintNumber } from '../column-types';

/** The last committed kf/sync_msg cursor of one Customer Service account. */
export interface WecomKfCursorRow {
  id: number;
  openKfId: string;
  nextCursor: string | null;
  updatedAt: number;
}

export const WecomKfCursorEntity = new EntitySchema<WecomKfCursorRow>({
  name: 'WecomKfCursor',
  tableName: 'wecom_kf_cursors',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    openKfId: { name: 'open_kfid', type: 'varchar', length: 64 },
    nextCursor: { name: 'next_cursor', type: 'varchar', length: 255, nullable: true },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_wecom_kf_cursor_account', columns: ['openKfId'] }],
});

/** A customer's send allowance: WeCom allows 5 messages within 48 h of their last message. */
export interface WecomKfCustomerRow {
  id: number;
  openKfId: string;
  externalUserId: string;
  lastCustomerMsgAt: number | null;
  sendsSinceCustomer: number;
  updatedAt: number;
}

export const WecomKfCustomerEntity = new EntitySchema<WecomKfCustomerRow>({
  name: 'WecomKfCustomer',
  tableName: 'wecom_kf_customers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    openKfId: { name: 'open_kfid', type: 'varchar', length: 64 },
    externalUserId: { name: 'external_userid', type: 'varchar', length: 128 },
    lastCustomerMsgAt: { name: 'last_customer_msg_at', type: 'bigint', nullable: true, transformer: bigintNumber },
    sendsSinceCustomer: { name: 'sends_since_customer', type: 'integer', default: 0 },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_wecom_kf_customer', columns: ['openKfId', 'externalUserId'] }],
});
