// The daily report over 1,000,000 tickets on MySQL: how long it takes (target under 2 s) and
// the peak memory while it runs. Seeds a dedicated database (gongdan_bench by default) once
// with multi-row INSERTs and reuses it on later runs.
//   GONGDAN_BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/test npx tsx bench/report.bench.ts
import { performance } from 'node:perf_hooks';
import { createConnection, type Connection } from 'mysql2/promise';
import { connectDatabase, type Database } from '../src/db/database';
import { ManualClock } from '../src/lib/clock';
import { createReportService } from '../src/reports/service';
import { loadOperatorConfig } from '../src/config/load-operator-config';
import { join } from 'node:path';

const TICKETS = Number(process.env.GONGDAN_BENCH_TICKETS ?? 1_000_000);
const DB_NAME = process.env.GONGDAN_BENCH_DB ?? 'gongdan_bench';
const DAY = 86_400_000;
/** The report day is the last of the seeded year; "now" is 09:00 the morning after (China time). */
const REPORT_DAY = '2026-12-03';
const NOW = Date.parse('2026-12-04T09:00:00+08:00');
const END = Date.parse('2026-12-04T00:00:00+08:00');
const START = END - 365 * DAY;
const STAFF = ['wang.agent', 'li.dispatcher', 'zhang.engineer', 'liu.engineer', 'chen.sales', 'zhao.manager'];
const PRODUCTS = ['ro-purifier', 'water-heater', 'softener', null];
const VISIT_TYPES = ['install', 'repair', 'maintenance', 'inspection'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(conn: Connection): Promise<void> {
  const rand = rng(20261203);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  await conn.query('SET unique_checks = 0, foreign_key_checks = 0');
  for (const t of ['ticket_events', 'ticket_deadlines', 'tickets']) await conn.query(`DELETE FROM ${t}`);
  const BATCH = 5000;
  let deadlines: unknown[][] = [];
  let events: unknown[][] = [];
  const flush = async (force: boolean) => {
    if (deadlines.length >= BATCH || (force && deadlines.length)) {
      await conn.query('INSERT INTO ticket_deadlines (ticket_id, name, due_at, met_at, breached_at, created_at, updated_at) VALUES ?', [deadlines]);
      deadlines = [];
    }
    if (events.length >= BATCH || (force && events.length)) {
      await conn.query('INSERT INTO ticket_events (ticket_id, at, actor_type, actor_id, action) VALUES ?', [events]);
      events = [];
    }
  };
  const started = performance.now();
  for (let base = 0; base < TICKETS; base += BATCH) {
    const rows: unknown[][] = [];
    for (let i = base; i < Math.min(TICKETS, base + BATCH); i++) {
      const id = i + 1;
      const created = START + Math.floor(((i + rand()) / TICKETS) * (END - START));
      const complaint = rand() < 0.4;
      const level = complaint ? (rand() < 0.8 ? 1 : rand() < 0.8 ? 2 : 3) : null;
      const visitType = complaint ? null : pick(VISIT_TYPES);
      const age = END - created;
      // Old work is finished; the last fortnight still has a backlog.
      const finished = age > 14 * DAY ? rand() < 0.995 : rand() < age / (14 * DAY);
      const status = finished ? (rand() < 0.9 ? 'closed' : 'resolved') : pick(['open', 'assigned', 'in_progress', 'scheduled', 'on_site', 'pending']);
      const resolved = finished ? created + Math.floor(rand() * 2 * DAY) : null;
      const assignee = status === 'open' ? null : pick(STAFF);
      const late = () => rand() < 0.12;
      const meet = (due: number) => (!finished && rand() < 0.5 ? null : late() ? due + Math.floor(rand() * 4 * 3_600_000) : due - Math.floor(rand() * 1_800_000));
      const add = (name: string, due: number) => {
        const met = meet(due);
        deadlines.push([id, name, due, met !== null && met > NOW ? null : met, met === null || met > due ? due : null, created, created]);
      };
      if (complaint) {
        add('first_response', created + 1_800_000);
        add('resolution', created + (level === 3 ? 4 : 24) * 3_600_000);
      } else {
        add('dispatch', created + 3_600_000);
        add('arrival', created + 26 * 3_600_000);
      }
      let satisfaction: number | null = null;
      if (resolved !== null) {
        add('follow_up', resolved + 7 * DAY);
        if (rand() < 0.6) satisfaction = rand() < 0.7 ? 5 : 1 + Math.floor(rand() * 4);
      }
      events.push([id, created, 'staff', assignee, 'create']);
      if (rand() < 0.25) events.push([id, created + 2_400_000, 'system', null, 'escalation']);
      rows.push([
        String(id), complaint ? 'complaint' : 'visit', status, level, visitType, false, `工单${id}`, '', pick(PRODUCTS),
        `139${String(Math.floor(rand() * 300_000)).padStart(8, '0')}`, assignee, 'standard', '{}', 'wecom', 0, satisfaction,
        created, created, resolved, status === 'closed' ? resolved : null, 1,
      ]);
    }
    await conn.query(
      `INSERT INTO tickets (code, kind, status, complaint_level, visit_type, vip, summary, description, product, customer_phone, assignee_id,
                            policy_name, policy_json, source_platform, paused_ms, satisfaction, created_at, updated_at, resolved_at, closed_at, version) VALUES ?`,
      [rows],
    );
    await flush(false);
    if ((base / BATCH) % 40 === 0) process.stdout.write(`  seeded ${base + rows.length} tickets (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  await flush(true);
  await conn.query('ANALYZE TABLE tickets, ticket_deadlines, ticket_events');
  process.stdout.write(`  seeding took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; rss: number; heap: number; value: T }> {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 2);
  const t0 = performance.now();
  try {
    const value = await fn();
    const m = process.memoryUsage();
    return { ms: performance.now() - t0, rss: Math.max(rss, m.rss), heap: Math.max(heap, m.heapUsed), value };
  } finally {
    clearInterval(sample);
  }
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

export async function run(): Promise<void> {
  const server = new URL(process.env.GONGDAN_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const admin = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${DB_NAME}`;
  const db: Database = await connectDatabase(url.toString()); // runs the migrations
  const conn = await createConnection({ uri: url.toString() });
  try {
    const [[count]] = (await conn.query('SELECT COUNT(*) AS n FROM tickets')) as unknown as [{ n: number }[]];
    if (Number(count?.n) !== TICKETS) {
      process.stdout.write(`seeding ${TICKETS.toLocaleString()} tickets into ${DB_NAME} (found ${Number(count?.n ?? 0)})\n`);
      await seed(conn);
    } else process.stdout.write(`reusing ${TICKETS.toLocaleString()} seeded tickets in ${DB_NAME}\n`);
    const [[sizes]] = (await conn.query('SELECT (SELECT COUNT(*) FROM ticket_deadlines) AS d, (SELECT COUNT(*) FROM ticket_events) AS e')) as unknown as [{ d: number; e: number }[]];
    process.stdout.write(`  ${Number(sizes?.d).toLocaleString()} deadlines, ${Number(sizes?.e).toLocaleString()} events\n`);

    const config = loadOperatorConfig(join(__dirname, '../config/gongdan.yaml'));
    const reports = createReportService({ db, clock: new ManualClock(NOW), config });

    const cold = await measure(() => reports.daily(REPORT_DAY));
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await measure(() => reports.daily(REPORT_DAY)));
    const warm = runs.map((r) => r.ms).sort((a, b) => a - b);
    const r = cold.value;
    process.stdout.write(
      `daily report ${REPORT_DAY}: cold ${cold.ms.toFixed(0)} ms, warm median ${warm[2]!.toFixed(0)} ms (min ${warm[0]!.toFixed(0)}, max ${warm[4]!.toFixed(0)}); target < 2000 ms\n` +
        `  peak rss ${mb(Math.max(cold.rss, ...runs.map((x) => x.rss)))}, peak heapUsed ${mb(Math.max(cold.heap, ...runs.map((x) => x.heap)))}\n` +
        `  figures: opened ${r.opened.total}, first response ${r.targets.first_response.met}/${r.targets.first_response.due}, escalations ${r.escalations}, backlog ${r.backlog.open} open / ${r.backlog.overdue} overdue\n`,
    );
    const render = await measure(async () => {
      reports.renderDaily(r, 'wecom');
      return reports.chart(r);
    });
    process.stdout.write(`  render text + chart PNG: ${render.ms.toFixed(0)} ms (${(render.value.length / 1024).toFixed(0)} KiB PNG)\n`);
    const monthly = await measure(() => reports.monthly('2026-11'));
    process.stdout.write(`monthly report 2026-11: ${monthly.ms.toFixed(0)} ms, peak heapUsed ${mb(monthly.heap)} (opened ${monthly.value.opened.total})\n`);
  } finally {
    await conn.end();
    await db.close();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    process.stderr.write(`report bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
