// The inbox: every accepted platform message is recorded here before the webhook is
// acknowledged, unique per (platform, message id). A platform retry finds the row and stops.
import { In } from 'typeorm';
import type { Clock } from '../lib/clock';
import type { Database } from '../db/database';
import { isUniqueViolation } from '../db/database';
import { claimRows } from '../db/claim';
import { InboundMessageEntity, type InboundMessageRow } from '../db/entities/inbound-message.entity';
import type { InboundMessage } from '../channels/channel';

export interface InboxItem {
  id: number;
  attempts: number;
  message: InboundMessage;
}

export interface InboxStore {
  /** Records each message once; returns the ones not seen before. */
  record(messages: InboundMessage[]): Promise<InboundMessage[]>;
  claim(owner: string, limit: number, leaseMs: number): Promise<InboxItem[]>;
  complete(id: number): Promise<void>;
  /** Gives the row back for another try at retryAt, or marks it failed for good. */
  fail(id: number, error: string, retryAt: number | null): Promise<void>;
  counts(): Promise<Record<string, number>>;
}

export function createInboxStore(deps: { db: Database; clock: Clock }): InboxStore {
  const { db, clock } = deps;
  const repo = () => db.ds.getRepository(InboundMessageEntity);

  return {
    async record(messages) {
      const fresh: InboundMessage[] = [];
      for (const m of messages) {
        try {
          await db.transaction((em) =>
            em.getRepository(InboundMessageEntity).insert({
              platform: m.platform,
              platformMessageId: m.messageId,
              receivedAt: clock.now().getTime(),
              conversationId: m.conversation.id,
              senderId: m.sender.id,
              status: 'pending',
              attempts: 0,
              claimedBy: null,
              claimedUntil: null,
              processedAt: null,
              error: null,
              payload: m as unknown as InboundMessageRow['payload'],
            } as never),
          );
          fresh.push(m);
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
        }
      }
      return fresh;
    },

    async claim(owner, limit, leaseMs) {
      const ids = await claimRows(db, { table: 'inbound_messages', where: "status = 'pending'", params: [], orderBy: 'id', limit, owner, leaseMs, now: clock.now().getTime() });
      if (!ids.length) return [];
      const rows = await repo().find({ where: { id: In(ids) }, order: { id: 'ASC' } });
      return rows.map((r) => ({ id: r.id, attempts: r.attempts, message: r.payload as InboundMessage }));
    },

    async complete(id) {
      await db.transaction((em) => em.getRepository(InboundMessageEntity).update({ id }, { status: 'done', processedAt: clock.now().getTime(), claimedUntil: null, error: null }));
    },

    async fail(id, error, retryAt) {
      await db.transaction(async (em) => {
        const r = em.getRepository(InboundMessageEntity);
        const row = await r.findOneBy({ id });
        if (!row) return;
        await r.update({ id }, { status: retryAt === null ? 'failed' : 'pending', attempts: row.attempts + 1, claimedUntil: retryAt, claimedBy: null, error: error.slice(0, 2000) });
      });
    },

    async counts() {
      const rows: { status: string; n: number | string }[] = await repo().createQueryBuilder('m').select('m.status', 'status').addSelect('COUNT(*)', 'n').groupBy('m.status').getRawMany();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}
