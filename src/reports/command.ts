// The chat commands 日报 / 月报 and the dates people write after them.
import { addDays, chinaDay, chinaMonth, parseDay, parseMonth, previousMonth } from './china-day';

export type ReportCommand = { kind: 'daily'; date: string } | { kind: 'monthly'; month: string } | { kind: 'error'; message: string };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * null when the text is not a report command. `now` decides "today" in China time; a month
 * and day without a year means the latest such day not after today.
 */
export function parseReportCommand(text: string, now: number): ReportCommand | null {
  const cleaned = text.replace(/^(\s*@\S+\s+)+/, '').replace(/[\s\u3000]+/g, ' ').trim();
  // "日报 昨天", "日报昨天", "日报12月3日" are commands; "日报表格发一下" is someone talking.
  const m = /^(日报|月报)(?:\s+(.*)|([0-9昨前今上本这].*))?$/.exec(cleaned);
  if (!m) return null;
  const arg = (m[2] ?? m[3] ?? '').trim().replace(/[号]$/, '日');
  const today = chinaDay(now);
  if (m[1] === '日报') {
    if (arg === '' || arg === '今天' || arg === '今日') return { kind: 'daily', date: today };
    if (arg === '昨天' || arg === '昨日') return { kind: 'daily', date: addDays(today, -1) };
    if (arg === '前天') return { kind: 'daily', date: addDays(today, -2) };
    const full = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(arg);
    const short = /^(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(arg);
    let date: string | null = null;
    if (full) date = parseDay(`${full[1]}-${pad(Number(full[2]))}-${pad(Number(full[3]))}`);
    else if (short) {
      const year = Number(today.slice(0, 4));
      const md = `${pad(Number(short[1]))}-${pad(Number(short[2]))}`;
      date = parseDay(`${year}-${md}`);
      if (date && date > today) date = parseDay(`${year - 1}-${md}`);
    }
    if (!date) return { kind: 'error', message: `看不懂日期「${arg}」。可以这样问：日报、日报 昨天、日报 12月3日、日报 2026-12-03` };
    if (date > today) return { kind: 'error', message: `${date} 还没到，没有日报。` };
    return { kind: 'daily', date };
  }
  const thisMonth = chinaMonth(now);
  if (arg === '' || arg === '本月' || arg === '这个月') return { kind: 'monthly', month: thisMonth };
  if (arg === '上月' || arg === '上个月') return { kind: 'monthly', month: previousMonth(thisMonth) };
  const full = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$/.exec(arg);
  const short = /^(\d{1,2})\s*月$/.exec(arg);
  let month: string | null = null;
  if (full) month = parseMonth(`${full[1]}-${pad(Number(full[2]))}`);
  else if (short) {
    const year = Number(thisMonth.slice(0, 4));
    month = parseMonth(`${year}-${pad(Number(short[1]))}`);
    if (month && month > thisMonth) month = parseMonth(`${year - 1}-${pad(Number(short[1]))}`);
  }
  if (!month) return { kind: 'error', message: `看不懂月份「${arg}」。可以这样问：月报、月报 上月、月报 11月、月报 2026-11` };
  if (month > thisMonth) return { kind: 'error', message: `${month} 还没到，没有月报。` };
  return { kind: 'monthly', month };
}
