// A real, empty database for one test file: a temporary SQLite file, or, when
// GONGDAN_TEST_MYSQL_URL is set, a fresh MySQL/MariaDB database created on that server and
// dropped afterwards (so parallel jest workers never share tables).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { connectDatabase, type Database } from '../../src/db/database';

export const mysqlUrl = process.env.GONGDAN_TEST_MYSQL_URL;
export const testDialect = mysqlUrl ? 'mysql' : 'sqlite';

export interface TestDb {
  db: Database;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  if (mysqlUrl) {
    const name = `gongdan_t_${randomBytes(5).toString('hex')}`;
    const server = new URL(mysqlUrl);
    const admin = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(mysqlUrl);
    url.pathname = `/${name}`;
    const db = await connectDatabase(url.toString());
    return {
      db,
      url: url.toString(),
      async drop() {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongdan-test-'));
  const url = `sqlite:${join(dir, 'test.sqlite')}`;
  const db = await connectDatabase(url);
  return {
    db,
    url,
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
