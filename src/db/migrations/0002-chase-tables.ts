import { Table, TableIndex, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { longTextType, type Dialect } from '../column-types';
import { id, ms, str, claimColumns } from './columns';

/** Deadlines, timers, outbox and cron runs: the tables the chase and the reports share. */
export class ChaseTables1764806400002 implements MigrationInterface {
  name = 'ChaseTables1764806400002';

  async up(q: QueryRunner): Promise<void> {
    const dialect: Dialect = q.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
    await q.createTable(
      new Table({
        name: 'ticket_deadlines',
        columns: [
          id,
          { name: 'ticket_id', type: 'integer' },
          str('name', 24, false),
          ms('due_at'),
          ms('met_at', true),
          ms('breached_at', true),
          ms('created_at'),
          ms('updated_at'),
        ],
        uniques: [{ name: 'uq_deadline_ticket_name', columnNames: ['ticket_id', 'name'] }],
        indices: [new TableIndex({ name: 'ix_deadlines_name_due', columnNames: ['name', 'due_at'] })],
        foreignKeys: [new TableForeignKey({ name: 'fk_deadlines_ticket', columnNames: ['ticket_id'], referencedTableName: 'tickets', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'timers',
        columns: [
          id,
          str('timer_key', 191, false),
          { name: 'ticket_id', type: 'integer', isNullable: true },
          str('kind', 24, false),
          ms('due_at'),
          str('status', 16, false),
          { name: 'attempts', type: 'integer', default: 0 },
          ...claimColumns,
          ms('fired_at', true),
          { name: 'data', type: 'text', isNullable: true },
          ms('created_at'),
        ],
        uniques: [{ name: 'uq_timers_key', columnNames: ['timer_key'] }],
        indices: [new TableIndex({ name: 'ix_timers_due', columnNames: ['status', 'due_at'] }), new TableIndex({ name: 'ix_timers_ticket', columnNames: ['ticket_id', 'status'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox',
        columns: [
          id,
          str('idempotency_key', 191, false),
          str('platform', 16, false),
          str('destination_key', 191, false),
          { name: 'destination', type: 'text' },
          { name: 'body', type: longTextType(dialect) },
          str('status', 16, false),
          { name: 'attempts', type: 'integer', default: 0 },
          ms('next_attempt_at'),
          ...claimColumns,
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'ticket_id', type: 'integer', isNullable: true },
          str('platform_message_id', 160),
          ms('created_at'),
          ms('sent_at', true),
        ],
        uniques: [{ name: 'uq_outbox_key', columnNames: ['idempotency_key'] }],
        indices: [
          new TableIndex({ name: 'ix_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'ix_outbox_dest_sent', columnNames: ['destination_key', 'sent_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_runs',
        columns: [id, str('job', 64, false), str('fire_key', 64, false), str('owner', 80, false), ms('started_at'), ms('finished_at', true), str('status', 16, false), { name: 'error', type: 'text', isNullable: true }],
        uniques: [{ name: 'uq_job_runs_fire', columnNames: ['job', 'fire_key'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['job_runs', 'outbox', 'timers', 'ticket_deadlines']) await q.dropTable(t);
  }
}
