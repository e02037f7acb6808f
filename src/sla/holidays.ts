// Where public holidays and make-up workdays (调休) come from.
//
// The package's own isWorkday()/isHoliday() are NOT used: they parse "YYYY-MM-DD" as UTC and then
// read it back with local-zone getters, so on a machine west of UTC they answer for the previous
// day (2026-10-12, a Monday, comes out as a day off in America/New_York). Its data file is plain
// date-keyed JSON, which is all we need.
import data from 'chinese-days/dist/chinese-days.json';
import type { CalendarConfig } from './config-schema';
import { chinaYearOf } from './china-time';

export type DayType = 'holiday' | 'workday' | 'normal';

/** A source of the official schedule, by China-time date. */
export interface HolidaySource {
  /** 'holiday': a public day off (weekends inside a holiday block included); 'workday': a make-up workday (调休); 'normal': neither. */
  dayType(date: string /* YYYY-MM-DD */): DayType;
  /** Whether the source has the schedule for that year at all. */
  covers(year: number): boolean;
}

type DateTable = Record<string, string>;

/** A source from plain date tables (the package's, or a test's). */
export function tableHolidays(holidays: DateTable | Iterable<string>, workdays: DateTable | Iterable<string>): HolidaySource {
  const toSet = (t: DateTable | Iterable<string>) => new Set(Symbol.iterator in Object(t) ? (t as Iterable<string>) : Object.keys(t));
  const off = toSet(holidays);
  const on = toSet(workdays);
  const years = new Set([...off].map((d) => Number(d.slice(0, 4))));
  return {
    dayType: (date) => (on.has(date) ? 'workday' : off.has(date) ? 'holiday' : 'normal'),
    covers: (year) => years.has(year),
  };
}

let packaged: HolidaySource | undefined;

/** The schedule shipped in the `chinese-days` package (data through 2026 in 1.5.7). */
export function packageHolidays(): HolidaySource {
  packaged ??= tableHolidays(data.holidays as DateTable, data.workdays as DateTable);
  return packaged;
}

type BusinessConfig = Extract<CalendarConfig, { kind: 'business' }>;

/**
 * A year the operator declared in config. An entry without any day off does not count: every
 * published schedule has days off, so an empty one is a placeholder, not data.
 */
export function declaredYear(cfg: BusinessConfig, year: number): { off: string[]; workdays: string[] } | undefined {
  const y = cfg.holidays[String(year)];
  return y && y.off.length > 0 ? y : undefined;
}

/**
 * Business calendars with chineseHolidays: true whose current or coming year (China time) has no
 * data from the operator config nor the package — the flow warns operators in chat and in the log.
 */
export function holidayGaps(calendars: Record<string, CalendarConfig>, now: number, source: HolidaySource = packageHolidays()): { calendar: string; year: number }[] {
  const current = chinaYearOf(now);
  const gaps: { calendar: string; year: number }[] = [];
  for (const [name, cfg] of Object.entries(calendars)) {
    if (cfg.kind !== 'business' || !cfg.chineseHolidays) continue;
    for (const year of [current, current + 1]) {
      if (!declaredYear(cfg, year) && !source.covers(year)) gaps.push({ calendar: name, year });
    }
  }
  return gaps;
}
