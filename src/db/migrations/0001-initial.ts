import { Table, TableIndex, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longTextType, type Dialect } from '../column-types';
import { id, ms, str } from './columns';

export class Initial1764806400000 implements MigrationInterface {
  name = 'Initial1764806400000';

  async up(q: QueryRunner): Promise<void> {
    const dialect: Dialect = q.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
    await q.createTable(
      new Table({
        name: 'tickets',
        columns: [
          id,
          str('code', 32),
          str('kind', 16, false),
          str('status', 24, false),
          str('status_before_pause', 24),
          { name: 'complaint_level', type: 'integer', isNullable: true },
          str('visit_type', 16),
          { name: 'vip', type: 'boolean', default: false },
          str('summary', 500, false),
          { name: 'description', type: 'text' },
          str('product', 64),
          str('customer_name', 100),
          str('customer_phone', 32),
          str('customer_ref', 160),
          str('contact_name', 100),
          str('contact_phone', 32),
          str('address', 500),
          str('region', 64),
          str('appointment_date', 10),
          str('appointment_start', 5),
          str('appointment_end', 5),
          ms('appointment_at', true),
          str('assignee_id', 64),
          str('policy_name', 64, false),
          { name: 'policy_json', type: 'text' },
          str('source_platform', 16, false),
          str('source_conversation_id', 160),
          str('source_conversation_type', 8),
          str('source_conversation_title', 200),
          str('source_message_id', 160),
          str('source_sender_id', 160),
          ms('paused_at', true),
          { name: 'paused_ms', type: 'bigint', default: 0 },
          { name: 'report', type: 'text', isNullable: true },
          { name: 'satisfaction', type: 'integer', isNullable: true },
          str('satisfaction_note', 500),
          { name: 'case_writeup', type: 'text', isNullable: true },
          ms('created_at'),
          ms('updated_at'),
          ms('resolved_at', true),
          ms('closed_at', true),
          { name: 'version', type: 'integer', default: 1 },
        ],
        uniques: [{ name: 'uq_tickets_code', columnNames: ['code'] }],
        indices: [
          new TableIndex({ name: 'ix_tickets_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'ix_tickets_status', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'ix_tickets_kind', columnNames: ['kind', 'created_at'] }),
          new TableIndex({ name: 'ix_tickets_assignee', columnNames: ['assignee_id', 'status'] }),
          new TableIndex({ name: 'ix_tickets_customer_phone', columnNames: ['customer_phone'] }),
          new TableIndex({ name: 'ix_tickets_customer_ref', columnNames: ['customer_ref'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ticket_events',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          ms('at'),
          str('actor_type', 16, false),
          str('actor_id', 160),
          str('action', 32, false),
          str('from_status', 24),
          str('to_status', 24),
          str('message_platform', 16),
          str('message_id', 160),
          { name: 'note', type: 'text', isNullable: true },
          { name: 'data', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_ticket_events_ticket', columnNames: ['ticket_id', 'id'] })],
        foreignKeys: [new TableForeignKey({ name: 'fk_ticket_events_ticket', columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inbound_messages',
        columns: [
          id,
          str('platform', 16, false),
          str('platform_message_id', 160, false),
          ms('received_at'),
          str('conversation_id', 160),
          str('sender_id', 160),
          str('status', 16, false),
          { name: 'attempts', type: 'integer', default: 0 },
          str('claimed_by', 80),
          ms('claimed_until', true),
          ms('processed_at', true),
          { name: 'error', type: 'text', isNullable: true },
          { name: 'payload', type: longTextType(dialect) },
        ],
        uniques: [{ name: 'uq_inbound_platform_message', columnNames: ['platform', 'platform_message_id'] }],
        indices: [new TableIndex({ name: 'ix_inbound_status', columnNames: ['status', 'claimed_until'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inbound_messages');
    await q.dropTable('ticket_events');
    await q.dropTable('tickets');
  }
}
