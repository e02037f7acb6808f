// The monthly after-sales figures (月报), the quality team's input for 8D reports. Same rules
// as the daily figures: aggregates over range scans, China-time month boundaries as ms.
import type { Database } from '../db/database';
import type { Product } from '../config/directory-schema';
import { chinaMonth, monthRange } from './china-day';
import { addOpened, ALL_DEADLINES, rate } from './daily-query';
import { num, placeholders, query } from './sql';
import { JUDGED_DEADLINES, type JudgedDeadline, type MonthlyReport, type OpenedCounts, type Rate } from './types';

/** Customers (phone, else platform identity) with two or more tickets opened in the range [?, ?). */
const REPEAT_CUSTOMERS = `FROM tickets
        WHERE created_at >= ? AND created_at < ? AND (customer_phone IS NOT NULL OR customer_ref IS NOT NULL)
        GROUP BY cust HAVING COUNT(*) >= 2`;

export const REPEAT_TOP_MAX = 10;

export interface MonthlyInput {
  month: string;
  now: number;
  products: readonly Product[];
}

export async function loadMonthly(db: Database, input: MonthlyInput): Promise<MonthlyReport> {
  const { start, end } = monthRange(input.month);
  const cutoff = Math.min(end, input.now);
  const range = [start, cutoff];
  const productName = (id: unknown) => (id === null || id === undefined ? '未识别产品' : (input.products.find((p) => p.id === id)?.name ?? String(id)));

  const [openedRows, causeRows, repeatSummary, repeatTop, faultRows, arrivalRows, targetRows, satRows, escalationRows] = await Promise.all([
    query(db, `SELECT kind, complaint_level, visit_type, COUNT(*) AS n FROM tickets WHERE created_at >= ? AND created_at < ? GROUP BY kind, complaint_level, visit_type`, range),
    query(
      db,
      `SELECT product, complaint_level, COUNT(*) AS n FROM tickets
        WHERE kind = 'complaint' AND created_at >= ? AND created_at < ? GROUP BY product, complaint_level`,
      range,
    ),
    query(
      db,
      `SELECT COUNT(*) AS customers, SUM(n) AS tickets, SUM(CASE WHEN c >= 2 THEN 1 ELSE 0 END) AS repeat_complaints
         FROM (SELECT COALESCE(customer_phone, customer_ref) AS cust, COUNT(*) AS n, SUM(CASE WHEN kind = 'complaint' THEN 1 ELSE 0 END) AS c
                 ${REPEAT_CUSTOMERS}) x`,
      range,
    ),
    query(
      db,
      `SELECT COALESCE(customer_phone, customer_ref) AS cust, COUNT(*) AS n,
              SUM(CASE WHEN kind = 'complaint' THEN 1 ELSE 0 END) AS c, SUM(CASE WHEN kind = 'visit' THEN 1 ELSE 0 END) AS v
         ${REPEAT_CUSTOMERS} ORDER BY n DESC, cust LIMIT ${REPEAT_TOP_MAX}`,
      range,
    ),
    query(
      db,
      `SELECT product, visit_type, COUNT(*) AS n FROM tickets
        WHERE kind = 'visit' AND created_at >= ? AND created_at < ? GROUP BY product, visit_type`,
      range,
    ),
    query(
      db,
      `SELECT t.visit_type AS visit_type, COUNT(*) AS due, SUM(CASE WHEN d.met_at IS NOT NULL AND d.met_at <= d.due_at THEN 1 ELSE 0 END) AS met
         FROM ticket_deadlines d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.name = 'arrival' AND d.due_at >= ? AND d.due_at < ? AND t.status <> 'cancelled'
        GROUP BY t.visit_type`,
      range,
    ),
    query(
      db,
      `SELECT d.name AS name, COUNT(*) AS due, SUM(CASE WHEN d.met_at IS NOT NULL AND d.met_at <= d.due_at THEN 1 ELSE 0 END) AS met
         FROM ticket_deadlines d
        WHERE d.name IN (${placeholders(ALL_DEADLINES)}) AND d.due_at >= ? AND d.due_at < ?
          AND d.ticket_id NOT IN (SELECT id FROM tickets WHERE status = 'cancelled')
        GROUP BY d.name`,
      [...ALL_DEADLINES, ...range],
    ),
    query(
      db,
      `SELECT t.satisfaction AS score, COUNT(*) AS n
         FROM ticket_deadlines d JOIN tickets t ON t.id = d.ticket_id
        WHERE d.name = 'follow_up' AND d.met_at >= ? AND d.met_at < ? AND t.satisfaction IS NOT NULL
        GROUP BY t.satisfaction`,
      range,
    ),
    query(db, `SELECT COUNT(*) AS n FROM ticket_events WHERE action = 'escalation' AND at >= ? AND at < ?`, range),
  ]);

  const opened: OpenedCounts = { total: 0, complaint: 0, visit: 0, complaintByLevel: { '1': 0, '2': 0, '3': 0 }, visitByType: { install: 0, repair: 0, maintenance: 0, inspection: 0 } };
  const complaintByVisitType: Record<string, number> = {};
  for (const r of openedRows) {
    addOpened(opened, String(r.kind), r.complaint_level, r.visit_type, num(r.n));
    if (r.kind === 'complaint' && r.visit_type !== null && r.visit_type !== undefined) {
      complaintByVisitType[String(r.visit_type)] = (complaintByVisitType[String(r.visit_type)] ?? 0) + num(r.n);
    }
  }

  const causes = new Map<string, { cause: string; causeName: string; level1: number; level2: number; level3: number; total: number }>();
  for (const r of causeRows) {
    const cause = r.product === null || r.product === undefined ? 'unknown' : String(r.product);
    const c = causes.get(cause) ?? { cause, causeName: productName(r.product), level1: 0, level2: 0, level3: 0, total: 0 };
    const n = num(r.n);
    const level = num(r.complaint_level);
    if (level === 1) c.level1 += n;
    else if (level === 2) c.level2 += n;
    else if (level === 3) c.level3 += n;
    c.total += n;
    causes.set(cause, c);
  }
  const byCause = [...causes.values()].sort((a, b) => b.level3 - a.level3 || b.level2 - a.level2 || b.total - a.total || a.cause.localeCompare(b.cause));

  const faults = faultRows
    .map((r) => ({
      product: r.product === null || r.product === undefined ? 'unknown' : String(r.product),
      productName: productName(r.product),
      visitType: r.visit_type === null || r.visit_type === undefined ? 'unknown' : String(r.visit_type),
      count: num(r.n),
    }))
    .sort((a, b) => b.count - a.count || a.product.localeCompare(b.product) || a.visitType.localeCompare(b.visitType));

  let arrMet = 0;
  let arrDue = 0;
  const byVisitType: Record<string, Rate> = {};
  for (const r of arrivalRows) {
    const key = r.visit_type === null || r.visit_type === undefined ? 'unknown' : String(r.visit_type);
    const prev = byVisitType[key] ?? { met: 0, due: 0, rate: null };
    byVisitType[key] = rate(prev.met + num(r.met), prev.due + num(r.due));
    arrMet += num(r.met);
    arrDue += num(r.due);
  }

  const targetTotals = new Map(targetRows.map((r) => [String(r.name), { met: num(r.met), due: num(r.due) }]));
  const targets = Object.fromEntries(JUDGED_DEADLINES.map((k) => [k, rate(targetTotals.get(k)?.met ?? 0, targetTotals.get(k)?.due ?? 0)])) as Record<JudgedDeadline, Rate>;

  const distribution: Record<string, number> = {};
  let satCount = 0;
  let satSum = 0;
  for (const r of satRows) {
    const score = num(r.score);
    const n = num(r.n);
    distribution[String(score)] = (distribution[String(score)] ?? 0) + n;
    satCount += n;
    satSum += score * n;
  }

  const summary = repeatSummary[0] ?? {};
  return {
    month: input.month,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    asOf: new Date(cutoff).toISOString(),
    complete: input.now >= end,
    opened,
    complaints: { total: opened.complaint, byLevel: opened.complaintByLevel, byCause, byVisitType: complaintByVisitType },
    repeatCustomers: {
      customers: num(summary.customers),
      tickets: num(summary.tickets),
      withRepeatComplaints: num(summary.repeat_complaints),
      top: repeatTop.map((r) => ({ customer: maskCustomer(String(r.cust)), tickets: num(r.n), complaints: num(r.c), visits: num(r.v) })),
    },
    faults,
    punctuality: { overall: rate(arrMet, arrDue), byVisitType },
    targets,
    satisfaction: { count: satCount, average: satCount === 0 ? null : Math.round((satSum / satCount) * 100) / 100, distribution },
    escalations: num(escalationRows[0]?.n),
  };
}

/** Reports leave the bot (chat, CSV files): show enough to recognise a customer, not to call them. */
export function maskCustomer(key: string): string {
  if (/^\d{11}$/.test(key)) return `${key.slice(0, 3)}****${key.slice(7)}`;
  if (/^\d{7,}$/.test(key)) return `${key.slice(0, 3)}****${key.slice(-2)}`;
  return key.length <= 6 ? '****' : `****${key.slice(-4)}`;
}

export { chinaMonth };
