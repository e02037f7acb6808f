// One DataSource, chosen by DATABASE_URL: "sqlite:<path>" (embedded default) or
// "mysql://user:pass@host:port/db" through mysql2 (MySQL, MariaDB, TiDB).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import type { Dialect } from './column-types';

export function dialectOf(url: string): Dialect {
  return /^sqlite:/.test(url) ? 'sqlite' : 'mysql';
}

export function dataSourceOptions(url: string): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: false, synchronize: false, logging: false } as const;
  if (dialectOf(url) === 'sqlite') {
    const path = url.replace(/^sqlite:(\/\/)?/, '');
    const database = path === ':memory:' ? path : resolve(path);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // WAL lets the HTTP path read while the scheduler writes; busy_timeout rides out short locks.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    extra: { connectionLimit: 10 },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/** Connects and brings the schema up to date; migrations are idempotent and run at every start. */
export async function openDatabase(url: string): Promise<DataSource> {
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

export async function pingDatabase(ds: DataSource): Promise<void> {
  await ds.query('SELECT 1');
}
