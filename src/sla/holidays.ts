// Where public holidays and make-up workdays (调休) come from.
import type { CalendarConfig } from './config-schema';

export type DayType = 'holiday' | 'workday' | 'normal';

/** A source of the official schedule, by China-time date. */
export interface HolidaySource {
  /** 'holiday': a public day off (weekends inside a holiday block included); 'workday': a make-up workday (调休); 'normal': neither. */
  dayType(date: string /* YYYY-MM-DD */): DayType;
  /** Whether the source has the schedule for that year at all. */
  covers(year: number): boolean;
}

/** The schedule shipped in the `chinese-days` package (data through 2026 in 1.5.7). */
export function packageHolidays(): HolidaySource {
  throw new Error('not implemented');
}

/**
 * Business calendars with chineseHolidays: true whose current or coming year (China time) has no
 * data from the operator config nor the package — the flow warns operators in chat and in the log.
 */
export function holidayGaps(calendars: Record<string, CalendarConfig>, now: number, source?: HolidaySource): { calendar: string; year: number }[] {
  void calendars; void now; void source;
  throw new Error('not implemented');
}
