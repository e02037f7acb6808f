import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, ms, str } from './columns';

/**
 * The chase's own shared state: round-robin positions (so every instance hands out work in the
 * same turn) and per-destination send slots (so a rate limit holds across instances).
 */
export class Chase1764806400003 implements MigrationInterface {
  name = 'Chase1764806400003';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'assignment_cursors',
        columns: [id, str('rule_key', 191, false), { name: 'position', type: 'integer', default: 0 }, ms('updated_at')],
        uniques: [{ name: 'uq_assignment_cursor_rule', columnNames: ['rule_key'] }],
      }),
    );
    // One row per rate-limited key: the row lock serialises slot-taking for that key.
    await q.createTable(
      new Table({
        name: 'rate_limits',
        columns: [id, str('rate_key', 191, false), ms('updated_at')],
        uniques: [{ name: 'uq_rate_limits_key', columnNames: ['rate_key'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rate_slots',
        columns: [id, str('rate_key', 191, false), ms('taken_at'), { name: 'outbox_id', type: 'integer', isNullable: true }],
        indices: [new TableIndex({ name: 'ix_rate_slots_key_at', columnNames: ['rate_key', 'taken_at'] })],
      }),
    );
    await q.createIndex('outbox', new TableIndex({ name: 'ix_outbox_ticket', columnNames: ['ticket_id'] }));
    await q.createIndex('ticket_events', new TableIndex({ name: 'ix_ticket_events_message', columnNames: ['message_platform', 'message_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ticket_events', 'ix_ticket_events_message');
    await q.dropIndex('outbox', 'ix_outbox_ticket');
    for (const t of ['rate_slots', 'rate_limits', 'assignment_cursors']) await q.dropTable(t);
  }
}
