// Lease-based claiming shared by the inbox, timers and outbox: the database decides which
// instance works on which row. MySQL skips rows another transaction holds (SKIP LOCKED);
// SQLite transactions are already serialised in-process.
import type { Database } from './database';

export interface ClaimQuery {
  table: string;
  /** SQL condition on the table's own columns, with ? placeholders. */
  where: string;
  params: unknown[];
  orderBy: string;
  limit: number;
  owner: string;
  leaseMs: number;
  now: number;
}

/** Returns the ids now leased to `owner` until now + leaseMs. */
export async function claimRows(db: Database, q: ClaimQuery): Promise<number[]> {
  const limit = Math.max(1, Math.floor(q.limit));
  const free = '(claimed_until IS NULL OR claimed_until < ?)';
  return db.transaction(async (em) => {
    const lock = db.dialect === 'mysql' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows: { id: number | string }[] = await em.query(
      `SELECT id FROM ${q.table} WHERE (${q.where}) AND ${free} ORDER BY ${q.orderBy} LIMIT ${limit}${lock}`,
      [...q.params, q.now],
    );
    const ids = rows.map((r) => Number(r.id));
    if (!ids.length) return [];
    await em.query(`UPDATE ${q.table} SET claimed_by = ?, claimed_until = ? WHERE id IN (${ids.map(() => '?').join(',')}) AND ${free}`, [q.owner, q.now + q.leaseMs, ...ids, q.now]);
    return ids;
  });
}
