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

export interface RuntimeDeps {
  env: Env;
  config: OperatorConfig;
  db: Database;
  clock: Clock;
  http: HttpClient;
  logger: Logger;
  /** Replace the channels built from the environment (tests). */
  channels?: Channel[];
}

export interface Runtime {
  app: Koa;
  db: Database;
  tickets: TicketStore;
  inbox: InboxStore;
  processor: InboxProcessor;
  channels: Channel[];
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

  const handler: MessageHandler = async (message) => {
    logger.info({ platform: message.platform, messageId: message.messageId }, 'message recorded');
  };
  const processor = createInboxProcessor({ inbox, handler, channels, logger, owner, now: () => clock.now().getTime() });

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
  });

  let server: Server | null = null;
  return {
    app,
    db,
    tickets,
    inbox,
    processor,
    channels,
    listen(port, host = env.HOST) {
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
      await processor.idle();
      for (const c of channels) await c.stop?.();
    },
  };
}
