import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reports: indexes so every figure is a range scan, and report_files — the chart images and
 * full overdue lists served at unguessable addresses (DingTalk markdown shows images by URL).
 */
export class Reports1764806400006 implements MigrationInterface {
  name = 'Reports1764806400006';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    // Escalations fired per day: ticket_events WHERE action = 'escalation' AND at in a range.
    await q.createIndex('ticket_events', new TableIndex({ name: 'ix_ticket_events_action_at', columnNames: ['action', 'at'] }));
    // Deadlines that fell due in a range, judged met or not without reading the row.
    await q.createIndex('ticket_deadlines', new TableIndex({ name: 'ix_deadlines_name_due_met', columnNames: ['name', 'due_at', 'met_at', 'ticket_id'] }));
    // Follow-ups done (and the satisfaction taken) in a range.
    await q.createIndex('ticket_deadlines', new TableIndex({ name: 'ix_deadlines_name_met', columnNames: ['name', 'met_at', 'ticket_id'] }));
    // Tickets opened in a range, counted by kind / level / visit type from the index alone.
    await q.createIndex('tickets', new TableIndex({ name: 'ix_tickets_created_kind', columnNames: ['created_at', 'kind', 'complaint_level', 'visit_type'] }));
    await q.createTable(
      new Table({
        name: 'report_files',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'content_type', type: 'varchar', length: '64' },
          { name: 'body', type: mysql ? 'mediumblob' : 'blob' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'ix_report_files_expires', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('report_files');
    await q.dropIndex('tickets', 'ix_tickets_created_kind');
    await q.dropIndex('ticket_deadlines', 'ix_deadlines_name_met');
    await q.dropIndex('ticket_deadlines', 'ix_deadlines_name_due_met');
    await q.dropIndex('ticket_events', 'ix_ticket_events_action_at');
  }
}
