import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The backlog part of the daily report, measured on 1,000,000 tickets (bench/report.bench.ts):
 * open tickets per assignee and their unmet deadlines read from indexes, and unmet follow-ups past due found without
 * scanning every follow-up ever due.
 */
export class ReportsBacklogIndexes1764806400016 implements MigrationInterface {
  name = 'ReportsBacklogIndexes1764806400016';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('tickets', new TableIndex({ name: 'ix_tickets_status_assignee', columnNames: ['status', 'assignee_id'] }));
    await q.dropIndex('ticket_deadlines', 'ix_deadlines_name_met');
    await q.createIndex('ticket_deadlines', new TableIndex({ name: 'ix_deadlines_name_met_due', columnNames: ['name', 'met_at', 'due_at', 'ticket_id'] }));
    // Repeat customers in a month: grouped from the index alone.
    await q.createIndex('tickets', new TableIndex({ name: 'ix_tickets_created_customer', columnNames: ['created_at', 'customer_phone', 'customer_ref', 'kind'] }));
    // An open ticket's unmet deadlines past due, read from the index rather than the rows.
    await q.createIndex('ticket_deadlines', new TableIndex({ name: 'ix_deadlines_ticket_met_due', columnNames: ['ticket_id', 'met_at', 'due_at', 'name'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ticket_deadlines', 'ix_deadlines_ticket_met_due');
    await q.dropIndex('tickets', 'ix_tickets_created_customer');
    await q.dropIndex('ticket_deadlines', 'ix_deadlines_name_met_due');
    await q.createIndex('ticket_deadlines', new TableIndex({ name: 'ix_deadlines_name_met', columnNames: ['name', 'met_at', 'ticket_id'] }));
    await q.dropIndex('tickets', 'ix_tickets_status_assignee');
  }
}
