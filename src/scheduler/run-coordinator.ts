// node-cron's RunCoordinator backed by job_runs: the instance that inserts (job, fire key)
// runs that fire; the others see the unique violation and skip. A run whose instance died
// (still 'running' after the lease) may be taken over once, by an atomic conditional update.
import type { RunCoordinator } from 'node-cron';
import type { QueryDeepPartialEntity } from 'typeorm';
import { LessThan } from 'typeorm';
import type { Clock } from '../lib/clock';
import type { Database } from '../db/database';
import { isUniqueViolation } from '../db/database';
import { JobRunEntity, type JobRunRow } from '../db/entities/job-run.entity';

export interface DbRunCoordinator extends RunCoordinator {
  shouldRun(key: string, ttlMs: number): Promise<boolean>;
  /** Records the outcome of a run this instance won. */
  finish(key: string, error?: unknown): Promise<void>;
}

/** node-cron keys are `${name}:${slot ISO}`; the job name is everything before the first colon. */
export function splitKey(key: string): { job: string; fireKey: string } {
  const i = key.indexOf(':');
  return i < 0 ? { job: key, fireKey: '' } : { job: key.slice(0, i).slice(0, 64), fireKey: key.slice(i + 1).slice(0, 64) };
}

export function createRunCoordinator(deps: { db: Database; clock: Clock; owner: string }): DbRunCoordinator {
  const { db, clock, owner } = deps;
  return {
    async shouldRun(key, ttlMs) {
      const { job, fireKey } = splitKey(key);
      const now = clock.now().getTime();
      try {
        await db.transaction((em) => em.getRepository(JobRunEntity).insert({ job, fireKey, owner, startedAt: now, finishedAt: null, status: 'running', error: null } as QueryDeepPartialEntity<JobRunRow>));
        return true;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const res = await db.transaction((em) => em.getRepository(JobRunEntity).update({ job, fireKey, status: 'running', startedAt: LessThan(now - ttlMs) }, { owner, startedAt: now }));
      return (res.affected ?? 0) > 0;
    },
    async onComplete(key) {
      await this.finish(key);
    },
    async finish(key, error) {
      const { job, fireKey } = splitKey(key);
      await db.transaction((em) =>
        em.getRepository(JobRunEntity).update({ job, fireKey, owner }, { finishedAt: clock.now().getTime(), status: error === undefined ? 'done' : 'failed', error: error === undefined ? null : String(error instanceof Error ? error.message : error).slice(0, 2000) }),
      );
    },
  };
}
