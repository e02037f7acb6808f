// Starts gongdan in sandbox mode in-process, the way main.ts does: a test database, the example
// config's demo directory, the fakes on loopback, an OffsetClock over a frozen base so tests
// decide when time passes.
import { ManualClock, OffsetClock } from '../../src/lib/clock';
import { createFetchHttpClient } from '../../src/lib/http-client';
import { createLogger } from '../../src/lib/logger';
import { createRuntime, type Runtime } from '../../src/runtime';
import { prepareSandbox, type Sandbox } from '../../src/sandbox';
import type { SandboxService } from '../../src/sandbox/sandbox-service';
import { createTestDb, type TestDb } from '../support/test-db';
import { testConfig } from '../support/test-config';

export interface SandboxApp {
  url: string;
  runtime: Runtime;
  sandbox: Sandbox;
  service: SandboxService;
  clock: OffsetClock;
  testDb: TestDb;
  /** keepDatabase: leave it for the next run (a restart). */
  close(opts?: { keepDatabase?: boolean }): Promise<void>;
}

/** Monday 7 December 2026, 10:00 in China: a working day, inside working hours. */
export const SANDBOX_TEST_START = '2026-12-07T02:00:00Z';

export async function startSandboxApp(start = SANDBOX_TEST_START, opts: { testDb?: TestDb } = {}): Promise<SandboxApp> {
  const testDb = opts.testDb ?? (await createTestDb());
  const config = testConfig();
  const logger = createLogger((process.env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent');
  const clock = new OffsetClock(new ManualClock(start));
  const sandbox = await prepareSandbox({ source: { LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' }, config, logger, clock });
  const runtime = createRuntime({ env: sandbox.env, config, db: testDb.db, clock, http: createFetchHttpClient(), logger });
  const service = sandbox.attach(runtime);
  const { url } = await runtime.listen(0, '127.0.0.1');
  return {
    url,
    runtime,
    sandbox,
    service,
    clock,
    testDb,
    async close(closeOpts: { keepDatabase?: boolean } = {}) {
      await runtime.stop();
      await sandbox.stop();
      if (!closeOpts.keepDatabase) await testDb.drop();
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json().catch(() => null), headers: res.headers };
}

export async function getJson(url: string): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json().catch(() => null), headers: res.headers };
}
