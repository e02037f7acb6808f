import { EntitySchema } from 'typeorm';
import { bigintNumber } from '../column-types';

/** One row per cron fire: the instance that inserts it runs the job; the others skip. */
export interface JobRunRow {
  id: number;
  job: string;
  fireKey: string;
  owner: string;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'done' | 'failed';
  error: string | null;
}

export const JobRunEntity = new EntitySchema<JobRunRow>({
  name: 'JobRun',
  tableName: 'job_runs',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    job: { type: 'varchar', length: 64 },
    fireKey: { name: 'fire_key', type: 'varchar', length: 64 },
    owner: { type: 'varchar', length: 80 },
    startedAt: { name: 'started_at', type: 'bigint', transformer: bigintNumber },
    finishedAt: { name: 'finished_at', type: 'bigint', nullable: true, transformer: bigintNumber },
    status: { type: 'varchar', length: 16 },
    error: { type: 'text', nullable: true },
  },
  uniques: [{ name: 'uq_job_runs_fire', columns: ['job', 'fireKey'] }],
});
