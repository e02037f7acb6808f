// Business calendars in China time (UTC+8, no DST), independent of the machine's time zone.
//
// A day's working time is a list of [start, end) spans (ms after China midnight); the lunch break
// is simply the gap between spans. Which spans a day gets, strongest rule first:
//   1. a company override for that date (off, or special hours);
//   2. a year the operator declared in config (its days off and make-up workdays);
//   3. the chinese-days package (public holidays and 调休 make-up workdays), if chineseHolidays;
//   4. the weekday list.
// All arithmetic walks whole days and spans, so adding "3 working days" costs a handful of steps.
import { chinaDateString, chinaDayOf, chinaDayStart, chinaWeekday } from './china-time';
import type { CalendarConfig } from './config-schema';
import { declaredYear, packageHolidays, type DayType, type HolidaySource } from './holidays';

export interface BusinessCalendar {
  readonly id: string;
  /** 24x7: every instant is working time. */
  readonly alwaysOpen: boolean;
  isWorkingTime(at: number): boolean;
  /** First working instant >= at. */
  nextWorkingTime(at: number): number;
  /** The earliest instant t with workingTimeBetween(from, t) === ms (ms >= 0; 0 gives from). */
  addWorkingTime(from: number, ms: number): number;
  /** Working ms in [a, b); 0 if b <= a. */
  workingTimeBetween(a: number, b: number): number;
}

type Span = readonly [start: number, end: number];
interface Day {
  spans: readonly Span[];
  total: number;
}

/** No working time for this many days in a row means the calendar is broken, not that we should keep looking. */
const MAX_EMPTY_DAYS = 3 * 366;
const CACHE_LIMIT = 20_000;

/** "09:00-12:00" → [9h, 12h] in ms after midnight. */
export function parseSpan(text: string): Span {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`expected a span like "09:00-12:00", got "${text}"`);
  const at = (h: string, min: string) => (Number(h) * 60 + Number(min)) * 60_000;
  return [at(m[1]!, m[2]!), at(m[3]!, m[4]!)];
}

function toSpans(hours: readonly string[]): Span[] {
  return hours.map(parseSpan).sort((x, y) => x[0] - y[0]);
}

function assertValidInstant(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite epoch-ms instant, got ${v}`);
}

const alwaysOpen = (id: string): BusinessCalendar => ({
  id,
  alwaysOpen: true,
  isWorkingTime: () => true,
  nextWorkingTime: (at) => at,
  addWorkingTime: (from, ms) => {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`addWorkingTime needs a finite ms >= 0, got ${ms}`);
    return from + ms;
  },
  workingTimeBetween: (a, b) => Math.max(0, b - a),
});

export function createCalendar(id: string, cfg: CalendarConfig, holidays: HolidaySource = packageHolidays()): BusinessCalendar {
  if (cfg.kind === '24x7') return alwaysOpen(id);

  const normalSpans = toSpans(cfg.hours);
  const weekdays = new Set(cfg.weekdays);
  // Later overrides of the same date win, as they would when read top to bottom.
  const overrides = new Map(cfg.overrides.map((o) => [o.date, o]));
  const declared = new Map<number, { off: Set<string>; on: Set<string> } | null>();
  const cache = new Map<number, Day>();

  const dayOf = (spans: readonly Span[]): Day => ({ spans, total: spans.reduce((s, [a, b]) => s + b - a, 0) });
  const none = dayOf([]);
  const normal = dayOf(normalSpans);

  function dayType(date: string): DayType {
    const year = Number(date.slice(0, 4));
    if (!declared.has(year)) {
      const y = declaredYear(cfg as Extract<CalendarConfig, { kind: 'business' }>, year);
      declared.set(year, y ? { off: new Set(y.off), on: new Set(y.workdays) } : null);
    }
    const y = declared.get(year);
    if (y) return y.on.has(date) ? 'workday' : y.off.has(date) ? 'holiday' : 'normal';
    return cfg.kind === 'business' && cfg.chineseHolidays ? holidays.dayType(date) : 'normal';
  }

  function computeDay(day: number): Day {
    const date = chinaDateString(day);
    const o = overrides.get(date);
    if (o?.off) return none;
    if (o?.hours) return dayOf(toSpans(o.hours));
    if (o && o.off === false) return normal; // declared a working day on normal hours
    const type = dayType(date);
    if (type === 'holiday') return none;
    if (type === 'workday') return normal;
    return weekdays.has(chinaWeekday(day)) ? normal : none;
  }

  function getDay(day: number): Day {
    let d = cache.get(day);
    if (!d) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      d = computeDay(day);
      cache.set(day, d);
    }
    return d;
  }

  function noWorkingTime(from: number): never {
    throw new RangeError(`calendar "${id}" has no working time within ${MAX_EMPTY_DAYS} days of ${new Date(from).toISOString()}`);
  }

  function nextWorkingTime(at: number): number {
    assertValidInstant('at', at);
    let day = chinaDayOf(at);
    for (let empty = 0; empty <= MAX_EMPTY_DAYS; day++) {
      const base = chinaDayStart(day);
      const { spans, total } = getDay(day);
      if (total === 0) empty++;
      for (const [s, e] of spans) {
        if (base + e > at) return Math.max(base + s, at);
      }
    }
    return noWorkingTime(at);
  }

  function addWorkingTime(from: number, ms: number): number {
    assertValidInstant('from', from);
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`addWorkingTime needs a finite ms >= 0, got ${ms}`);
    if (ms === 0) return from;
    let remaining = ms;
    let day = chinaDayOf(from);
    let empty = 0;
    // The first (partial) day span by span; after that, whole days at once until the last one.
    for (;;) {
      const base = chinaDayStart(day);
      const { spans, total } = getDay(day);
      if (total === 0) {
        if (++empty > MAX_EMPTY_DAYS) noWorkingTime(from);
      } else if (base >= from && total < remaining) {
        remaining -= total;
        empty = 0;
      } else {
        empty = 0;
        for (const [s, e] of spans) {
          const start = Math.max(base + s, from);
          const end = base + e;
          if (end <= start) continue;
          if (remaining <= end - start) return start + remaining;
          remaining -= end - start;
        }
      }
      day++;
    }
  }

  function workingTimeBetween(a: number, b: number): number {
    assertValidInstant('a', a);
    assertValidInstant('b', b);
    if (b <= a) return 0;
    let sum = 0;
    const last = chinaDayOf(b - 1);
    for (let day = chinaDayOf(a); day <= last; day++) {
      const base = chinaDayStart(day);
      const { spans, total } = getDay(day);
      if (total === 0) continue;
      if (base >= a && base + 86_400_000 <= b) {
        sum += total;
        continue;
      }
      for (const [s, e] of spans) sum += Math.max(0, Math.min(base + e, b) - Math.max(base + s, a));
    }
    return sum;
  }

  function isWorkingTime(at: number): boolean {
    assertValidInstant('at', at);
    const day = chinaDayOf(at);
    const offset = at - chinaDayStart(day);
    return getDay(day).spans.some(([s, e]) => offset >= s && offset < e);
  }

  return { id, alwaysOpen: false, isWorkingTime, nextWorkingTime, addWorkingTime, workingTimeBetween };
}

export function createCalendars(cfgs: Record<string, CalendarConfig>, holidays?: HolidaySource): Map<string, BusinessCalendar> {
  return new Map(Object.entries(cfgs).map(([id, cfg]) => [id, createCalendar(id, cfg, holidays)]));
}
