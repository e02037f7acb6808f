// Sandbox mode: `npm start` without platform credentials. Both real channels run with demo
// credentials against in-process fakes of WeCom and DingTalk; the page at / lets a visitor type
// as a customer or a member of staff, and every message takes the real webhook → parser →
// ticket → SLA → outbox → platform API path. The clock is an OffsetClock the page can push.
import type { Env } from '../config/env';
import type { OperatorConfig } from '../config/operator-schema';
import { OffsetClock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Runtime } from '../runtime';
import { buildDirectory } from './directory';
import { startDingtalkSide } from './dingtalk-side';
import { Feed } from './feed';
import { loadPageFiles } from './page-files';
import { buildSandboxEnv } from './sandbox-env';
import { sandboxRoutes } from './sandbox-routes';
import { createSandboxService, type SandboxHooks, type SandboxService } from './sandbox-service';
import { startWecomSide } from './wecom-side';
import { runtimeHooks } from './runtime-hooks';

export interface Sandbox {
  /** The environment the runtime must run with: demo credentials, fakes' API bases. */
  env: Env;
  clock: OffsetClock;
  /** Mounts the page and its API on the runtime's app (before it listens). */
  attach(runtime: Runtime, hooks?: Partial<SandboxHooks>): SandboxService;
  banner(url: string): string;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** The process environment (PORT, HOST, DATABASE_URL… are kept). */
  source: Record<string, string | undefined>;
  config: OperatorConfig;
  logger: Logger;
  clock?: OffsetClock;
}

export async function prepareSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const clock = opts.clock ?? new OffsetClock();
  const logger = opts.logger.child({ component: 'sandbox' });
  const directory = buildDirectory(opts.config);
  const feed = new Feed();
  const publicBaseUrl = opts.source.PUBLIC_BASE_URL?.trim() || `http://localhost:${opts.source.PORT?.trim() || '3000'}`;
  const wecom = await startWecomSide({ clock, directory, feed, publicBaseUrl });
  const dingtalk = await startDingtalkSide({ clock, directory, publicBaseUrl });
  const env = buildSandboxEnv(opts.source, { wecomApiBase: wecom.url, dingtalkOapiBase: dingtalk.url, dingtalkApiBase: dingtalk.url });
  logger.info({ wecom: wecom.url, dingtalk: dingtalk.url }, 'sandbox: fake WeCom and DingTalk listening on loopback');

  return {
    env,
    clock,
    attach(runtime, extra = {}) {
      wecom.useDatabase(runtime.db);
      const staffById = new Map(opts.config.staff.map((s) => [s.id, s.name]));
      const service = createSandboxService({
        clock,
        directory,
        feed,
        wecom,
        dingtalk,
        db: runtime.db,
        tickets: runtime.tickets,
        hooks: { ...runtimeHooks(runtime, { directory, clock, reports: runtime.reports }), ...extra },
        logger,
        staffName: (id) => staffById.get(id),
      });
      const router = sandboxRoutes(service, loadPageFiles());
      runtime.app.use(router.routes()).use(router.allowedMethods());
      return service;
    },
    banner(url) {
      return [
        '',
        `  Sandbox: no WeCom or DingTalk credentials, so gongdan talks to built-in fakes of both.`,
        `  Open ${url}/ in a browser: write as a customer, claim the ticket as an agent, move the clock.`,
        `  Data: ${env.DATABASE_URL}   (npm run cli -- seed-demo fills it with a week of tickets)`,
        '',
      ].join('\n');
    },
    async stop() {
      await wecom.close();
      await dingtalk.close();
    },
  };
}
