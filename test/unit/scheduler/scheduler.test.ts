// The scheduler against a real database: cron fires by the injected clock in China time, one run
// per fire through job_runs, failures recorded, stale runs taken over after their lease, and
// heartbeat work that never overlaps itself.
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { createRunCoordinator } from '../../../src/scheduler/run-coordinator';
import { createScheduler, manualHeartbeat, type Heartbeat } from '../../../src/scheduler/scheduler';
import { JobRunEntity } from '../../../src/db/entities/job-run.entity';
import { createTestDb, type TestDb } from '../../support/test-db';

let testDb: TestDb;
let clock: ManualClock;
const logger = createLogger('silent');
beforeEach(async () => {
  testDb = await createTestDb();
  clock = new ManualClock('2026-12-04T00:30:00Z'); // 08:30 China time
});
afterEach(async () => testDb.drop());

function scheduler(owner = 'one', heartbeat: Heartbeat = manualHeartbeat) {
  return createScheduler({ clock, logger, coordinator: createRunCoordinator({ db: testDb.db, clock, owner }), heartbeat });
}
const runs = () => testDb.db.ds.getRepository(JobRunEntity).find({ order: { id: 'ASC' } });

test('registerJob refuses bad names, bad expressions and duplicates', () => {
  const s = scheduler();
  expect(() => s.registerJob('has space', '* * * * *', async () => undefined)).toThrow(/job name/);
  expect(() => s.registerJob('x', 'every morning', async () => undefined)).toThrow(/not a valid cron expression/);
  s.registerJob('x', '0 9 * * *', async () => undefined);
  expect(() => s.registerJob('x', '0 9 * * *', async () => undefined)).toThrow(/already registered/);
});

test('a daily 09:00 job fires once when the clock passes 09:00 China time, and once after a long gap', async () => {
  const s = scheduler();
  const fired: string[] = [];
  s.registerJob('daily', '0 9 * * *', async (at) => void fired.push(at.toISOString()));
  await s.tick();
  clock.set('2026-12-04T00:59:59Z');
  await s.tick();
  expect(fired).toEqual([]);
  clock.set('2026-12-04T01:00:04Z');
  await s.tick();
  clock.advance(5_000);
  await s.tick();
  expect(fired).toEqual(['2026-12-04T01:00:00.000Z']);
  clock.set('2026-12-07T03:00:00Z'); // three days later: one catch-up run, for the latest fire
  await s.tick();
  expect(fired).toEqual(['2026-12-04T01:00:00.000Z', '2026-12-07T01:00:00.000Z']);
  expect((await runs()).map((r) => [r.job, r.fireKey, r.status])).toEqual([
    ['daily', '2026-12-04T01:00:00.000Z', 'done'],
    ['daily', '2026-12-07T01:00:00.000Z', 'done'],
  ]);
});

test('a failing job is recorded as failed with its error; the next fire runs again', async () => {
  const s = scheduler();
  let n = 0;
  s.registerJob('flaky', '*/5 * * * *', async () => {
    n++;
    if (n === 1) throw new Error('report query timed out');
  });
  clock.set('2026-12-04T00:35:00Z');
  await s.tick();
  clock.set('2026-12-04T00:40:00Z');
  await s.tick();
  expect((await runs()).map((r) => [r.status, r.error])).toEqual([
    ['failed', 'report query timed out'],
    ['done', null],
  ]);
});

test('the coordinator elects one runner per fire and lets a dead runner be replaced after its lease', async () => {
  const one = createRunCoordinator({ db: testDb.db, clock, owner: 'one' });
  const two = createRunCoordinator({ db: testDb.db, clock, owner: 'two' });
  const key = 'daily:2026-12-04T01:00:00.000Z';
  expect(await Promise.all([one.shouldRun(key, 60_000), two.shouldRun(key, 60_000)])).toEqual([true, false]);
  clock.advance(30_000);
  expect(await two.shouldRun(key, 60_000)).toBe(false); // still within the first runner's lease
  clock.advance(31_000);
  expect(await two.shouldRun(key, 60_000)).toBe(true); // "one" never finished: taken over once
  expect(await one.shouldRun(key, 60_000)).toBe(false);
  await two.finish(key);
  clock.advance(3_600_000);
  expect(await one.shouldRun(key, 60_000)).toBe(false); // done is done
  expect((await runs())[0]).toMatchObject({ owner: 'two', status: 'done' });
});

test('the heartbeat drives tick(); heartbeat work never overlaps itself', async () => {
  let beat: (() => void) | null = null;
  let stopped = false;
  const s = scheduler('one', (b) => {
    beat = b;
    return { stop: () => void (stopped = true) };
  });
  let running = 0;
  let maxRunning = 0;
  let passes = 0;
  s.onTick('slow', async () => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, 20));
    passes++;
    running--;
  });
  s.start();
  beat!();
  beat!(); // skipped: a beat is already pending
  await Promise.all([s.tick(), s.tick()]);
  expect(maxRunning).toBe(1);
  expect(passes).toBe(3);
  await s.stop();
  expect(stopped).toBe(true);
});
