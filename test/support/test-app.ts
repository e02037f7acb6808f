// Starts the real runtime (real database, real HTTP on a loopback port) for integration tests.
import { ManualClock } from '../../src/lib/clock';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger } from '../../src/lib/logger';
import { createRuntime, type Runtime, type RuntimeDeps } from '../../src/runtime';
import { createTestDb, type TestDb } from './test-db';
import { testConfig, testEnv } from './test-config';

export interface TestApp {
  runtime: Runtime;
  url: string;
  clock: ManualClock;
  testDb: TestDb;
  close(): Promise<void>;
}

export async function startTestApp(opts: Partial<Omit<RuntimeDeps, 'db'>> & { envVars?: Record<string, string | undefined>; start?: string } = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const clock = opts.clock instanceof ManualClock ? opts.clock : new ManualClock(opts.start ?? '2026-12-04T02:00:00Z');
  const runtime = createRuntime({
    env: opts.env ?? testEnv(opts.envVars),
    config: opts.config ?? testConfig(),
    db: testDb.db,
    clock,
    http: opts.http ?? createFetchHttpClient(),
    logger: opts.logger ?? createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent'),
    channels: opts.channels,
  });
  const { url } = await runtime.listen(0, '127.0.0.1');
  return {
    runtime,
    url,
    clock,
    testDb,
    async close() {
      await runtime.stop();
      await testDb.drop();
    },
  };
}
