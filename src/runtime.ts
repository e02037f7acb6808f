// Wires one running gongdan from its parts. main.ts calls it with real dependencies; the
// integration tests call it with a test database, a manual clock and loopback platform fakes.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { hostname } from 'node:os';
import type { Env } from './config/env';
import type { OperatorConfig } from './config/operator-schema';
import type { Database } from './db/database';
import { pingDatabase } from './db/data-source';
import type { Clock } from './lib/clock';
import type { HttpClient } from './lib/http-client';
import type { Logger } from './lib/logger';
import { createApp } from './http/app';
import { buildChannels } from './channels/registry';
import type { Channel } from './channels/channel';
import { createInboxStore, type InboxStore } from './inbox/inbox-store';
import { createInboxProcessor, type InboxProcessor, type MessageHandler } from './inbox/inbox-processor';
import { createTicketStore, type TicketStore } from './tickets/ticket-store';
import type { Parse } from './intake/types';
import { createChase, type Chase, type OutboxService } from './tickets/chase';
import type { HandOver, ReportsPort } from './tickets/chase-context';
import type { Heartbeat, Scheduler } from './scheduler/scheduler';
import type { OutboxSenderOptions } from './outbox/outbox-sender';
import { createReportService, type ReportService } from './reports/service';
import { reportFilesRouter, reportsApi } from './reports/http';
import { registerReportJobs } from './reports/schedule';

export interface RuntimeDeps {
  env: Env;
  config: OperatorConfig;
  db: Database;
  clock: Clock;
  http: HttpClient;
  logger: Logger;
  /** Replace the channels built from the environment (tests). */
  channels?: Channel[];
  /** The scheduler's heartbeat; default a node-cron task every 5 s. Tests pass manualHeartbeat. */
  heartbeat?: Heartbeat;
  /** The message parser; default the shipped vocabulary plus config.intake and config.products. */
  parse?: Parse;
  /** The reports service's chat hook (日报 / 月报); default the reports service. */
  reports?: ReportsPort;
  /** Whether a customer's conversation can go to a person (人工); default: a running channel offering handOverToHuman (WeCom kf). */
  handOver?: HandOver;
  /** Outbox retry policy (tests shorten it). */
  sender?: Pick<OutboxSenderOptions, 'maxAttempts' | 'backoffMs' | 'leaseMs'>;
}

export interface Runtime {
  app: Koa;
  db: Database;
  tickets: TicketStore;
  inbox: InboxStore;
  processor: InboxProcessor;
  channels: Channel[];
  /** The message handler: commands, tickets from messages. */
  handler: MessageHandler;
  /** Enqueue outbound messages; drain() / kick() the sender. */
  outbox: OutboxService;
  /** Heartbeat work and cron jobs: registerJob(name, cronExpr, fn), tick(). */
  scheduler: Scheduler;
  chase: Chase;
  reports: ReportService;
  /** Starts the scheduler (listen() does it too) and runs the start-up holiday check. */
  start(): void;
  listen(port: number, host?: string): Promise<{ server: Server; url: string }>;
  stop(): Promise<void>;
}

export function createRuntime(deps: RuntimeDeps): Runtime {
  const { env, config, db, clock, logger } = deps;
  const owner = env.INSTANCE_ID ?? `${hostname()}:${process.pid}`;
  const tickets = createTicketStore({ db, clock });
  const inbox = createInboxStore({ db, clock });
  const channels = deps.channels ?? buildChannels({ env, config, clock, http: deps.http, logger, db });
  const staffById = new Map(config.staff.map((s) => [s.id, s]));

  // The processor needs the handler and the chase's heartbeat retries the processor: late-bound.
  let chase: Chase | null = null;
  const handler: MessageHandler = (message) => chase!.handler(message);
  const processor = createInboxProcessor({ inbox, handler, channels, logger, owner, now: () => clock.now().getTime() });
  const reports = createReportService({ db, clock, config, ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL } : {}) });
  chase = createChase({ db, clock, config, logger, tickets, channels, owner, processor, parse: deps.parse, reports: deps.reports ?? reports, handOver: deps.handOver, heartbeat: deps.heartbeat, sender: deps.sender });
  const { outbox, scheduler } = chase;
  // Dashboards go to the managers' groups of the platforms that run: a WeCom-only install whose
  // config still lists a DingTalk group would otherwise dead-letter (and alert) every morning.
  const running = new Set<string>(channels.map((c) => c.platform));
  registerReportJobs({ scheduler, outbox, reports, config: { ...config, conversations: config.conversations.filter((c) => running.has(c.platform)) }, logger });

  const app = createApp({
    logger,
    clock,
    checkDatabase: () => pingDatabase(db.ds),
    tickets,
    inbox,
    processor,
    channels,
    adminToken: env.ADMIN_TOKEN,
    bodyLimit: env.BODY_LIMIT_BYTES,
    staffName: (id) => staffById.get(id)?.name,
    routers: [{ router: reportsApi(reports), admin: true }, { router: reportFilesRouter(reports, clock) }],
  });

  let server: Server | null = null;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    scheduler.start();
    chase!.holidayCheck().catch((err) => logger.error({ err }, 'holiday data check failed'));
  };
  return {
    app,
    db,
    tickets,
    inbox,
    processor,
    channels,
    handler,
    outbox,
    scheduler,
    chase,
    reports,
    start,
    listen(port, host = env.HOST) {
      start();
      return new Promise((resolve, reject) => {
        const s = app.listen(port, host);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          const addr = s.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ server: s, url: `http://${shownHost}:${addr.port}` });
        });
      });
    },
    async stop() {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      server = null;
      await scheduler.stop();
      await processor.idle();
      await outbox.idle();
      for (const c of channels) await c.stop?.();
    },
  };
}
