// The outbox: every message that leaves the process is a row here first, unique by its
// idempotency key, so enqueueing twice (a retried handler, two instances racing for one timer)
// is one row and one message. Enqueue inside the caller's transaction where there is one, so the
// message exists exactly when the change it reports does.
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import type { Clock } from '../lib/clock';
import type { Database } from '../db/database';
import type { Destination, OutboundBody } from '../channels/channel';
import { OutboxEntity, type OutboxRow, type OutboxStatus } from '../db/entities/outbox.entity';
import { boundedKey, destinationKey, encodeBody } from './codec';

export interface OutboxItem {
  destination: Destination;
  body: OutboundBody;
  /** Stable for the thing being said: a retry of the same work must produce the same key. */
  idempotencyKey: string;
  ticketId?: number | null;
  /** Not before this instant (epoch ms); now when absent. */
  notBefore?: number;
}

export interface Outbox {
  /** Adds the message unless its key is already there. Pass `em` to join a transaction. */
  enqueue(item: OutboxItem, em?: EntityManager): Promise<void>;
  enqueueAll(items: OutboxItem[], em?: EntityManager): Promise<void>;
  find(idempotencyKey: string): Promise<OutboxRow | null>;
  list(filter?: { status?: OutboxStatus; ticketId?: number }): Promise<OutboxRow[]>;
}

export function createOutbox(deps: { db: Database; clock: Clock }): Outbox {
  const { db, clock } = deps;

  async function insert(em: EntityManager, items: OutboxItem[]): Promise<void> {
    const now = clock.now().getTime();
    for (const item of items) {
      const values = {
        idempotencyKey: boundedKey(item.idempotencyKey),
        platform: item.destination.platform,
        destinationKey: destinationKey(item.destination),
        destination: item.destination,
        body: encodeBody(item.body),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: item.notBefore ?? now,
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
        ticketId: item.ticketId ?? null,
        platformMessageId: null,
        createdAt: now,
        sentAt: null,
      } as QueryDeepPartialEntity<OutboxRow>;
      // INSERT IGNORE / INSERT OR IGNORE: a duplicate key is the expected outcome of a retry,
      // and unlike catching the error it leaves a surrounding transaction usable.
      await em.createQueryBuilder().insert().into(OutboxEntity).values(values).orIgnore().updateEntity(false).execute();
    }
  }

  return {
    async enqueue(item, em) {
      if (em) return insert(em, [item]);
      await db.transaction((tx) => insert(tx, [item]));
    },
    async enqueueAll(items, em) {
      if (!items.length) return;
      if (em) return insert(em, items);
      await db.transaction((tx) => insert(tx, items));
    },
    find(idempotencyKey) {
      return db.ds.getRepository(OutboxEntity).findOneBy({ idempotencyKey: boundedKey(idempotencyKey) });
    },
    list(filter = {}) {
      return db.ds.getRepository(OutboxEntity).find({ where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.ticketId !== undefined ? { ticketId: filter.ticketId } : {}) }, order: { id: 'ASC' } });
    },
  };
}
