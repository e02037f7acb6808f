// Run as a child process by time-zone.test.ts under different TZ values; prints the engine's answers.
import { createCalendar } from '../../../src/sla/calendar';
import { holidayGaps, packageHolidays } from '../../../src/sla/holidays';
import { cn, HOUR, MIN, workdaysConfig } from './china-fixtures';

const cal = createCalendar('w', workdaysConfig());
const answers = {
  offsetMinutes: new Date(cn('2026-10-12 09:30')).getTimezoneOffset(),
  afterNationalDay: cal.addWorkingTime(cn('2026-09-30 17:50'), 30 * MIN),
  yearEnd: cal.addWorkingTime(cn('2025-12-31 17:00'), 2 * HOUR),
  makeUpSaturday: cal.nextWorkingTime(cn('2026-10-09 19:00')),
  plainMonday: cal.isWorkingTime(cn('2026-10-12 09:30')),
  workingMs2026: cal.workingTimeBetween(cn('2026-01-01'), cn('2027-01-01')),
  packageMonday: packageHolidays().dayType('2026-10-12'),
  gaps: holidayGaps({ w: workdaysConfig() }, cn('2027-01-01 00:30')),
};
process.stdout.write(JSON.stringify(answers));
