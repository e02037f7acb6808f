// What a command handler gets, and the helpers every handler shares: answering, refusing (with
// the reason, recorded on the ticket), and applying a state-machine action with its SLA work
// and its messages in one transaction.
import type { EntityManager } from 'typeorm';
import type { InboundMessage, OutboundBody } from '../../channels/channel';
import type { StaffMember } from '../../config/directory-schema';
import type { TicketRow } from '../../db/entities/ticket.entity';
import type { TicketDeadlineRow } from '../../db/entities/ticket-deadline.entity';
import { ConflictError } from '../../lib/errors';
import type { OutboxItem } from '../../outbox/outbox-store';
import { IllegalTransitionError, STATUS_LABELS, type TicketAction } from '../state-machine';
import { insertTicketEvent, type Actor, type TicketPatch } from '../ticket-store';
import { replyTo, type ChaseDeps, type Sender } from '../chase-context';
import { listDeadlines } from '../sla-tracker';
import { chinaClock, kindText, ticketRef } from '../cards';
import { DEADLINE_LABELS } from '../sla-tracker';
import type { ParsedCommand } from './grammar';

export interface CommandContext {
  deps: ChaseDeps;
  message: InboundMessage;
  sender: Sender & { staff: StaffMember };
  cmd: ParsedCommand;
  /** Loaded when the command acts on a ticket. */
  ticket: TicketRow | null;
  actor: Actor;
  now: number;
  /** Staff named by @-mention (platform mentions first, then names written in the text). */
  targets: StaffMember[];
}

export type CommandHandler = (c: CommandContext) => Promise<void>;

export const ACTION_LABELS: Readonly<Record<TicketAction, string>> = {
  assign: '指派',
  claim: '接单',
  schedule: '预约',
  arrive: '签到',
  resolve: '完成',
  pause: '挂起',
  resume: '恢复',
  close: '关闭',
  reopen: '重新打开',
  cancel: '取消',
};

/** A ticket_event that changes no status (queries, refusals, notes). */
export function recordEvent(em: EntityManager, ticket: TicketRow, action: string, actor: Actor, at: number, note: string | null, data: Record<string, unknown> | null = null): Promise<void> {
  return insertTicketEvent(em, { ticket, action, actor, from: ticket.status, at, note, data });
}

export async function answer(c: CommandContext, body: OutboundBody, em?: EntityManager, part = 0): Promise<void> {
  await c.deps.outbox.enqueue(replyTo(c.message, body, c.ticket?.id ?? null, part), em);
}

/** A refusal says why, in Chinese, and is recorded on the ticket when there is one. */
export async function refuse(c: CommandContext, reason: string): Promise<void> {
  const body: OutboundBody = { title: `无法${c.cmd.word}${c.ticket ? ` #${c.ticket.code}` : ''}`, lines: [reason] };
  await c.deps.db.transaction(async (em) => {
    if (c.ticket) await recordEvent(em, c.ticket, 'refused', c.actor, c.now, reason, { command: c.cmd.word, text: c.message.text.slice(0, 500) });
    await answer(c, body, em);
  });
}

export function deadlineSummary(deadlines: TicketDeadlineRow[]): string[] {
  const open = deadlines.filter((d) => d.metAt === null);
  // A deadline already passed must not read like one still ahead.
  return open.length ? [`待完成：${open.map((d) => (d.breachedAt !== null ? `${DEADLINE_LABELS[d.name]}（已超时，原定 ${chinaClock(d.dueAt)}）` : `${DEADLINE_LABELS[d.name]} ${chinaClock(d.dueAt)} 前`)).join('；')}`] : [];
}

export function ack(t: TicketRow, headline: string, lines: string[], deadlines: TicketDeadlineRow[] = []): OutboundBody {
  return { title: `#${t.code} ${headline}`, lines: [`${ticketRef(t)} · ${kindText(t)} · ${STATUS_LABELS[t.status]}`, ...lines, ...deadlineSummary(deadlines)] };
}

export interface ApplyOptions {
  data?: Record<string, unknown>;
  note?: string | null;
  /** SLA work and messages, inside the same transaction; returns the reply body and other messages. */
  then: (em: EntityManager, t: TicketRow, deadlines: () => Promise<TicketDeadlineRow[]>) => Promise<{ reply: OutboundBody; more?: OutboxItem[] }>;
}

/**
 * A state-machine action (or, with action null, a plain update named `eventName`), its SLA work
 * and its messages, all or nothing. An illegal transition becomes a Chinese refusal.
 */
export async function apply(c: CommandContext, action: TicketAction | null, eventName: string, patch: TicketPatch, opts: ApplyOptions): Promise<TicketRow | null> {
  const t = c.ticket!;
  const store = c.deps.tickets;
  const changeOpts = {
    note: opts.note ?? (c.cmd.args || null),
    data: { command: c.cmd.word, ...(opts.data ?? {}) },
    within: async (em: EntityManager, updated: TicketRow) => {
      const { reply, more } = await opts.then(em, updated, () => listDeadlines(em, updated.id));
      await c.deps.outbox.enqueueAll([replyTo(c.message, reply, updated.id), ...(more ?? [])], em);
    },
  };
  try {
    return action ? await store.transition(t.code!, action, c.actor, patch, changeOpts) : await store.update(t.code!, eventName, c.actor, patch, changeOpts);
  } catch (err) {
    if (err instanceof IllegalTransitionError) {
      const why = err.kind === 'complaint' && (action === 'schedule' || action === 'arrive') ? '投诉工单没有上门环节' : `工单当前「${STATUS_LABELS[err.from]}」`;
      await refuse(c, `${why}，不能${ACTION_LABELS[err.action]}。`);
      return null;
    }
    if (err instanceof ConflictError) {
      await refuse(c, '工单刚被其他人修改，请稍后再试一次。');
      return null;
    }
    throw err;
  }
}
