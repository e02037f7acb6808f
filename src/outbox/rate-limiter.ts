// Per-destination send budgets shared by every instance (WeCom / DingTalk group robots take
// 20 messages a minute). A slot is a row; taking one happens under a lock on the key's row in
// rate_limits, so two instances can never both take the twentieth slot.
import type { Database } from '../db/database';

const WINDOW_MS = 60_000;

export interface RateLimiter {
  /** Takes a slot now, or answers when the next one frees up. */
  take(key: string, perMinute: number, now: number, outboxId?: number): Promise<{ ok: true } | { ok: false; retryAt: number }>;
}

export function createRateLimiter(db: Database): RateLimiter {
  const ignore = db.dialect === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
  const lock = db.dialect === 'mysql' ? ' FOR UPDATE' : '';
  return {
    take(key, perMinute, now, outboxId) {
      return db.transaction(async (em) => {
        await em.query(`${ignore} INTO rate_limits (rate_key, updated_at) VALUES (?, ?)`, [key, now]);
        await em.query(`SELECT id FROM rate_limits WHERE rate_key = ?${lock}`, [key]);
        await em.query('DELETE FROM rate_slots WHERE rate_key = ? AND taken_at <= ?', [key, now - 2 * WINDOW_MS]);
        const rows: { n: number | string; first: number | string | null }[] = await em.query(
          'SELECT COUNT(*) AS n, MIN(taken_at) AS first FROM rate_slots WHERE rate_key = ? AND taken_at > ?',
          [key, now - WINDOW_MS],
        );
        const n = Number(rows[0]?.n ?? 0);
        if (n >= perMinute) {
          // Which slot frees next: the (n - perMinute + 1)-th oldest in the window.
          const oldest: { taken_at: number | string }[] = await em.query(
            `SELECT taken_at FROM rate_slots WHERE rate_key = ? AND taken_at > ? ORDER BY taken_at ASC LIMIT 1 OFFSET ${n - perMinute}`,
            [key, now - WINDOW_MS],
          );
          return { ok: false as const, retryAt: Number(oldest[0]?.taken_at ?? now) + WINDOW_MS + 1 };
        }
        await em.query('INSERT INTO rate_slots (rate_key, taken_at, outbox_id) VALUES (?, ?, ?)', [key, now, outboxId ?? null]);
        await em.query('UPDATE rate_limits SET updated_at = ? WHERE rate_key = ?', [now, key]);
        return { ok: true as const };
      });
    },
  };
}
