// The time grammar: finds the dates and times of day a message mentions, groups them into
// candidate visit times, and picks the one the writer wants (see LABELS.md, "appointment").
// Pure: `now` comes in as an argument; all arithmetic is on China Standard Time civil dates.
import {
  addDays,
  compareDates,
  daysInMonth,
  formatDate,
  formatMinutes,
  isValidDate,
  toCst,
  type CivilDate,
  type CstMoment,
} from './china-time';
import { firstCue, hasCue, type CueTable } from './cue-table';
import { CN_NUMBER, parseNumber } from './numerals';
import type { Appointment } from './types';

/** Context words that tell a visit time from a time mentioned for another reason. */
export interface AppointmentCues {
  /** After a time: the visit is wanted then (来, 上门, 在家, 有人, 可以, 方便…). */
  towards: CueTable;
  /** Before a time: it is the booked time (约, 预约, 时间, 定在, 改到…). */
  lead: CueTable;
  /** After a time: it is when something happened, not a visit (开始, 就坏了, 还在…). */
  away: CueTable;
  /** After a time: that time does not suit (不行, 不在家, 没空…). */
  refused: CueTable;
  /** Around a time: of several options this one is preferred (最好, 优先…). */
  preferred: CueTable;
  /** Before a time: the new time of a moved booking (改到, 推迟到…); optional for older callers. */
  moved?: CueTable;
}

type Period = 'dawn' | 'morning' | 'noon' | 'afternoon' | 'evening' | 'daytime';

const PERIOD_WORDS: Record<string, Period> = {
  凌晨: 'dawn',
  清晨: 'morning',
  早晨: 'morning',
  早上: 'morning',
  一早: 'morning',
  上午: 'morning',
  中午: 'noon',
  午后: 'afternoon',
  下午: 'afternoon',
  傍晚: 'evening',
  晚上: 'evening',
  夜里: 'evening',
  夜间: 'evening',
  白天: 'daytime',
  全天: 'daytime',
};
const PERIOD_ALT = Object.keys(PERIOD_WORDS).join('|');

/** The window a period word alone stands for, in minutes; null for no window. */
const PERIOD_WINDOW: Record<Period, [number, number] | null> = {
  dawn: null,
  morning: [9 * 60, 12 * 60],
  noon: [12 * 60, 14 * 60],
  afternoon: [14 * 60, 18 * 60],
  evening: [18 * 60, 21 * 60],
  daytime: null,
};

interface Span {
  start: number;
  end: number;
}

interface DateMention extends Span {
  kind: 'date';
  date: CivilDate | null;
  past: boolean;
  /** 明早, 今晚 carry a period of their own. */
  period: Period | null;
  /** A month-day that only resolves by rolling far into the future: likely a past event. */
  farRoll: boolean;
}

interface Clock {
  hour: number;
  minute: number;
  /** Written with a period word of its own. */
  period: Period | null;
}

interface TimeMention extends Span {
  kind: 'time';
  period: Period | null;
  from: Clock | null;
  to: Clock | null;
  modifier: 'after' | 'before' | null;
}

type Mention = DateMention | TimeMention;

const REL_DAYS: Record<string, { offset: number; period: Period | null; past?: boolean }> = {
  今天: { offset: 0, period: null },
  今日: { offset: 0, period: null },
  今儿: { offset: 0, period: null },
  当天: { offset: 0, period: null },
  今早: { offset: 0, period: 'morning' },
  今晨: { offset: 0, period: 'morning' },
  今晚: { offset: 0, period: 'evening' },
  明天: { offset: 1, period: null },
  明日: { offset: 1, period: null },
  明儿: { offset: 1, period: null },
  明早: { offset: 1, period: 'morning' },
  明晨: { offset: 1, period: 'morning' },
  明晚: { offset: 1, period: 'evening' },
  后天: { offset: 2, period: null },
  大后天: { offset: 3, period: null },
  昨天: { offset: -1, period: null, past: true },
  昨日: { offset: -1, period: null, past: true },
  昨晚: { offset: -1, period: 'evening', past: true },
  前天: { offset: -2, period: null, past: true },
};
const REL_ALT = Object.keys(REL_DAYS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const WEEKDAY_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

const REL_RE = new RegExp(`(${REL_ALT})`, 'g');
const WEEK_RE = /(下下个?|下个?|这个?|本|上上个?|上个?)?(?:周|星期|礼拜)([一二三四五六日天七1-7])/g;
const MONTH_DAY_RE = new RegExp(`(?:(\\d{4})年)?(\\d{1,2}|${CN_NUMBER})月(?:份)?(\\d{1,2}|${CN_NUMBER})(日|号)?`, 'g');
// Things numbered with 号 that are not days: 3号楼, 1号线, 5号机…
const DAY_RE = new RegExp(`(下个?月|这个?月|本月|上个?月)?(\\d{1,2}|${CN_NUMBER})(号|日)(?![楼院线门机店室座栋幢单元厅台位车池码床柜库仓窗口桌机])`, 'g');
const HOLIDAY_RE = /元旦/g;

const HOUR = `\\d{1,2}|${CN_NUMBER}`;
const MINUTE = `半|一刻|三刻|\\d{1,2}分?|[一二三四五六七八九十]{2,3}分?|[一二三四五六七八九]分`;
const CLOCK_TAIL = `(?:(?:点|时)(?:钟)?(${MINUTE})?|:(\\d{2})(?!\\d))`;
const CONNECT = `(?:到|至|-|~|—|－|～)`;
const RANGE_RE = new RegExp(
  `(?:(${PERIOD_ALT})\\s*)?(${HOUR})(?:(?:点|时)(?:钟)?(${MINUTE})?|:(\\d{2}))?\\s*${CONNECT}\\s*(?:(${PERIOD_ALT})\\s*)?(${HOUR})${CLOCK_TAIL}`,
  'g',
);
const SINGLE_RE = new RegExp(`(?:(${PERIOD_ALT})\\s*)?(${HOUR})${CLOCK_TAIL}`, 'g');
const PERIOD_RE = new RegExp(`(${PERIOD_ALT})`, 'g');

const LIST_GAP = /^\s*(?:、|,|，|\/|或者?|还是|和|跟|或是)?\s*$/;
const AFTER_RE = /^\s*(?:以后|之后|以後|过后|后(?!天))/;
const BEFORE_RE = /^\s*(?:以前|之前|前(?!后))/;
// Words before a Chinese-numeral hour that make it a time, not "a bit" (快一点, 早一点).
const CN_HOUR_LEAD = new RegExp(`(?:${PERIOD_ALT}|${REL_ALT}|[周期拜][一二三四五六日天七]|[号日]|到|至|从|约|在|是|大概|大约|差不多|或|或者)\\s*$`);
const CN_HOUR_TAIL = /^(?:半|钟|一刻|三刻|左右|以后|之后|以前|之前|前|后|到|至|-|多|整)/;

function minuteOf(word: string | undefined): number | null {
  if (!word) return 0;
  if (word === '半') return 30;
  if (word === '一刻') return 15;
  if (word === '三刻') return 45;
  const n = parseNumber(word.replace(/分$/, ''));
  return n !== null && n < 60 ? n : null;
}

function clockOf(hourText: string, minuteText: string | undefined, colonMinutes: string | undefined, period: string | undefined): Clock | null {
  const hour = parseNumber(hourText);
  const minute = colonMinutes !== undefined ? Number(colonMinutes) : minuteOf(minuteText);
  if (hour === null || minute === null || hour > 24 || minute > 59) return null;
  return { hour, minute, period: period ? (PERIOD_WORDS[period] ?? null) : null };
}

/** The 24-hour minute of a clock, given the period in force (LABELS.md: bare 1–6 is afternoon). */
function resolveClock(clock: Clock, period: Period | null): number {
  let h = clock.hour;
  const p = clock.period ?? period;
  if (h <= 12) {
    switch (p) {
      case 'afternoon':
      case 'evening':
        if (h < 12) h += 12;
        break;
      case 'noon':
        if (h <= 5) h += 12;
        break;
      case 'morning':
      case 'dawn':
        break;
      default:
        if (h >= 1 && h <= 6) h += 12;
    }
  }
  return (h % 24) * 60 + clock.minute;
}

function overlaps(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i]) return true;
  return false;
}

function take(taken: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) taken[i] = 1;
}

function weekdayDate(today: CstMoment, prefix: string | undefined, weekday: number): { date: CivilDate; past: boolean } {
  const p = prefix ?? '';
  if (p.startsWith('下下')) return { date: addDays(today, 14 - today.weekday + weekday), past: false };
  if (p.startsWith('下')) return { date: addDays(today, 7 - today.weekday + weekday), past: false };
  if (p.startsWith('上上')) return { date: addDays(today, -14 - today.weekday + weekday), past: true };
  if (p.startsWith('上')) return { date: addDays(today, -7 - today.weekday + weekday), past: true };
  if (p.startsWith('这') || p === '本') return { date: addDays(today, weekday - today.weekday), past: false };
  return { date: addDays(today, (weekday - today.weekday + 7) % 7), past: false };
}

/** X号: this month if X is today or later, else the next month that has day X. */
export function resolveDayOfMonth(today: CivilDate, day: number): CivilDate | null {
  if (day < 1 || day > 31) return null;
  let { year, month } = today;
  if (day < today.day) month++;
  for (let i = 0; i < 13; i++, month++) {
    if (month > 12) {
      month = 1;
      year++;
    }
    if (day <= daysInMonth(year, month)) return { year, month, day };
  }
  return null;
}

/** M月D日: this year, or the next year (with that day) if it has passed. */
export function resolveMonthDay(today: CivilDate, month: number, day: number): CivilDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  for (let year = today.year; year <= today.year + 8; year++) {
    if (!isValidDate(year, month, day)) continue;
    const date = { year, month, day };
    if (compareDates(date, today) >= 0) return date;
  }
  return null;
}

function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86400000);
}

function scanDates(text: string, today: CstMoment, taken: Uint8Array): DateMention[] {
  const out: DateMention[] = [];
  const add = (m: Omit<DateMention, 'kind'>): void => {
    if (overlaps(taken, m.start, m.end)) return;
    take(taken, m.start, m.end);
    out.push({ kind: 'date', ...m });
  };
  for (const m of text.includes('月') ? text.matchAll(MONTH_DAY_RE) : []) {
    const prev = text[m.index - 1];
    if (prev !== undefined && /[\d.\-/]/.test(prev)) continue;
    const month = parseNumber(m[2] ?? '');
    const day = parseNumber(m[3] ?? '');
    if (month === null || day === null) continue;
    // A bare "12月1" must end there, not run into more digits.
    if (!m[4] && /\d/.test(text[m.index + m[0].length] ?? '')) continue;
    let date: CivilDate | null;
    let farRoll = false;
    if (m[1]) {
      const year = Number(m[1]);
      date = isValidDate(year, month, day) ? { year, month, day } : null;
    } else {
      date = resolveMonthDay(today, month, day);
      farRoll = date !== null && daysBetween(today, date) > 200;
    }
    const past = date !== null && compareDates(date, today) < 0;
    add({ start: m.index, end: m.index + m[0].length, date, past, period: null, farRoll });
  }
  for (const m of text.matchAll(REL_RE)) {
    const rel = REL_DAYS[m[1] ?? ''];
    if (!rel) continue;
    add({ start: m.index, end: m.index + m[0].length, date: addDays(today, rel.offset), past: rel.past ?? false, period: rel.period, farRoll: false });
  }
  const hasWeek = text.includes('周') || text.includes('星期') || text.includes('礼拜');
  let listed: { end: number; prefix: string | undefined } | null = null;
  for (const m of hasWeek ? text.matchAll(WEEK_RE) : []) {
    // 一周一次, 每周三, 两周: a frequency or a length, not a day.
    const prev = text[m.index - 1] ?? '';
    if (!m[1] && /[一每两几数这上下本]/.test(prev)) continue;
    const weekday = WEEKDAY_NUM[m[2] ?? ''];
    if (!weekday) continue;
    // 下周二、周三: the second day of a list is in the same week as the first.
    let prefix = m[1];
    if (!prefix && listed && LIST_GAP.test(text.slice(listed.end, m.index))) prefix = listed.prefix;
    listed = { end: m.index + m[0].length, prefix };
    const { date, past } = weekdayDate(today, prefix, weekday);
    add({ start: m.index, end: m.index + m[0].length, date, past, period: null, farRoll: false });
  }
  for (const m of text.includes('号') || text.includes('日') ? text.matchAll(DAY_RE) : []) {
    const prefix = m[1];
    const numText = m[2] ?? '';
    const numStart = m.index + (prefix?.length ?? 0);
    const prev = text[numStart - 1] ?? '';
    if (!prefix && /[\dA-Za-z.\-/#第单路街巷弄道村区园苑楼座栋幢室层期]/.test(prev)) continue;
    // 一日三餐: a Chinese-numeral day needs 号.
    if (!/^\d+$/.test(numText) && m[3] !== '号') continue;
    const day = parseNumber(numText);
    if (day === null || day < 1 || day > 31) continue;
    let date: CivilDate | null;
    let past = false;
    if (prefix?.startsWith('下')) {
      const month = today.month === 12 ? 1 : today.month + 1;
      const year = today.month === 12 ? today.year + 1 : today.year;
      date = isValidDate(year, month, day) ? { year, month, day } : null;
    } else if (prefix?.startsWith('上')) {
      date = null;
      past = true;
    } else if (prefix) {
      date = isValidDate(today.year, today.month, day) ? { year: today.year, month: today.month, day } : null;
      past = day < today.day;
    } else {
      date = resolveDayOfMonth(today, day);
    }
    add({ start: m.index, end: m.index + m[0].length, date, past, period: null, farRoll: false });
  }
  for (const m of text.includes('元旦') ? text.matchAll(HOLIDAY_RE) : []) {
    add({ start: m.index, end: m.index + m[0].length, date: resolveMonthDay(today, 1, 1), past: false, period: null, farRoll: false });
  }
  return out;
}

function modifierAfter(text: string, end: number): { modifier: 'after' | 'before' | null; length: number } {
  const rest = text.slice(end, end + 6);
  const a = AFTER_RE.exec(rest);
  if (a) return { modifier: 'after', length: a[0].length };
  const b = BEFORE_RE.exec(rest);
  if (b) return { modifier: 'before', length: b[0].length };
  return { modifier: null, length: 0 };
}

function cnHourAccepted(text: string, hourStart: number, hourText: string, tail: string, hasMinutes: boolean): boolean {
  if (/^\d/.test(hourText)) return !/[\dA-Za-z.]/.test(text[hourStart - 1] ?? '');
  const lead = CN_HOUR_LEAD.test(text.slice(Math.max(0, hourStart - 4), hourStart));
  if (lead) return true;
  // 一点 is "a bit" (快一点来) unless a time word follows (一点之前, 一点到两点).
  if (hourText === '一' && !hasMinutes) return /^(?:钟|左右|以后|之后|以前|之前|到|至)/.test(tail);
  return hasMinutes || CN_HOUR_TAIL.test(tail);
}

/**
 * Matches of a global pattern that do not overlap what is taken; a match that starts on a taken
 * character is retried one character later (礼拜一两点: 一两点 overlaps the weekday, 两点 is the hour).
 */
function* freeMatches(re: RegExp, text: string, taken: Uint8Array): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (overlaps(taken, m.index, m.index + m[0].length)) {
      if (taken[m.index] && !overlaps(taken, m.index + 1, m.index + m[0].length)) re.lastIndex = m.index + 1;
      continue;
    }
    yield m;
  }
}

function scanTimes(text: string, taken: Uint8Array): TimeMention[] {
  const out: TimeMention[] = [];
  const hasClock = text.includes('点') || text.includes('时') || text.includes(':');
  for (const m of hasClock && /[到至\-~—－～]/.test(text) ? freeMatches(RANGE_RE, text, taken) : []) {
    const start = m.index;
    const end = start + m[0].length;
    const hourStart = start + m[0].indexOf(m[2] ?? '', m[1]?.length ?? 0);
    if (!cnHourAccepted(text, hourStart, m[2] ?? '', text.slice(hourStart + (m[2]?.length ?? 0)), false)) continue;
    // 0571-8888: digits on both sides of a dash are a phone or a code, not hours.
    if (/\d/.test(text[start - 1] ?? '')) continue;
    const from = clockOf(m[2] ?? '', m[3], m[4], m[1]);
    const to = clockOf(m[6] ?? '', m[7], m[8], m[5]);
    if (!from || !to) continue;
    take(taken, start, end);
    const mod = modifierAfter(text, end);
    out.push({ kind: 'time', start, end: end + mod.length, period: from.period, from, to, modifier: null });
  }
  for (const m of hasClock ? freeMatches(SINGLE_RE, text, taken) : []) {
    const start = m.index;
    const end = start + m[0].length;
    const hourStart = start + (m[1] ? m[0].indexOf(m[2] ?? '', m[1].length) : 0);
    const hasMinutes = m[3] !== undefined || m[4] !== undefined;
    if (!cnHourAccepted(text, hourStart, m[2] ?? '', text.slice(end), hasMinutes)) continue;
    const from = clockOf(m[2] ?? '', m[3], m[4], m[1]);
    if (!from) continue;
    take(taken, start, end);
    const mod = modifierAfter(text, end);
    out.push({ kind: 'time', start, end: end + mod.length, period: from.period, from, to: null, modifier: mod.modifier });
  }
  for (const m of text.matchAll(PERIOD_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(taken, start, end)) continue;
    // 等了一上午, 整个下午, 每天早上: a duration or a habit, not a wanted time.
    const before = text.slice(Math.max(0, start - 2), start);
    // (周一下午 is a weekday and a period: the 一 belongs to the date already found.)
    if (!taken[start - 1] && /[一半每整]$|整个$|每天$/.test(before)) continue;
    take(taken, start, end);
    out.push({ kind: 'time', start, end, period: PERIOD_WORDS[m[1] ?? ''] ?? null, from: null, to: null, modifier: null });
  }
  return out;
}

interface Candidate extends Span {
  date: DateMention | null;
  times: TimeMention[];
}

const SENTENCE_END = /[。！？!?\n]/;
const TIGHT_GAP = /^[\s,，、的在约是从都也大概大约差不多]{0,4}$/;

function group(mentions: Mention[], text: string): Candidate[] {
  const out: Candidate[] = [];
  let current: Candidate | null = null;
  for (const m of mentions) {
    const gap = current ? text.slice(current.end, m.start) : '';
    if (m.kind === 'date') {
      // "今天上午或明天": a second date right after a first is a new option.
      current = { start: m.start, end: m.end, date: m, times: [] };
      out.push(current);
      continue;
    }
    const attachTight = current !== null && TIGHT_GAP.test(gap);
    // 明天有人，下午三点以后 / 周六最好，上午: a time in the next words refines the day.
    const attachLoose =
      current !== null &&
      current.date !== null &&
      !current.times.some((t) => t.from || (m.from === null && t.period)) &&
      (m.from !== null || (m.period !== null && current.date.period === null && gap.length <= 6)) &&
      gap.length <= 16 &&
      !SENTENCE_END.test(gap);
    if (current && (attachTight || attachLoose)) {
      current.times.push(m);
      current.end = m.end;
    } else {
      current = { start: m.start, end: m.end, date: null, times: [m] };
      out.push(current);
    }
  }
  return out;
}

function clauseEnd(text: string, from: number): number {
  let e = from;
  while (e < text.length && !/[,，。！？!?；;\n]/.test(text[e] ?? '')) e++;
  return e;
}

interface Window {
  start: number | null;
  end: number | null;
  /** The latest minute the window touches, to tell whether it is still ahead today. */
  latest: number | null;
}

function windowOf(c: Candidate): Window {
  let period: Period | null = c.date?.period ?? null;
  for (const t of c.times) {
    if (!t.from && t.period) {
      period = t.period;
      break;
    }
    if (t.from?.period) {
      period = period ?? t.from.period;
      break;
    }
  }
  const clock = c.times.find((t) => t.from);
  if (clock?.from) {
    const from = resolveClock(clock.from, period);
    if (clock.to) {
      let to = resolveClock(clock.to, clock.to.period ?? clock.from.period ?? period);
      if (to <= from && to + 12 * 60 < 24 * 60) to += 12 * 60;
      return { start: from, end: to, latest: to };
    }
    if (clock.modifier === 'before') return { start: null, end: from, latest: from };
    return { start: from, end: null, latest: from };
  }
  if (period) {
    const w = PERIOD_WINDOW[period];
    return w ? { start: w[0], end: w[1], latest: w[1] } : { start: null, end: null, latest: null };
  }
  return { start: null, end: null, latest: null };
}

export interface AppointmentResult {
  appointment: Appointment;
  /** The words the appointment was read from. */
  text: string;
}

/**
 * The wanted visit time, or null. `blocked` marks characters already claimed by a phone
 * number or an address, so their digits are not read as times.
 */
export function extractAppointment(text: string, receivedAt: Date, cues: AppointmentCues, blocked?: Uint8Array): AppointmentResult | null {
  const now = toCst(receivedAt);
  const taken = blocked ? Uint8Array.from(blocked) : new Uint8Array(text.length);
  const dates = scanDates(text, now, taken);
  const times = scanTimes(text, taken);
  if (dates.length === 0 && times.length === 0) return null;
  const mentions: Mention[] = [...dates, ...times].sort((a, b) => a.start - b.start);
  const candidates = group(mentions, text);

  // Read the words after a time only up to the next time, so one option's words do not
  // count for another (voice-to-text often has no punctuation at all). The words after the
  // day itself count too: 后天来装，上午 attaches 上午 to 后天 but 来装 still applies.
  const afterOf = (i: number): { after: string; afterDay: string; towards: boolean; listed: boolean } => {
    const c = candidates[i];
    if (!c) return { after: '', afterDay: '', towards: false, listed: false };
    const next = candidates[i + 1];
    const afterEnd = Math.min(clauseEnd(text, c.end), next ? next.start : text.length, c.end + 14);
    const after = text.slice(c.end, afterEnd);
    const firstEnd = c.date ? c.date.end : c.end;
    // …but never into the next option's words (周六周日都可以，周日更好).
    const afterDay = text.slice(firstEnd, Math.min(next ? next.start : text.length, Math.max(afterEnd, Math.min(clauseEnd(text, firstEnd), firstEnd + 14))));
    const towards = hasCue(cues.towards, afterDay);
    return { after, afterDay, towards, listed: next !== undefined && LIST_GAP.test(text.slice(c.end, next.start)) };
  };
  let best: { c: Candidate; score: number } | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!c) continue;
    if (c.date && (c.date.past || !c.date.date)) continue;
    const { after, afterDay, towards: saysVisit } = afterOf(i);
    const before = text.slice(Math.max(0, c.start - 6), c.start);
    // Near the time only, but matched on the whole words so a cue is not cut (没人 of 没人用).
    const refused = firstCue(cues.refused, afterDay);
    if (refused && refused.index < 10) continue;
    const lead = hasCue(cues.lead, before);
    // 下周二、周三都可以: the words after a list apply to each of its days.
    let towards = saysVisit || lead;
    for (let k = i; !towards && afterOf(k).listed; k++) towards = afterOf(k + 1).towards;
    // 今天早上开始…, 今天还在滴: the time something happened.
    if (hasCue(cues.away, after.slice(0, 4)) && !lead) continue;
    if (c.date?.farRoll && !towards) continue;
    // 元旦前, 这周日之前 with no hour: a deadline, a vague span rather than a visit time.
    if (c.date && c.times.length === 0 && BEFORE_RE.test(text.slice(c.date.end, c.date.end + 3))) continue;
    if (!c.date && !towards) continue;
    let score = towards ? 2 : 0;
    if (hasCue(cues.preferred, afterDay) || hasCue(cues.preferred, before)) score += 3;
    // 原来约的明天上午，改到后天下午: the new time of a moved booking.
    if (cues.moved && hasCue(cues.moved, before)) score += 4;
    if (c.times.some((t) => t.from || t.period)) score += 1;
    if (!c.date) score -= 1;
    if (!best || score > best.score) best = { c, score };
  }
  if (!best) return null;
  const w = windowOf(best.c);
  let date: CivilDate;
  if (best.c.date?.date) {
    date = best.c.date.date;
  } else {
    // A time with no day: today if it is still ahead, else tomorrow.
    date = w.latest !== null && w.latest <= now.minutes ? addDays(now, 1) : { year: now.year, month: now.month, day: now.day };
  }
  return {
    appointment: {
      date: formatDate(date),
      start: w.start === null ? null : formatMinutes(w.start),
      end: w.end === null ? null : formatMinutes(w.end),
    },
    text: text.slice(best.c.start, best.c.end),
  };
}
