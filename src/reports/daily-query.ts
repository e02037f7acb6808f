// The daily dashboard's figures: a handful of aggregate queries, each a range scan on an
// index (see migration 0006). Nothing here loads tickets; the only row lists are the top
// overdue tickets, capped.
import type { Database } from '../db/database';
import type { StaffMember } from '../config/directory-schema';
import { ACTIVE_STATUSES, UNFINISHED_STATUSES } from '../tickets/state-machine';
import { addDays, chinaDay, DAY_MS, dayStart } from './china-day';
import { restDayName } from './rest-day';
import { dayBucket, num, placeholders, query } from './sql';
import { JUDGED_DEADLINES, type DailyReport, type DayFigures, type JudgedDeadline, type OpenedCounts, type OverdueTicket, type PersonLine, type Rate } from './types';

export const ALL_DEADLINES = ['first_response', 'resolution', 'dispatch', 'contact', 'arrival', 'report', 'follow_up'] as const;
/** How many overdue tickets the report lists; the total is always counted. */
export const OVERDUE_LIST_MAX = 100;

export interface DailyInput {
  date: string;
  now: number;
  staff: readonly StaffMember[];
  defaultDispatcher?: string;
}

export function rate(met: number, due: number): Rate {
  return { met, due, rate: due === 0 ? null : met / due };
}

function emptyOpened(): OpenedCounts {
  return { total: 0, complaint: 0, visit: 0, complaintByLevel: { '1': 0, '2': 0, '3': 0 }, visitByType: { install: 0, repair: 0, maintenance: 0, inspection: 0 } };
}

export function addOpened(o: OpenedCounts, kind: string, level: unknown, visitType: unknown, n: number): void {
  o.total += n;
  if (kind === 'complaint') {
    o.complaint += n;
    const key = level === null || level === undefined ? 'unknown' : String(num(level));
    o.complaintByLevel[key] = (o.complaintByLevel[key] ?? 0) + n;
  } else if (kind === 'visit') {
    o.visit += n;
    const key = visitType === null || visitType === undefined ? 'unknown' : String(visitType);
    o.visitByType[key] = (o.visitByType[key] ?? 0) + n;
  }
}

function emptyTargets(): Record<JudgedDeadline, { met: number; due: number }> {
  return { first_response: { met: 0, due: 0 }, resolution: { met: 0, due: 0 }, arrival: { met: 0, due: 0 }, follow_up: { met: 0, due: 0 } };
}

function toRates(t: Record<JudgedDeadline, { met: number; due: number }>): Record<JudgedDeadline, Rate> {
  return Object.fromEntries(JUDGED_DEADLINES.map((k) => [k, rate(t[k].met, t[k].due)])) as Record<JudgedDeadline, Rate>;
}

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;
const avg = (sum: number, count: number) => (count === 0 ? null : round(sum / count));

export async function loadDaily(db: Database, input: DailyInput): Promise<DailyReport> {
  const { date, now } = input;
  const start = dayStart(date);
  const end = start + DAY_MS;
  const cutoff = Math.min(end, now);
  const windowStart = start - 7 * DAY_MS; // the previous 7 days and the report day, bucketed by day
  const days = Array.from({ length: 8 }, (_, i) => addDays(date, i - 7));
  const bucketIndex = (dayStartMs: unknown) => Math.round((num(dayStartMs) - windowStart) / DAY_MS);

  const per = days.map(() => ({ opened: emptyOpened(), targets: emptyTargets(), escalations: 0, satCount: 0, satSum: 0 }));
  const personDay = new Map<string | null, { met: number; due: number }>();

  const [openedRows, deadlineRows, escalationRows, satRows, openRows, overdueCountRows, overdueRows] = await Promise.all([
    query(
      db,
      `SELECT ${dayBucket('created_at', windowStart)} AS day_start, kind, complaint_level, visit_type, COUNT(*) AS n
         FROM tickets WHERE created_at >= ? AND created_at < ?
         GROUP BY day_start, kind, complaint_level, visit_type`,
      [windowStart, cutoff],
    ),
    query(
      db,
      `SELECT ${dayBucket('d.due_at', windowStart)} AS day_start, d.name AS name, t.assignee_id AS assignee_id, COUNT(*) AS due,
              SUM(CASE WHEN d.met_at IS NOT NULL AND d.met_at <= d.due_at THEN 1 ELSE 0 END) AS met
         FROM ticket_deadlines d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.name IN (${placeholders(ALL_DEADLINES)}) AND d.due_at >= ? AND d.due_at < ? AND t.status <> 'cancelled'
        GROUP BY day_start, d.name, t.assignee_id`,
      [...ALL_DEADLINES, windowStart, cutoff],
    ),
    query(
      db,
      `SELECT ${dayBucket('at', windowStart)} AS day_start, COUNT(*) AS n
         FROM ticket_events WHERE action = 'escalation' AND at >= ? AND at < ?
         GROUP BY day_start`,
      [windowStart, cutoff],
    ),
    query(
      db,
      `SELECT ${dayBucket('d.met_at', windowStart)} AS day_start, COUNT(*) AS n, SUM(t.satisfaction) AS s
         FROM ticket_deadlines d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.name = 'follow_up' AND d.met_at >= ? AND d.met_at < ? AND t.satisfaction IS NOT NULL
        GROUP BY day_start`,
      [windowStart, cutoff],
    ),
    query(db, `SELECT assignee_id, COUNT(*) AS n FROM tickets WHERE status IN (${placeholders(UNFINISHED_STATUSES)}) GROUP BY assignee_id`, [...UNFINISHED_STATUSES]),
    query(db, `SELECT assignee_id, COUNT(*) AS n FROM (${overdueTicketsSql('t.id AS id, t.assignee_id AS assignee_id', true)}) x GROUP BY assignee_id`, [...ACTIVE_STATUSES, now, now]),
    query(
      db,
      `SELECT * FROM (${overdueTicketsSql(
        't.id AS id, t.code AS code, t.summary AS summary, t.kind AS kind, t.complaint_level AS complaint_level, t.status AS status, t.assignee_id AS assignee_id, d.name AS name, d.due_at AS due_at',
        false,
      )}) x ORDER BY due_at, id LIMIT ${OVERDUE_LIST_MAX * 3}`,
      [...ACTIVE_STATUSES, now, now],
    ),
  ]);

  for (const r of openedRows) {
    const b = per[bucketIndex(r.day_start)];
    if (b) addOpened(b.opened, String(r.kind), r.complaint_level, r.visit_type, num(r.n));
  }
  for (const r of deadlineRows) {
    const i = bucketIndex(r.day_start);
    const b = per[i];
    if (!b) continue;
    const name = String(r.name) as JudgedDeadline;
    if (name in b.targets) {
      b.targets[name].met += num(r.met);
      b.targets[name].due += num(r.due);
    }
    if (i === 7) {
      const key = (r.assignee_id as string | null) ?? null;
      const p = personDay.get(key) ?? { met: 0, due: 0 };
      p.met += num(r.met);
      p.due += num(r.due);
      personDay.set(key, p);
    }
  }
  for (const r of escalationRows) {
    const b = per[bucketIndex(r.day_start)];
    if (b) b.escalations += num(r.n);
  }
  for (const r of satRows) {
    const b = per[bucketIndex(r.day_start)];
    if (b) {
      b.satCount += num(r.n);
      b.satSum += num(r.s);
    }
  }

  const today = per[7]!;
  const prev = per.slice(0, 7);
  const prevTargets = emptyTargets();
  for (const p of prev) for (const k of JUDGED_DEADLINES) {
    prevTargets[k].met += p.targets[k].met;
    prevTargets[k].due += p.targets[k].due;
  }
  const prevSatCount = prev.reduce((a, p) => a + p.satCount, 0);
  const prevSatSum = prev.reduce((a, p) => a + p.satSum, 0);
  const prevOpened = round(prev.reduce((a, p) => a + p.opened.total, 0) / 7);
  const prevEscalations = round(prev.reduce((a, p) => a + p.escalations, 0) / 7);
  const targets = toRates(today.targets);
  const previousTargets = toRates(prevTargets);
  const satisfaction = { count: today.satCount, average: avg(today.satSum, today.satCount) };
  const prevSatisfaction = { count: prevSatCount, average: avg(prevSatSum, prevSatCount) };

  const week: DayFigures[] = per.slice(1).map((p, i) => ({
    date: days[i + 1]!,
    opened: p.opened.total,
    targets: toRates(p.targets),
    escalations: p.escalations,
    satisfaction: { count: p.satCount, average: avg(p.satSum, p.satCount) },
  }));

  const staffById = new Map(input.staff.map((s) => [s.id, s]));
  const overdueTickets: OverdueTicket[] = [];
  const seen = new Set<number>();
  for (const r of overdueRows) {
    const id = num(r.id);
    if (seen.has(id)) continue;
    seen.add(id);
    if (overdueTickets.length >= OVERDUE_LIST_MAX) break;
    const assignee = (r.assignee_id as string | null) ?? null;
    const ownerId = assignee ?? input.defaultDispatcher ?? null;
    const dueAt = num(r.due_at);
    overdueTickets.push({
      code: String(r.code),
      summary: String(r.summary ?? ''),
      kind: String(r.kind),
      complaintLevel: r.complaint_level === null || r.complaint_level === undefined ? null : num(r.complaint_level),
      status: String(r.status),
      deadline: String(r.name),
      dueAt: new Date(dueAt).toISOString(),
      overdueMinutes: Math.floor((now - dueAt) / 60_000),
      ownerId,
      ownerName: ownerId ? (staffById.get(ownerId)?.name ?? ownerId) : null,
      ownerIsDispatcher: assignee === null && ownerId !== null,
    });
  }

  const openBy = new Map(openRows.map((r) => [(r.assignee_id as string | null) ?? null, num(r.n)]));
  const overdueBy = new Map(overdueCountRows.map((r) => [(r.assignee_id as string | null) ?? null, num(r.n)]));
  const people: PersonLine[] = [];
  const ids = new Set<string>();
  for (const m of [openBy, overdueBy, personDay]) for (const k of m.keys()) if (k !== null) ids.add(k);
  for (const id of ids) {
    const d = personDay.get(id) ?? { met: 0, due: 0 };
    people.push({ staffId: id, name: staffById.get(id)?.name ?? id, open: openBy.get(id) ?? 0, overdue: overdueBy.get(id) ?? 0, ...rate(d.met, d.due) });
  }
  people.sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.staffId.localeCompare(b.staffId));

  const pp = (a: number | null, b: number | null) => (a === null || b === null ? null : round((a - b) * 100, 1));
  return {
    date,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    asOf: new Date(cutoff).toISOString(),
    complete: now >= end,
    restDay: restDayName(date),
    opened: today.opened,
    targets,
    satisfaction,
    escalations: today.escalations,
    previous7: {
      from: new Date(windowStart).toISOString(),
      to: new Date(start).toISOString(),
      openedPerDay: prevOpened,
      escalationsPerDay: prevEscalations,
      targets: previousTargets,
      satisfaction: prevSatisfaction,
    },
    change: {
      opened: round(today.opened.total - prevOpened),
      escalations: round(today.escalations - prevEscalations),
      targets: Object.fromEntries(JUDGED_DEADLINES.map((k) => [k, pp(targets[k].rate, previousTargets[k].rate)])) as Record<JudgedDeadline, number | null>,
      satisfaction: satisfaction.average === null || prevSatisfaction.average === null ? null : round(satisfaction.average - prevSatisfaction.average),
    },
    week,
    backlog: {
      asOf: new Date(now).toISOString(),
      open: [...openBy.values()].reduce((a, n) => a + n, 0),
      overdue: [...overdueBy.values()].reduce((a, n) => a + n, 0),
      overdueTickets,
      people,
    },
  };
}

/**
 * Overdue now: an unmet deadline already past, on a ticket whose clock runs (active statuses;
 * paused tickets' deadlines move when they resume), or a follow-up still owed on a resolved one.
 * Two selective halves (statuses are disjoint, so UNION ALL never counts a ticket twice):
 * the first drives from the few active tickets, the second from unmet follow-ups.
 * Params: ...ACTIVE_STATUSES, now, now.
 */
function overdueTicketsSql(columns: string, distinct: boolean): string {
  return `SELECT ${distinct ? 'DISTINCT ' : ''}${columns}
            FROM tickets t JOIN ticket_deadlines d ON d.ticket_id = t.id
           WHERE t.status IN (${placeholders(ACTIVE_STATUSES)}) AND d.met_at IS NULL AND d.due_at < ?
          UNION ALL
          SELECT ${columns}
            FROM ticket_deadlines d JOIN tickets t ON t.id = d.ticket_id
           WHERE d.name = 'follow_up' AND d.met_at IS NULL AND d.due_at < ? AND t.status = 'resolved'`;
}

export { chinaDay };
