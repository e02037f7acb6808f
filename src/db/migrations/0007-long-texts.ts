import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MySQL TEXT holds 65,535 bytes, i.e. about 21,000 Chinese characters; a single message within
 * BODY_LIMIT_BYTES (256 KiB) is several times that, and the ticket's description, the event's note
 * and the parse data carried it whole — so on MySQL a long message failed to open its ticket (the
 * inbox row ended 'failed'), while SQLite stored it. MEDIUMTEXT (16 MiB) holds what the body limit
 * lets in. SQLite's TEXT has no such limit: nothing to do there.
 */
const COLUMNS: [table: string, column: string, nullable: boolean][] = [
  ['tickets', 'description', false],
  ['tickets', 'report', true],
  ['tickets', 'case_writeup', true],
  ['ticket_events', 'note', true],
  ['ticket_events', 'data', true],
];

export class LongTexts1764806400020 implements MigrationInterface {
  name = 'LongTexts1764806400020';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    for (const [table, column, nullable] of COLUMNS) await q.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` MEDIUMTEXT ${nullable ? 'NULL' : 'NOT NULL'}`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    for (const [table, column, nullable] of COLUMNS) await q.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` TEXT ${nullable ? 'NULL' : 'NOT NULL'}`);
  }
}
