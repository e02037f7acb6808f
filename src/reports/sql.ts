// Tiny helpers so report SQL stays dialect-neutral: "?" placeholders (mysql2 and
// better-sqlite3 both take them), numbers coerced from mysql2's strings, and the day bucket
// written as integer arithmetic on epoch ms (works the same on SQLite and MySQL).
import type { Database } from '../db/database';
import { DAY_MS } from './china-day';

export type Row = Record<string, unknown>;

export function query(db: Database, sql: string, params: unknown[] = []): Promise<Row[]> {
  return db.ds.query(sql, params) as Promise<Row[]>;
}

export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return Number(v);
}

export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/**
 * The start of the China-time day `col` falls on, for rows with col >= base, where base is a
 * day start. Only evaluated on rows a range predicate already chose. `base` is our own integer,
 * inlined so MySQL sees one expression to group by.
 */
export function dayBucket(col: string, base: number): string {
  if (!Number.isSafeInteger(base)) throw new Error(`day bucket base must be an integer, got ${base}`);
  return `(${col} - ((${col} - ${base}) % ${DAY_MS}))`;
}
