// The escalation sweep: claims due timers (lease; SKIP LOCKED on MySQL), decides each with the
// pure runStep, and in ONE transaction per batch marks the timers fired or stale, records an
// 'escalation' ticket_event per fired step, plans repeats, marks breached deadlines and
// enqueues the notices — several due to one person together as one digest. The timer rows are
// settled only if this instance still holds their lease, otherwise the whole batch rolls back,
// so a step fires at most once however many instances sweep and wherever one crashes.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import type { Destination, Platform } from '../channels/channel';
import type { StaffMember } from '../config/directory-schema';
import type { Database } from '../db/database';
import { claimRows } from '../db/claim';
import { TimerEntity, type TimerRow } from '../db/entities/timer.entity';
import { TicketEntity, type TicketRow } from '../db/entities/ticket.entity';
import { TicketDeadlineEntity, type TicketDeadlineRow } from '../db/entities/ticket-deadline.entity';
import { TicketEventEntity, type TicketEventRow } from '../db/entities/ticket-event.entity';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { BusinessCalendar } from '../sla/calendar';
import type { Outbox, OutboxItem } from '../outbox/outbox-store';
import { destinationKey } from '../outbox/codec';
import type { Directory } from '../tickets/directory';
import { calendarOf, type FrozenPolicy } from '../tickets/policy';
import { DEADLINE_LABELS, isUrgent } from '../tickets/sla-tracker';
import { chinaClock, kindText, spanText, ticketRef } from '../tickets/cards';
import { departmentManager, serviceManager, ticketGroup } from '../tickets/notices';
import { ACTIVE_STATUSES } from '../tickets/state-machine';
import { groupIntoDigests, type Notice } from './digest';
import { runStep, type StepSubject, type StepTimer } from './step';
import type { DeadlineName, Target } from './config-schema';
import { insertTimers, stepTimerKey, type BreachTimerData } from './timer-store';

export interface EscalationSweepDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  owner: string;
  directory: Directory;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  outbox: Outbox;
  defaultDispatcher: string;
  leaseMs?: number;
  batchSize?: number;
}

export interface EscalationSweep {
  /** Claims and settles due timers until none are left; resolves with how many were settled. */
  sweep(): Promise<number>;
}

interface Recipient {
  key: string;
  destination: Destination;
  mentions: { userId: string; mobile?: string; name?: string }[];
}

/** Actions that are not someone acting on the ticket. */
const NOT_ACTING = ['query', 'refused', 'escalation', 'sla_breach'];

export function createEscalationSweep(deps: EscalationSweepDeps): EscalationSweep {
  const { db, clock, logger, owner, directory: dir } = deps;
  const leaseMs = deps.leaseMs ?? 120_000;
  const batchSize = deps.batchSize ?? 100;

  /** Which statuses a deadline's breach counts in: the follow-up call belongs to a resolved visit. */
  function breachLive(t: TicketRow, deadline: DeadlineName): boolean {
    return deadline === 'follow_up' ? t.status === 'resolved' : (ACTIVE_STATUSES as readonly string[]).includes(t.status);
  }

  function staffRecipient(s: StaffMember | undefined, t: TicketRow): Recipient[] {
    if (!s) return [];
    const destination = dir.reachStaff(s, t.sourcePlatform as Platform);
    return destination ? [{ key: `staff:${s.id}`, destination, mentions: [] }] : [];
  }

  function groupRecipient(destination: Destination | null, mention: StaffMember | undefined): Recipient[] {
    if (!destination) return [];
    const m = mention ? dir.mention(mention, destination.platform) : null;
    return [{ key: `group:${destinationKey(destination)}`, destination, mentions: m ? [m] : [] }];
  }

  function recipients(target: Target, t: TicketRow): Recipient[] {
    const assignee = t.assigneeId ? dir.staff(t.assigneeId) : undefined;
    switch (target) {
      case 'assignee':
        return staffRecipient(assignee ?? dir.staff(deps.defaultDispatcher), t);
      case 'group':
        return groupRecipient(ticketGroup(dir, t), assignee ?? dir.staff(deps.defaultDispatcher));
      case 'manager':
        return staffRecipient(departmentManager(dir, t), t);
      case 'service_manager': {
        const sm = serviceManager(dir, t);
        const g = groupRecipient(dir.conversation('managers', t.sourcePlatform as Platform), sm);
        return g.length ? g : staffRecipient(sm, t);
      }
      case 'executive':
        return dir.withRole('executive').flatMap((s) => staffRecipient(s, t));
      case 'dispatcher':
        return staffRecipient(dir.staff(deps.defaultDispatcher), t);
    }
  }

  function noticeLine(t: TicketRow, deadline: DeadlineName, dueAt: number, overdueMs: number, target: Target, offset: number): { title: string; line: string } {
    const label = DEADLINE_LABELS[deadline];
    const owner = t.assigneeId ? (dir.staff(t.assigneeId)?.name ?? t.assigneeId) : '未指派';
    const who = target === 'assignee' ? '' : `，负责人：${owner}`;
    if (overdueMs < 0) return { title: `【提醒】#${t.code} ${label}即将到期`, line: `【提醒】${ticketRef(t)} ${kindText(t)}：${label}还剩 ${spanText(-overdueMs)}（${chinaClock(dueAt)} 到期）${who}` };
    // A heartbeat fires a few seconds late; a step planned at the deadline still reads "due".
    if (offset <= 0 && overdueMs < 60_000) return { title: `【到期】#${t.code} ${label}已到期`, line: `【到期】${ticketRef(t)} ${kindText(t)}：${label}已到期（${chinaClock(dueAt)}），请立即处理${who}` };
    return { title: `【超时】#${t.code} ${label}已超时`, line: `【超时】${ticketRef(t)} ${kindText(t)}：${label}已超时 ${spanText(overdueMs)}（截止 ${chinaClock(dueAt)}）${who}` };
  }

  async function settleBatch(em: EntityManager, ids: number[], now: number): Promise<number> {
    const timers = await em.getRepository(TimerEntity).find({ where: { id: In(ids), status: 'pending', claimedBy: owner }, order: { dueAt: 'ASC', id: 'ASC' } });
    if (!timers.length) return 0;
    const ticketIds = [...new Set(timers.map((t) => t.ticketId).filter((x): x is number => x !== null))];
    const tickets = new Map((await em.getRepository(TicketEntity).findBy({ id: In(ticketIds) })).map((t) => [t.id, t]));
    const deadlineRows = await em.getRepository(TicketDeadlineEntity).findBy({ ticketId: In(ticketIds) });
    const deadlines = new Map<number, TicketDeadlineRow[]>();
    for (const d of deadlineRows) deadlines.set(d.ticketId, [...(deadlines.get(d.ticketId) ?? []), d]);
    const lastActs: { ticket_id: number | string; last: number | string | null }[] = ticketIds.length
      ? await em.query(
          `SELECT ticket_id, MAX(at) AS last FROM ticket_events WHERE ticket_id IN (${ticketIds.map(() => '?').join(',')}) AND actor_type = 'staff' AND action NOT IN (${NOT_ACTING.map(() => '?').join(',')}) GROUP BY ticket_id`,
          [...ticketIds, ...NOT_ACTING],
        )
      : [];
    const lastAct = new Map(lastActs.map((r) => [Number(r.ticket_id), r.last === null ? null : Number(r.last)]));

    const settled = new Map<number, 'fired' | 'stale' | 'failed'>();
    const notices: (Notice & { title: string; timerKey: string })[] = [];
    const reach = new Map<string, Recipient>();
    const events: QueryDeepPartialEntity<TicketEventRow>[] = [];
    const repeats: StepTimer[] = [];
    const repeatOwners: number[] = [];

    for (const timer of timers) {
      const t = timer.ticketId !== null ? tickets.get(timer.ticketId) : undefined;
      if (!t) {
        settled.set(timer.id, 'stale');
        continue;
      }
      try {
        const ds = deadlines.get(t.id) ?? [];
        if (timer.kind === 'breach') {
          const data = timer.data as BreachTimerData;
          const d = ds.find((x) => x.name === data.deadline);
          const active = breachLive(t, data.deadline);
          if (!d || d.dueAt !== data.dueAt || d.metAt !== null || d.breachedAt !== null || !active) {
            settled.set(timer.id, 'stale');
            continue;
          }
          await em.getRepository(TicketDeadlineEntity).update({ id: d.id }, { breachedAt: d.dueAt, updatedAt: now });
          events.push({ ticketId: t.id, at: now, actorType: 'system', actorId: null, action: 'sla_breach', fromStatus: t.status, toStatus: t.status, messagePlatform: null, messageId: null, note: `${DEADLINE_LABELS[data.deadline]}超时`, data: { deadline: data.deadline, dueAt: d.dueAt } } as QueryDeepPartialEntity<TicketEventRow>);
          settled.set(timer.id, 'fired');
          continue;
        }
        const st = timer.data as StepTimer;
        const frozen = t.policy as FrozenPolicy;
        const step = frozen.chains[st.chain]?.[st.stepIndex];
        if (!step) {
          settled.set(timer.id, 'stale');
          continue;
        }
        const calendar = calendarOf(frozen, deps.calendars);
        const subject: StepSubject = {
          status: t.status,
          assigneeId: t.assigneeId,
          complaintLevel: t.complaintLevel,
          deadlines: Object.fromEntries(ds.map((d) => [d.name, { dueAt: d.dueAt, metAt: d.metAt }])),
          lastStaffActionAt: lastAct.get(t.id) ?? null,
        };
        const opts = { urgent: isUrgent(t), calendar };
        const outcome = runStep(st, step, subject, now, opts);
        if (outcome.kind === 'stale') {
          logger.debug({ timer: timer.timerKey, reason: outcome.reason }, 'escalation timer is stale');
          settled.set(timer.id, 'stale');
          continue;
        }
        const rs = recipients(outcome.notify, t);
        if (!rs.length) logger.error({ ticket: t.code, notify: outcome.notify }, 'escalation step has nobody reachable to notify; check staff platform ids and conversations');
        const { title, line } = noticeLine(t, st.deadline, st.deadlineDueAt, outcome.overdueMs, outcome.notify, step.offset);
        for (const r of rs) {
          reach.set(r.key, reach.has(r.key) ? { ...r, mentions: mergeMentions(reach.get(r.key)!.mentions, r.mentions) } : r);
          notices.push({ recipient: r.key, ticketCode: t.code!, line, urgent: opts.urgent || step.urgent, title, timerKey: timer.timerKey });
        }
        events.push({ ticketId: t.id, at: now, actorType: 'system', actorId: null, action: 'escalation', fromStatus: t.status, toStatus: t.status, messagePlatform: null, messageId: null, note: line, data: { chain: st.chain, stepIndex: st.stepIndex, deadline: st.deadline, repeat: st.repeat, notify: outcome.notify, overdueMs: outcome.overdueMs, recipients: rs.map((r) => r.key), timerKey: timer.timerKey } } as QueryDeepPartialEntity<TicketEventRow>);
        if (outcome.next) {
          repeats.push(outcome.next);
          repeatOwners.push(t.id);
        }
        settled.set(timer.id, 'fired');
      } catch (err) {
        logger.error({ err, timer: timer.timerKey }, 'escalation timer could not be decided; it is set aside');
        settled.set(timer.id, 'failed');
      }
    }

    // Settle first: if another instance took a lease over in the meantime, roll everything back.
    for (const [status, group] of groupBy(settled)) {
      const res = await em.createQueryBuilder().update(TimerEntity).set({ status, firedAt: status === 'fired' ? now : null, claimedUntil: null } as QueryDeepPartialEntity<TimerRow>).where({ id: In(group), status: 'pending', claimedBy: owner }).execute();
      if ((res.affected ?? group.length) !== group.length) throw new Error('escalation timers were taken over by another instance; this batch is rolled back');
    }
    if (events.length) await em.getRepository(TicketEventEntity).insert(events);
    await insertTimers(
      em,
      repeats.map((r, i) => ({ key: stepTimerKey(repeatOwners[i]!, r), ticketId: repeatOwners[i]!, kind: 'step' as const, dueAt: r.dueAt, data: r })),
      now,
    );
    const items: OutboxItem[] = [];
    for (const digest of groupIntoDigests(notices)) {
      const r = reach.get(digest.recipient)!;
      const full = digest.notices as (Notice & { title: string; timerKey: string })[];
      const keys = [...new Set(full.map((n) => n.timerKey))].sort();
      const idempotencyKey = keys.length === 1 ? `${keys[0]}:${digest.recipient}` : `esc-digest:${digest.recipient}:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`;
      const ticketId = full.length === 1 ? (tickets.get(timers.find((x) => x.timerKey === full[0]!.timerKey)?.ticketId ?? -1)?.id ?? null) : null;
      items.push({
        destination: r.destination,
        body: { title: full.length === 1 ? full[0]!.title : `工单提醒（${full.length} 条）`, lines: full.map((n) => n.line), ...(r.mentions.length ? { mentions: r.mentions } : {}) },
        idempotencyKey,
        ticketId,
      });
    }
    await deps.outbox.enqueueAll(items, em);
    return timers.length;
  }

  return {
    async sweep() {
      let total = 0;
      for (let round = 0; round < 20; round++) {
        const now = clock.now().getTime();
        const ids = await claimRows(db, { table: 'timers', where: "status = 'pending' AND due_at <= ?", params: [now], orderBy: 'due_at, id', limit: batchSize, owner, leaseMs, now });
        if (!ids.length) break;
        try {
          total += await db.transaction((em) => settleBatch(em, ids, now));
        } catch (err) {
          logger.error({ err, timers: ids.length }, 'escalation batch failed; its timers are retried when their lease ends');
          break;
        }
      }
      return total;
    },
  };
}

function mergeMentions<T extends { userId: string }>(a: T[], b: T[]): T[] {
  return [...a, ...b.filter((m) => !a.some((x) => x.userId === m.userId))];
}

function groupBy(m: Map<number, string>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [id, status] of m) out.set(status, [...(out.get(status) ?? []), id]);
  return out;
}

