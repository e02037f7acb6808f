// Persistence of tickets and their audit trail. Every change is one transaction that updates
// the ticket (optimistically, by version) and appends a ticket_event, so the history can
// never disagree with the row.
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import type { Clock } from '../lib/clock';
import { ConflictError, NotFoundError } from '../lib/errors';
import type { Database } from '../db/database';
import { TicketEntity, type TicketRow } from '../db/entities/ticket.entity';
import { TicketEventEntity, type ActorType, type TicketEventRow } from '../db/entities/ticket-event.entity';
import { TicketDeadlineEntity, type TicketDeadlineRow } from '../db/entities/ticket-deadline.entity';
import { In } from 'typeorm';
import { nextStatus, type TicketAction, type TicketKind, type TicketStatus } from './state-machine';
import { codeForId } from './ticket-code';

/** Who did it and, when it came from chat, which message. */
export interface Actor {
  type: ActorType;
  id: string | null;
  messagePlatform?: string | null;
  messageId?: string | null;
}

export type NewTicket = Omit<
  TicketRow,
  'id' | 'code' | 'status' | 'statusBeforePause' | 'createdAt' | 'updatedAt' | 'resolvedAt' | 'closedAt' | 'version' | 'pausedAt' | 'pausedMs' | 'report' | 'satisfaction' | 'satisfactionNote' | 'caseWriteup'
> &
  Partial<Pick<TicketRow, 'status'>>;

export type TicketPatch = Partial<Omit<TicketRow, 'id' | 'code' | 'kind' | 'status' | 'createdAt' | 'version'>>;

export interface ChangeOptions {
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** Extra work inside the same transaction (timers, outbox rows). */
  within?: (em: EntityManager, ticket: TicketRow) => Promise<void>;
}

export interface TicketListQuery {
  status?: TicketStatus[];
  kind?: TicketKind;
  since?: number;
  /** Rows with an id below this one (the cursor). */
  beforeId?: number;
  limit: number;
}

export interface TicketStore {
  create(input: NewTicket, actor: Actor, opts?: ChangeOptions): Promise<TicketRow>;
  transition(code: string, action: TicketAction, actor: Actor, patch?: TicketPatch, opts?: ChangeOptions): Promise<TicketRow>;
  update(code: string, action: string, actor: Actor, patch: TicketPatch, opts?: ChangeOptions): Promise<TicketRow>;
  get(code: string): Promise<TicketRow>;
  find(code: string): Promise<TicketRow | null>;
  list(query: TicketListQuery): Promise<TicketRow[]>;
  events(ticketId: number): Promise<TicketEventRow[]>;
  /** The SLA deadlines of these tickets, by ticket id, earliest due first. */
  deadlines(ticketIds: number[]): Promise<Map<number, TicketDeadlineRow[]>>;
}

/** Appends one audit row; the ticket's current status is the "to" side. */
export async function insertTicketEvent(
  em: EntityManager,
  e: { ticket: TicketRow; action: string; actor: Actor; from: TicketStatus | null; at: number; note?: string | null; data?: Record<string, unknown> | null },
): Promise<void> {
  await em.getRepository(TicketEventEntity).insert({
    ticketId: e.ticket.id,
    at: e.at,
    actorType: e.actor.type,
    actorId: e.actor.id,
    action: e.action,
    fromStatus: e.from,
    toStatus: e.ticket.status,
    messagePlatform: e.actor.messagePlatform ?? null,
    messageId: e.actor.messageId ?? null,
    note: e.note ?? null,
    data: e.data ?? null,
  } as QueryDeepPartialEntity<TicketEventRow>);
}

export function createTicketStore(deps: { db: Database; clock: Clock }): TicketStore {
  const { db, clock } = deps;
  const tickets = (em: EntityManager) => em.getRepository(TicketEntity);

  async function change(code: string, action: string, actor: Actor, compute: (t: TicketRow, at: number) => TicketPatch & { status?: TicketStatus }, opts?: ChangeOptions): Promise<TicketRow> {
    return db.transaction(async (em) => {
      const current = await tickets(em).findOneBy({ code });
      if (!current) throw new NotFoundError(`no ticket #${code}`);
      const at = clock.now().getTime();
      const patch = { ...compute(current, at), updatedAt: at, version: current.version + 1 };
      const res = await tickets(em).update({ id: current.id, version: current.version }, patch as QueryDeepPartialEntity<TicketRow>);
      if (!res.affected) throw new ConflictError(`ticket #${code} was changed by someone else at the same moment; try again`);
      const updated = { ...current, ...patch } as TicketRow;
      await insertTicketEvent(em, { ticket: updated, action, actor, from: current.status, at, note: opts?.note, data: opts?.data });
      await opts?.within?.(em, updated);
      return updated;
    });
  }

  return {
    async create(input, actor, opts) {
      return db.transaction(async (em) => {
        const at = clock.now().getTime();
        const row = tickets(em).create({
          ...input,
          status: input.status ?? 'open',
          statusBeforePause: null,
          pausedAt: null,
          pausedMs: 0,
          report: null,
          satisfaction: null,
          satisfactionNote: null,
          caseWriteup: null,
          createdAt: at,
          updatedAt: at,
          resolvedAt: null,
          closedAt: null,
          version: 1,
          code: null,
        });
        const saved = await tickets(em).save(row);
        const code = codeForId(saved.id);
        await tickets(em).update({ id: saved.id }, { code });
        const ticket = { ...saved, code };
        await insertTicketEvent(em, { ticket, action: 'create', actor, from: null, at, note: opts?.note, data: opts?.data });
        await opts?.within?.(em, ticket);
        return ticket;
      });
    },

    transition(code, action, actor, patch = {}, opts) {
      return change(
        code,
        action,
        actor,
        (t, at) => {
          const to = nextStatus(t, action);
          const timing: TicketPatch = {};
          if (action === 'pause') Object.assign(timing, { statusBeforePause: t.status, pausedAt: at });
          if (action === 'resume') Object.assign(timing, { statusBeforePause: null, pausedAt: null, pausedMs: t.pausedMs + (t.pausedAt === null ? 0 : at - t.pausedAt) });
          if (to === 'resolved') timing.resolvedAt = at;
          if (to === 'closed') timing.closedAt = at;
          if (action === 'reopen') Object.assign(timing, { resolvedAt: null, closedAt: null });
          // Closing or resolving a paused ticket banks the paused time, so it is never lost.
          if (t.status === 'pending' && action !== 'resume' && t.pausedAt !== null) Object.assign(timing, { pausedAt: null, statusBeforePause: null, pausedMs: t.pausedMs + (at - t.pausedAt) });
          return { ...patch, ...timing, status: to };
        },
        opts,
      );
    },

    update(code, action, actor, patch, opts) {
      return change(code, action, actor, () => patch, opts);
    },

    async get(code) {
      const t = await db.ds.getRepository(TicketEntity).findOneBy({ code });
      if (!t) throw new NotFoundError(`no ticket #${code}`);
      return t;
    },

    find(code) {
      return db.ds.getRepository(TicketEntity).findOneBy({ code });
    },

    async list(q) {
      const qb = db.ds.getRepository(TicketEntity).createQueryBuilder('t').orderBy('t.id', 'DESC').take(q.limit);
      if (q.status?.length) qb.andWhere('t.status IN (:...status)', { status: q.status });
      if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
      if (q.since !== undefined) qb.andWhere('t.created_at >= :since', { since: q.since });
      if (q.beforeId !== undefined) qb.andWhere('t.id < :beforeId', { beforeId: q.beforeId });
      return qb.getMany();
    },

    events(ticketId) {
      return db.ds.getRepository(TicketEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
    },

    async deadlines(ticketIds) {
      const byTicket = new Map<number, TicketDeadlineRow[]>(ticketIds.map((id) => [id, []]));
      if (!ticketIds.length) return byTicket;
      const rows = await db.ds.getRepository(TicketDeadlineEntity).find({ where: { ticketId: In(ticketIds) }, order: { dueAt: 'ASC', id: 'ASC' } });
      for (const r of rows) byTicket.get(r.ticketId)?.push(r);
      return byTicket;
    },
  };
}
