// Builds the chase: directory, calendars, parser, ticket service, message handler, outbox and
// its sender, escalation sweep, scheduler with its jobs. runtime.ts calls this once.
import type { Channel, Destination, Platform } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';
import type { Database } from '../db/database';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { MessageHandler } from '../inbox/inbox-processor';
import type { InboxProcessor } from '../inbox/inbox-processor';
import type { Parse } from '../intake/types';
import { createParser } from '../intake/parser';
import { loadVocabulary } from '../intake/load-vocabulary';
import { createCalendars } from '../sla/calendar';
import { createOutbox, type Outbox } from '../outbox/outbox-store';
import { createOutboxSender, type OutboxSender, type OutboxSenderOptions } from '../outbox/outbox-sender';
import { explainWith } from '../outbox/alert-text';
import { createEscalationSweep, type EscalationSweep } from '../escalation/sweep';
import { createRunCoordinator } from '../scheduler/run-coordinator';
import { createScheduler, type Heartbeat, type Scheduler } from '../scheduler/scheduler';
import { createHolidayCheck } from '../scheduler/holiday-check';
import type { TicketStore } from './ticket-store';
import { createDirectory, type Directory } from './directory';
import { createTicketService, type TicketService } from './ticket-service';
import { createMessageHandler } from './message-handler';
import type { ChaseDeps, HandOver, ReportsPort } from './chase-context';

export interface ChaseOptions {
  db: Database;
  clock: Clock;
  config: OperatorConfig;
  logger: Logger;
  tickets: TicketStore;
  channels: readonly Channel[];
  owner: string;
  /** The inbox processor, retried on every heartbeat. */
  processor?: InboxProcessor;
  parse?: Parse;
  reports?: ReportsPort;
  handOver?: HandOver;
  heartbeat?: Heartbeat;
  sender?: Pick<OutboxSenderOptions, 'maxAttempts' | 'backoffMs' | 'leaseMs'>;
}

/** The outbox as the rest of the product sees it: enqueue, and drain / kick the sender. */
export type OutboxService = Outbox & OutboxSender;

export interface Chase {
  handler: MessageHandler;
  outbox: OutboxService;
  scheduler: Scheduler;
  sweep: EscalationSweep;
  service: TicketService;
  directory: Directory;
  deps: ChaseDeps;
  /** Logs (and posts, once a day) missing holiday data; run at start and daily at 08:30. */
  holidayCheck: () => Promise<{ calendar: string; year: number }[]>;
}

const parsers = new Map<string, Parse>();

/** One parser per vocabulary and catalogue: loading the gazetteer is the slow part. */
export function parserFor(config: OperatorConfig): Parse {
  const key = JSON.stringify([config.intake.vocabularyFile ?? null, config.products]);
  let p = parsers.get(key);
  if (!p) {
    const vocabulary = loadVocabulary({ extensionFile: config.intake.vocabularyFile ?? null });
    p = createParser(vocabulary, config.products.length ? { products: config.products } : {});
    parsers.set(key, p);
  }
  return p;
}

/** Channels that can hand a conversation to a person (WeCom kf), found by what they offer. */
function channelHandOver(channels: readonly Channel[]): HandOver {
  return (message) =>
    typeof message.replyContext?.openKfId === 'string' &&
    channels.some((c) => c.platform === message.platform && typeof (c as { handOverToHuman?: unknown }).handOverToHuman === 'function');
}

export function createChase(o: ChaseOptions): Chase {
  const platforms = o.channels.map((c) => c.platform as Platform);
  const directory = createDirectory(o.config, platforms);
  const calendars = createCalendars(o.config.calendars);
  const store = createOutbox({ db: o.db, clock: o.clock });
  const alertDestinations = (audience: 'operators' | 'staff', platform: string): Destination[] => {
    const p = platform as Platform;
    const d = audience === 'operators' ? directory.conversation('managers', p) : (directory.conversation('intake', p) ?? directory.conversation('staff', p));
    return d ? [d] : [];
  };
  const sender = createOutboxSender({ db: o.db, clock: o.clock, channels: o.channels, logger: o.logger, owner: o.owner, alertDestinations, explain: explainWith(o.config), ...o.sender });
  const outbox: OutboxService = { ...store, ...sender };
  const deps: ChaseDeps = {
    db: o.db,
    clock: o.clock,
    config: o.config,
    logger: o.logger,
    tickets: o.tickets,
    outbox: store,
    directory,
    calendars,
    parse: o.parse ?? parserFor(o.config),
    ...(o.reports ? { reports: o.reports } : {}),
    handOver: o.handOver ?? channelHandOver(o.channels),
  };
  const service = createTicketService(deps);
  const handler = createMessageHandler({ ...deps, service, afterHandled: () => sender.kick() });
  const sweep = createEscalationSweep({ db: o.db, clock: o.clock, logger: o.logger, owner: o.owner, directory, calendars, outbox: store, defaultDispatcher: o.config.assignment.defaultDispatcher });
  const coordinator = createRunCoordinator({ db: o.db, clock: o.clock, owner: o.owner });
  const scheduler = createScheduler({ clock: o.clock, logger: o.logger, coordinator, ...(o.heartbeat ? { heartbeat: o.heartbeat } : {}) });
  const holidayCheck = createHolidayCheck({ config: o.config, clock: o.clock, logger: o.logger, outbox: store, directory, platforms });

  if (o.processor) {
    const processor = o.processor;
    scheduler.onTick('inbox', () => processor.drain());
  }
  scheduler.onTick('escalation', () => sweep.sweep());
  scheduler.onTick('outbox', () => sender.drain());
  scheduler.registerJob('holiday-check', '30 8 * * *', async () => {
    await holidayCheck();
  });

  return { handler, outbox, scheduler, sweep, service, directory, deps, holidayCheck };
}
