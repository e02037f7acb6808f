// One DataSource, chosen by DATABASE_URL: "sqlite:<path>" (embedded default) or
// "mysql://user:pass@host:port/db" through mysql2 (MySQL, MariaDB, TiDB).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import type { Dialect } from './column-types';
import { ConfigError } from '../lib/errors';

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
  try {
    if (dialectOf(url) === 'mysql') await requireUtf8mb4(ds);
    await ds.runMigrations({ transaction: 'each' });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/** Tables take the database's default character set; MySQL's 3-byte "utf8" would refuse emoji in chat text. */
async function requireUtf8mb4(ds: DataSource): Promise<void> {
  const [row] = (await ds.query('SELECT DATABASE() AS db, @@character_set_database AS cs')) as { db: string; cs: string }[];
  if (row && !String(row.cs).startsWith('utf8mb4')) {
    throw new ConfigError(
      `DATABASE_URL: the MySQL database "${row.db}" uses the character set ${row.cs}; chat messages need utf8mb4. ` +
        `Run: ALTER DATABASE \`${row.db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; (before the first start, or on an empty database)`,
    );
  }
}

export async function pingDatabase(ds: DataSource): Promise<void> {
  await ds.query('SELECT 1');
}
