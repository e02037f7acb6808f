// createApp(deps): the whole HTTP surface, with every dependency passed in (no globals), so
// tests start it on a loopback port with a real database and fake platforms.
import Koa from 'koa';
import Router from '@koa/router';
import type { Channel } from '../channels/channel';
import type { InboxStore } from '../inbox/inbox-store';
import type { InboxProcessor } from '../inbox/inbox-processor';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { TicketStore } from '../tickets/ticket-store';
import { adminAuth } from './admin-auth';
import { errorMapper } from './error-mapper';
import { requestLog } from './request-log';
import { ticketsApi } from './routes/tickets-api';
import { webhookRoutes } from './routes/webhooks';

export interface AppDeps {
  logger: Logger;
  clock: Clock;
  /** Resolves when the database answers; rejects otherwise. */
  checkDatabase: () => Promise<void>;
  tickets: TicketStore;
  inbox: InboxStore;
  processor: InboxProcessor;
  channels: readonly Channel[];
  adminToken?: string;
  bodyLimit: number;
  staffName: (id: string) => string | undefined;
  /** More routers: admin API parts, report images, the sandbox page. `admin` ones sit behind the token. */
  routers?: { router: Router; admin?: boolean }[];
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  app.silent = true;
  app.use(requestLog(deps.logger));
  app.use(errorMapper());

  const open = new Router();
  open.get('/healthz', async (ctx) => {
    try {
      await deps.checkDatabase();
      ctx.body = { status: 'ok', database: 'ok', time: deps.clock.now().toISOString() };
    } catch (err) {
      ctx.state.log.error({ err }, 'health check: database unreachable');
      ctx.status = 503;
      ctx.body = { status: 'unavailable', database: 'unreachable' };
    }
  });
  app.use(open.routes());

  const hooks = webhookRoutes(deps);
  app.use(hooks.routes()).use(hooks.allowedMethods());

  const auth = adminAuth(deps.adminToken);
  const api = ticketsApi(deps);
  const guarded = new Router();
  guarded.use('/api', auth);
  guarded.use(api.routes());
  for (const extra of deps.routers ?? []) {
    if (extra.admin) guarded.use(extra.router.routes());
  }
  app.use(guarded.routes()).use(guarded.allowedMethods());
  for (const extra of deps.routers ?? []) {
    if (!extra.admin) app.use(extra.router.routes()).use(extra.router.allowedMethods());
  }
  return app;
}
