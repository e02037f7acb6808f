// China time is UTC+8 all year (no DST since 1991), so day arithmetic is plain integer maths on
// epoch ms; nothing here may touch the machine's local zone (Date#getHours etc.).
export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 in China time. */
export function chinaDayOf(at: number): number {
  return Math.floor((at + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant China-time midnight starts that day. */
export function chinaDayStart(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

/** YYYY-MM-DD of a China day number. */
export function chinaDateString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function chinaWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function chinaYearOf(at: number): number {
  return new Date(at + CHINA_OFFSET_MS).getUTCFullYear();
}

/** Instant of a China wall-clock time: chinaTime(2026, 9, 30, 17, 50) = 2026-09-30 17:50 +08:00. */
export function chinaTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - CHINA_OFFSET_MS;
}

/** "2026-09-30 17:50" (China time) — for logs, messages and test failure output. */
export function formatChinaTime(at: number): string {
  return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
