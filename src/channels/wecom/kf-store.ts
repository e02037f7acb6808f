// Durable kf state: the sync_msg cursor per account (advanced only after a page's messages are
// recorded) and, per customer, when they last wrote and how many bot messages went out since.
import type { Clock } from '../../lib/clock';
import { isUniqueViolation, type Database } from '../../db/database';
import { WecomKfCursorEntity, WecomKfCustomerEntity, type WecomKfCustomerRow } from '../../db/entities/wecom-kf.entity';

export class KfStore {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  async cursor(openKfId: string): Promise<string | null> {
    const row = await this.deps.db.ds.getRepository(WecomKfCursorEntity).findOneBy({ openKfId });
    return row?.nextCursor ?? null;
  }

  async customer(openKfId: string, externalUserId: string): Promise<WecomKfCustomerRow | null> {
    return this.deps.db.ds.getRepository(WecomKfCustomerEntity).findOneBy({ openKfId, externalUserId });
  }

  /** One transaction per page: the new cursor plus "these customers wrote at these times". */
  async commitPage(openKfId: string, nextCursor: string | null, wrote: Map<string, { at: number; fresh: boolean }>): Promise<void> {
    const now = this.deps.clock.now().getTime();
    await this.withInsertRace(() =>
      this.deps.db.transaction(async (em) => {
        const cursors = em.getRepository(WecomKfCursorEntity);
        const existing = await cursors.findOneBy({ openKfId });
        if (nextCursor !== null) {
          if (existing) await cursors.update({ id: existing.id }, { nextCursor, updatedAt: now });
          else await cursors.insert({ openKfId, nextCursor, updatedAt: now });
        }
        const customers = em.getRepository(WecomKfCustomerEntity);
        for (const [externalUserId, { at, fresh }] of wrote) {
          const row = await customers.findOneBy({ openKfId, externalUserId });
          if (!row) await customers.insert({ openKfId, externalUserId, lastCustomerMsgAt: at, sendsSinceCustomer: 0, updatedAt: now });
          // A message new to the inbox, or newer than the last one seen, resets the budget; re-reading
          // an already-committed page (cursor moved back) must not hand out a spent budget again.
          else if (fresh || row.lastCustomerMsgAt === null || at > row.lastCustomerMsgAt) {
            await customers.update({ id: row.id }, { lastCustomerMsgAt: Math.max(at, row.lastCustomerMsgAt ?? 0), sendsSinceCustomer: 0, updatedAt: now });
          }
        }
      }),
    );
  }

  async countSend(openKfId: string, externalUserId: string): Promise<void> {
    const now = this.deps.clock.now().getTime();
    await this.withInsertRace(() =>
      this.deps.db.transaction(async (em) => {
        const customers = em.getRepository(WecomKfCustomerEntity);
        const row = await customers.findOneBy({ openKfId, externalUserId });
        if (row) await customers.increment({ id: row.id }, 'sendsSinceCustomer', 1);
        else await customers.insert({ openKfId, externalUserId, lastCustomerMsgAt: null, sendsSinceCustomer: 1, updatedAt: now });
      }),
    );
  }

  /** Two instances may create the same row at once; the loser runs again and updates instead. */
  private async withInsertRace(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await fn();
    }
  }
}
