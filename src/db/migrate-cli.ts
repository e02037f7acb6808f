import { loadEnv } from '../config/env';
import { createDataSource } from './data-source';

export async function runMigrateCli(): Promise<number> {
  const env = loadEnv(process.env);
  const ds = createDataSource(env.DATABASE_URL);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    process.stdout.write(ran.length ? ran.map((m) => `applied ${m.name}\n`).join('') : 'database is up to date\n');
    return 0;
  } finally {
    await ds.destroy();
  }
}
