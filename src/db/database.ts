// The handle domain services get: the DataSource plus a transaction() that is safe on both
// dialects. better-sqlite3 gives TypeORM one shared connection, so concurrent transactions
// would nest into each other; we serialise them in-process. Deadlock victims retry: on MySQL
// (1213), and on SQLite when another process holds the file (a deferred transaction that must
// upgrade its lock gets SQLITE_BUSY at once instead of waiting).
import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf, openDatabase } from './data-source';
import type { Dialect } from './column-types';

export interface Database {
  readonly ds: DataSource;
  readonly dialect: Dialect;
  /** Every write goes through here. */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// One queue per SQLite file for the whole process: two DataSources on one file (two runtimes in
// a test, the sandbox) must not hold competing transactions, because better-sqlite3 waits for a
// lock synchronously and would stall the very event loop the lock holder needs.
const sqliteQueues = new Map<string, Promise<unknown>>();

function serialisedOn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const tail = sqliteQueues.get(key) ?? Promise.resolve();
  const run = tail.then(fn, fn);
  sqliteQueues.set(key, run.catch(() => undefined));
  return run;
}

export function wrapDataSource(ds: DataSource, dialect: Dialect): Database {
  const key = String(ds.options.database ?? ':memory:');
  return {
    ds,
    dialect,
    transaction(fn) {
      if (dialect === 'sqlite') return withDeadlockRetry(() => serialisedOn(key, () => ds.transaction(fn)), 20);
      return withDeadlockRetry(() => ds.transaction(fn));
    },
    close: () => (ds.isInitialized ? ds.destroy() : Promise.resolve()),
  };
}

export async function connectDatabase(url: string): Promise<Database> {
  return wrapDataSource(await openDatabase(url), dialectOf(url));
}

async function withDeadlockRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isDeadlock(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}

function driverCode(err: unknown): { code?: string; errno?: number; message: string } {
  const e = err as { code?: string; errno?: number; message?: string; driverError?: { code?: string; errno?: number; message?: string } };
  const d = e?.driverError ?? e;
  return { code: d?.code ?? e?.code, errno: d?.errno ?? e?.errno, message: String(d?.message ?? e?.message ?? '') };
}

export function isDeadlock(err: unknown): boolean {
  const { code, errno } = driverCode(err);
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1205 || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

export function isUniqueViolation(err: unknown): boolean {
  const { code, errno, message } = driverCode(err);
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(message);
}
