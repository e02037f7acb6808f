// Everything the chase flow (intake, commands, notices) works with, passed once.
import type { EntityManager } from 'typeorm';
import type { InboundMessage, OutboundBody, Platform } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';
import type { StaffMember } from '../config/directory-schema';
import type { Database } from '../db/database';
import type { TicketRow } from '../db/entities/ticket.entity';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Parse } from '../intake/types';
import type { BusinessCalendar } from '../sla/calendar';
import type { Outbox, OutboxItem } from '../outbox/outbox-store';
import type { Directory } from './directory';
import type { TicketStore } from './ticket-store';
import { calendarOf, type FrozenPolicy } from './policy';

/** The reports engineer's chat hook (日报 / 月报); absent → "暂不可用". */
export interface ReportsPort {
  answerCommand(text: string, platform: Platform): Promise<OutboundBody[] | null>;
}

/** Moves a WeCom kf customer to a person (人工 / 转人工). Resolves false when it cannot. */
/**
 * Whether this customer's conversation can be handed to a person. The hand-over itself happens
 * in the channel right after the reply carrying `handOverAfterSend` is delivered (WeCom kf lets
 * the bot write only before the session leaves it).
 */
export type HandOver = (message: InboundMessage) => boolean;

export interface ChaseDeps {
  db: Database;
  clock: Clock;
  config: OperatorConfig;
  logger: Logger;
  tickets: TicketStore;
  outbox: Outbox;
  directory: Directory;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  parse: Parse;
  reports?: ReportsPort;
  handOver?: HandOver;
}

/** Who wrote a message, as far as the chase is concerned. */
export interface Sender {
  staff: StaffMember | null;
  customer: boolean;
  /** `<platform>:<sender id>` for customers. */
  customerRef: string | null;
}

export function frozenOf(t: TicketRow): FrozenPolicy {
  return t.policy as FrozenPolicy;
}

export function calendarFor(deps: ChaseDeps, t: TicketRow): BusinessCalendar {
  return calendarOf(frozenOf(t), deps.calendars);
}

/** The answer to a message, in the conversation it came from; one key per message (and part). */
export function replyTo(message: InboundMessage, body: OutboundBody, ticketId: number | null = null, part = 0): OutboxItem {
  return {
    destination: { kind: 'reply', platform: message.platform, conversation: message.conversation, ...(message.replyContext ? { context: message.replyContext } : {}) },
    body,
    idempotencyKey: `reply:${message.platform}:${message.messageId}${part ? `:${part}` : ''}`,
    ticketId,
  };
}

export async function enqueue(deps: ChaseDeps, items: OutboxItem[], em?: EntityManager): Promise<void> {
  await deps.outbox.enqueueAll(items, em);
}
