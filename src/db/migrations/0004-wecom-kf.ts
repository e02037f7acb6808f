import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, ms, str } from './columns';

/**
 * WeCom Customer Service (微信客服): the sync_msg cursor per kf account, and per customer the
 * moment they last wrote plus how many bot messages went out since (48-hour window, 5-message budget).
 */
export class WecomKf1764806400004 implements MigrationInterface {
  name = 'WecomKf1764806400004';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'wecom_kf_cursors',
        columns: [id, str('open_kfid', 64, false), str('next_cursor', 255), ms('updated_at')],
        uniques: [{ name: 'uq_wecom_kf_cursor_account', columnNames: ['open_kfid'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'wecom_kf_customers',
        columns: [
          id,
          str('open_kfid', 64, false),
          str('external_userid', 128, false),
          ms('last_customer_msg_at', true),
          { name: 'sends_since_customer', type: 'integer', default: 0 },
          ms('updated_at'),
        ],
        uniques: [{ name: 'uq_wecom_kf_customer', columnNames: ['open_kfid', 'external_userid'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wecom_kf_customers');
    await q.dropTable('wecom_kf_cursors');
  }
}
