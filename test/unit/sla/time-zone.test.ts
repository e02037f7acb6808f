// The engine must give the same answers whatever zone the machine is in. Jest sandboxes
// process.env, so each zone gets its own child process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cn, HOUR } from './china-fixtures';

function probe(tz: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'tz-probe.ts')], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, unknown>;
}

test('same answers in Shanghai, UTC, New York, Kiritimati (UTC+14) and Pago Pago (UTC-11)', () => {
  const zones = { 'Asia/Shanghai': -480, UTC: 0, 'America/New_York': 240, 'Pacific/Kiritimati': -840, 'Pacific/Pago_Pago': 660 };
  const results = Object.entries(zones).map(([tz, offset]) => {
    const { offsetMinutes, ...answers } = probe(tz);
    expect(offsetMinutes).toBe(offset); // the child really ran in that zone
    return answers;
  });
  for (const r of results) expect(r).toEqual(results[0]);
  expect(results[0]).toEqual({
    afterNationalDay: cn('2026-10-08 09:20'),
    yearEnd: cn('2026-01-04 10:00'),
    makeUpSaturday: cn('2026-10-10 09:00'),
    plainMonday: true,
    workingMs2026: 248 * 7.5 * HOUR,
    packageMonday: 'normal',
    gaps: [{ calendar: 'w', year: 2027 }, { calendar: 'w', year: 2028 }],
  });
}, 60_000);
