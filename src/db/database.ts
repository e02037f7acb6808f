// The handle domain services get: the DataSource plus a transaction() that is safe on both
// dialects. better-sqlite3 gives TypeORM one shared connection, so concurrent transactions
// would nest into each other; we serialise them in-process. On MySQL, deadlock victims retry.
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

export function wrapDataSource(ds: DataSource, dialect: Dialect): Database {
  let tail: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    ds,
    dialect,
    transaction(fn) {
      if (dialect === 'sqlite') return serialised(() => ds.transaction(fn));
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
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1205;
}

export function isUniqueViolation(err: unknown): boolean {
  const { code, errno, message } = driverCode(err);
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(message);
}
