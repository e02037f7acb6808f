// Calendar days and months in China time (UTC+8, no DST) as epoch-ms ranges. Every report
// filters with `col >= start AND col < end` on these numbers, so SQL never converts a zone.
export const DAY_MS = 86_400_000;
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** "2026-12-03" if it names a real calendar day, else null. */
export function parseDay(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? s : null;
}

/** "2026-11" if it names a month, else null. */
export function parseMonth(s: string): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return null;
  const mo = Number(m[2]);
  return mo >= 1 && mo <= 12 && Number(m[1]) >= 1970 ? s : null;
}

/** The instant a China-time day starts. */
export function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS;
}

/** The China-time calendar day an instant falls on. */
export function chinaDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return chinaDay(dayStart(day) + n * DAY_MS);
}

export function monthRange(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS, end: Date.UTC(y, m, 1) - CHINA_OFFSET_MS };
}

export function chinaMonth(ms: number): string {
  return chinaDay(ms).slice(0, 7);
}

export function previousMonth(month: string): string {
  return chinaMonth(monthRange(month).start - 1);
}

/** "09:05" in China time. */
export function chinaClock(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/** "12月3日" */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
export function weekday(day: string): string {
  return `周${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]}`;
}
