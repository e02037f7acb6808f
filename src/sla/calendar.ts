// Business calendars in China time (UTC+8, no DST), independent of the machine's time zone.
import type { CalendarConfig } from './config-schema';
import type { HolidaySource } from './holidays';

export interface BusinessCalendar {
  readonly id: string;
  /** 24x7: every instant is working time. */
  readonly alwaysOpen: boolean;
  isWorkingTime(at: number): boolean;
  /** First working instant >= at. */
  nextWorkingTime(at: number): number;
  /** The earliest instant t with workingTimeBetween(from, t) === ms. */
  addWorkingTime(from: number, ms: number): number;
  /** Working ms in [a, b); 0 if b <= a. */
  workingTimeBetween(a: number, b: number): number;
}

export function createCalendar(id: string, cfg: CalendarConfig, holidays?: HolidaySource): BusinessCalendar {
  void id; void cfg; void holidays;
  throw new Error('not implemented');
}

export function createCalendars(cfgs: Record<string, CalendarConfig>, holidays?: HolidaySource): Map<string, BusinessCalendar> {
  return new Map(Object.entries(cfgs).map(([id, cfg]) => [id, createCalendar(id, cfg, holidays)]));
}
