// `npm run cli -- seed-demo`: fills the sandbox database with a week of tickets by replaying
// SEED_WEEK through the running product — the sandbox's fakes and simulators, the webhooks,
// the parser, the ticket service, the SLA timers, the escalation sweep and the outbox — on a
// clock that walks through the week. Nothing is inserted behind the rules' back, so events,
// deadlines, breaches and timers agree with what the dashboard counts.
import { loadEnv, sandboxMode } from '../config/env';
import { loadOperatorConfig } from '../config/load-operator-config';
import type { OperatorConfig } from '../config/operator-schema';
import { connectDatabase, type Database } from '../db/database';
import { TicketEntity } from '../db/entities/ticket.entity';
import { ManualClock, OffsetClock, systemClock } from '../lib/clock';
import { createFetchHttpClient } from '../lib/http-client';
import { createLogger, type Logger } from '../lib/logger';
import { createRuntime } from '../runtime';
import { manualHeartbeat } from '../scheduler/scheduler';
import { STATUS_LABELS, type TicketStatus } from '../tickets/state-machine';
import { prepareSandbox } from '.';
import { sandboxDatabaseUrl } from './sandbox-env';
import { SEED_WEEK, type SeedStep } from './seed-week';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface SeedResult {
  tickets: { label: string; code: string; status: TicketStatus }[];
  skipped: string[];
}

/**
 * When a step happens: China wall-clock time on the `day`-th working day (Monday to Friday)
 * before today, so the week looks like a working week whatever day the seed runs; on day 0,
 * minutes before `now`.
 */
export function stepTime(step: SeedStep, now: number): number {
  if (step.day === 0) return now - Number(step.at) * 60_000;
  let midnight = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  for (let left = step.day; left > 0; ) {
    midnight -= DAY_MS;
    const weekday = new Date(midnight + CHINA_OFFSET_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  const [h, m] = String(step.at).split(':').map(Number);
  return midnight + (h! * 60 + m!) * 60_000;
}

/** Replays the week into `db` through a sandbox runtime; `now` is where the week ends. */
export async function seedDemo(opts: { db: Database; config: OperatorConfig; logger: Logger; now: number; steps?: readonly SeedStep[] }): Promise<SeedResult> {
  const steps = [...(opts.steps ?? SEED_WEEK)].map((s) => ({ ...s, t: stepTime(s, opts.now) })).filter((s) => s.t <= opts.now).sort((a, b) => a.t - b.t);
  const base = new ManualClock(steps[0]?.t ?? opts.now);
  const clock = new OffsetClock(base);
  const sandbox = await prepareSandbox({ source: { LOG_LEVEL: 'silent' }, config: opts.config, logger: opts.logger, clock });
  const runtime = createRuntime({ env: sandbox.env, config: opts.config, db: opts.db, clock, http: createFetchHttpClient(), logger: opts.logger, heartbeat: manualHeartbeat });
  const service = sandbox.attach(runtime);
  const { url } = await runtime.listen(0, '127.0.0.1');
  const codes = new Map<string, string>();
  const skipped: string[] = [];
  const newest = async () => (await opts.db.ds.getRepository(TicketEntity).find({ order: { id: 'DESC' }, take: 1 }))[0]?.id ?? 0;

  try {
    for (const step of steps) {
      base.set(step.t);
      // Whatever fell due since the last step (reminders, escalations, cron jobs) happens first.
      await runtime.scheduler.tick();
      const missing = [...step.text.matchAll(/#\{(\w+)\}/g)].map((m) => m[1]!).filter((label) => !codes.has(label));
      if (missing.length) {
        skipped.push(`${step.text} (no ticket ${missing.join(', ')})`);
        continue;
      }
      const text = step.text.replace(/#\{(\w+)\}/g, (_, label: string) => `#${codes.get(label)}`);
      const before = await newest();
      const said = await service.say({ platform: step.platform, chat: step.chat, as: step.as, text, botUrl: url });
      if (!said.accepted) throw new Error(`the bot refused the callback for "${text}" (HTTP ${said.status}): ${said.answer ?? ''}`);
      if (step.opens) {
        const id = await newest();
        const row = id > before ? await opts.db.ds.getRepository(TicketEntity).findOneBy({ id }) : null;
        if (row?.code) codes.set(step.opens, row.code);
        else skipped.push(`${step.opens}: "${text}" opened no ticket`);
      }
    }
    base.set(opts.now);
    await runtime.scheduler.tick();
    // Sends held back by the robots' 20-a-minute limit go out as the minutes pass.
    for (let i = 0; i < 5; i++) {
      base.set(opts.now + (i + 1) * 61_000);
      await runtime.scheduler.tick();
    }
  } finally {
    await runtime.stop();
    await sandbox.stop();
  }

  const rows = await opts.db.ds.getRepository(TicketEntity).find();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return {
    tickets: [...codes].map(([label, code]) => ({ label, code, status: byCode.get(code)!.status })),
    skipped,
  };
}

export async function runSeedDemoCli(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const force = args.includes('--force');
  const unknown = args.filter((a) => a !== '--force');
  if (unknown.length) {
    err.write(`seed-demo: unknown argument ${unknown.join(' ')} (usage: seed-demo [--force])\n`);
    return 2;
  }
  const env = loadEnv(process.env);
  if (!sandboxMode(env)) {
    err.write('seed-demo fills the sandbox database only, and platform credentials are set. Unset the WECOM_* / DINGTALK_* variables (or set SANDBOX=1) to seed a sandbox.\n');
    return 2;
  }
  const config = loadOperatorConfig(env.GONGDAN_CONFIG);
  const url = sandboxDatabaseUrl(process.env);
  const db = await connectDatabase(url);
  try {
    const existing = await db.ds.getRepository(TicketEntity).count();
    if (existing && !force) {
      err.write(`seed-demo: ${url} already holds ${existing} tickets; run with --force to add another week anyway.\n`);
      return 1;
    }
    out.write(`seed-demo: replaying a week of after-sales work into ${url} …\n`);
    // The replay repeats a week of warnings (e.g. the daily holiday-data check); only errors matter here.
    const logger = createLogger(process.env.LOG_LEVEL ? env.LOG_LEVEL : 'error');
    const result = await seedDemo({ db, config, logger, now: systemClock.now().getTime() });
    for (const t of result.tickets) out.write(`  #${t.code}  ${STATUS_LABELS[t.status]}\n`);
    for (const s of result.skipped) err.write(`  skipped: ${s}\n`);
    out.write(`seed-demo: ${result.tickets.length} tickets. Start the sandbox with npm start and press 发布日报.\n`);
    return result.skipped.length ? 1 : 0;
  } finally {
    await db.close();
  }
}
