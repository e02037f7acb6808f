// The heartbeat and the cron jobs. A node-cron task beats every few seconds; each beat (or a
// test's explicit tick()) runs the registered tick work (escalation sweep, outbox sender,
// inbox retries) and every cron job whose fire time has come by the injected clock. Fire
// times are matched with node-cron's own matcher against the clock (so the sandbox's time
// control and tests' manual clocks move jobs too), and each fire runs on exactly one instance:
// the database run coordinator elects it by inserting job_runs (job, fire key).
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { DbRunCoordinator } from './run-coordinator';

export const CHINA_TZ = 'Asia/Shanghai';

/** Calls `beat` now and then until stopped; tests pass manualHeartbeat and call tick() themselves. */
export type Heartbeat = (beat: () => void) => { stop(): void };

export const cronHeartbeat = (expression = '*/5 * * * * *'): Heartbeat => (beat) => {
  const task = cron.schedule(expression, () => beat(), { name: 'gongdan-heartbeat', noOverlap: true });
  return { stop: () => void task.destroy() };
};

export const manualHeartbeat: Heartbeat = () => ({ stop: () => undefined });

export type JobFn = (fireAt: Date) => Promise<void>;

export interface Scheduler {
  /** A cron job (China time, 5 or 6 fields) that runs on one instance per fire. */
  registerJob(name: string, cronExpr: string, fn: JobFn): void;
  /** Work for every beat, in registration order (sweep timers, send the outbox…). */
  onTick(name: string, fn: () => Promise<unknown>): void;
  /** One beat; concurrent calls queue behind each other. */
  tick(): Promise<void>;
  /** Runs a job now, through the coordinator, with this fire key (e.g. the start-up check). */
  runOnce(name: string, fireKey: string): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

interface Job {
  name: string;
  task: ScheduledTask;
  seconds: boolean;
  fn: JobFn;
}

export function createScheduler(deps: {
  clock: Clock;
  logger: Logger;
  coordinator: DbRunCoordinator;
  heartbeat?: Heartbeat;
  /** How far back a starting instance looks for missed fires (default 5 minutes). */
  catchUpMs?: number;
  /** A coordinator lease: a run still 'running' after this may be taken over. */
  runLeaseMs?: number;
}): Scheduler {
  const { clock, logger, coordinator } = deps;
  const jobs: Job[] = [];
  const work: { name: string; fn: () => Promise<unknown> }[] = [];
  const catchUp = deps.catchUpMs ?? 5 * 60_000;
  const lease = deps.runLeaseMs ?? 30 * 60_000;
  const maxScanMs = 24 * 3_600_000;
  let lastChecked: number | null = null;
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let beating: { stop(): void } | null = null;

  async function fire(job: Job, key: string, at: Date): Promise<boolean> {
    let won = false;
    try {
      won = await coordinator.shouldRun(key, lease);
    } catch (err) {
      logger.error({ err, job: job.name, key }, 'run coordinator failed; this fire is skipped here');
      return false;
    }
    if (!won) return false;
    try {
      await job.fn(at);
      await coordinator.finish(key);
    } catch (err) {
      logger.error({ err, job: job.name, key }, 'scheduled job failed');
      await coordinator.finish(key, err).catch(() => undefined);
    }
    return true;
  }

  async function dueJobs(now: number): Promise<void> {
    const from = Math.max(lastChecked ?? now - catchUp, now - maxScanMs);
    lastChecked = now;
    for (const job of jobs) {
      const step = job.seconds ? 1000 : 60_000;
      // Latest fire in (from, now] only: after a long gap a daily job runs once, not once per day missed.
      for (let slot = Math.floor(now / step) * step; slot > from; slot -= step) {
        const at = new Date(slot);
        if (!job.task.match(at)) continue;
        await fire(job, `${job.name}:${at.toISOString()}`, at);
        break;
      }
    }
  }

  async function beatOnce(): Promise<void> {
    const now = clock.now().getTime();
    await dueJobs(now);
    for (const w of work) {
      try {
        await w.fn();
      } catch (err) {
        logger.error({ err, work: w.name }, 'heartbeat work failed');
      }
    }
  }

  const scheduler: Scheduler = {
    registerJob(name, cronExpr, fn) {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new Error(`job name "${name}" must be 1–64 letters, digits, ".", "_" or "-"`);
      if (jobs.some((j) => j.name === name)) throw new Error(`job "${name}" is already registered`);
      if (!cron.validate(cronExpr)) throw new Error(`job "${name}": "${cronExpr}" is not a valid cron expression`);
      const task = cron.createTask(cronExpr, () => undefined, { name: `gongdan-job-${name}`, timezone: CHINA_TZ });
      jobs.push({ name, task, seconds: cronExpr.trim().split(/\s+/).length === 6, fn });
    },
    onTick(name, fn) {
      work.push({ name, fn });
    },
    tick() {
      pending++;
      chain = chain.catch(() => undefined).then(beatOnce).finally(() => {
        pending--;
      });
      return chain;
    },
    async runOnce(name, fireKey) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job "${name}"`);
      return fire(job, `${name}:${fireKey}`, clock.now());
    },
    start() {
      if (beating) return;
      const hb = deps.heartbeat ?? cronHeartbeat();
      beating = hb(() => {
        if (pending === 0) scheduler.tick().catch((err) => logger.error({ err }, 'heartbeat failed'));
      });
    },
    async stop() {
      beating?.stop();
      beating = null;
      await chain.catch(() => undefined);
      for (const j of jobs) await j.task.destroy();
    },
  };
  return scheduler;
}
