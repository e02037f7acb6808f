// Composition root: the one place that reads the real environment and wires real dependencies.
import { loadEnv, sandboxMode } from './config/env';
import { loadOperatorConfig } from './config/load-operator-config';
import { connectDatabase } from './db/database';
import { systemClock } from './lib/clock';
import { ConfigError } from './lib/errors';
import { createFetchHttpClient } from './lib/http-client';
import { createLogger } from './lib/logger';
import { createRuntime } from './runtime';
import { prepareSandbox } from './sandbox';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const config = loadOperatorConfig(env.GONGDAN_CONFIG);
  const logger = createLogger(env.LOG_LEVEL);
  // Sandbox: demo credentials, in-process platform fakes, a movable clock, the page at /.
  const sandbox = sandboxMode(env) ? await prepareSandbox({ source: process.env, config, logger }) : null;
  const db = await connectDatabase((sandbox?.env ?? env).DATABASE_URL);
  const runtime = createRuntime({ env: sandbox?.env ?? env, config, db, clock: sandbox?.clock ?? systemClock, http: createFetchHttpClient(), logger });
  sandbox?.attach(runtime);
  for (const channel of runtime.channels) await channel.start?.({ accept: async (m) => { if ((await runtime.inbox.record(m)).length) runtime.processor.kick(); } });
  const { url } = await runtime.listen(env.PORT);
  const mode = sandboxMode(env) ? 'sandbox (no platform credentials)' : runtime.channels.map((c) => c.platform).join(', ');
  logger.info({ url, database: db.dialect, mode }, 'gongdan is running');
  process.stderr.write(`\n  gongdan is running at ${url}  (${mode}; database: ${db.dialect})\n\n`);
  if (sandbox) process.stderr.write(sandbox.banner(url));

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await runtime.stop();
    await sandbox?.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`gongdan cannot start: ${err.message}\n`);
  } else {
    process.stderr.write(`gongdan failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
