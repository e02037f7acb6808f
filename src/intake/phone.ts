// Phone numbers: the customer's mobile (11 digits) or landline (area code + number), with any
// spaces, dashes, brackets and +86 prefix people write around them. Order, serial and hotline
// numbers and masked numbers are not phones.
import { allCues, type CueTable } from './cue-table';

export interface PhoneCues {
  /** Words right before a number that make it something else: 订单号, 尾号, 序列号… */
  notPhone: CueTable;
  /** Words right before a number that make it our own staff's: 师傅电话, 李工… */
  staff: CueTable;
}

export interface PhoneMatch {
  phone: string;
  start: number;
  end: number;
}

// A run of digits with the separators people put inside phone numbers.
const RUN_RE = /\+?\(?\d[\d\s\-()（）.]*\d\)?|\d/g;
const GROUP_RE = /\d+/g;

/** The normalised phone for a digit string, or null when it is not a phone. */
export function normalisePhoneDigits(digits: string): string | null {
  let d = digits;
  if (d.length === 13 && d.startsWith('86') && d[2] === '1') d = d.slice(2);
  else if (d.length >= 12 && d.length <= 13 && d.startsWith('86') && d[2] !== '0') d = '0' + d.slice(2);
  if (/^1[3-9]\d{9}$/.test(d)) return d;
  if (/^0[12]\d{9}$/.test(d)) return d; // 010, 02X: 3-digit area code + 8 digits
  if (/^0[3-9]\d{2}\d{7,8}$/.test(d)) return d; // 4-digit area code + 7 or 8 digits
  return null;
}

/** A local landline without area code (8 digits), accepted only after a phone word. */
function isLocalLandline(digits: string): boolean {
  return /^[2-8]\d{7}$/.test(digits);
}

const PHONE_WORD = /(?:电话|手机|座机|联系|tel|Tel|TEL|号码)[^\d]{0,3}$/;

/** Whether a cue stands right before the number, with only labels or separators between. */
function endsWithCue(table: CueTable, before: string): boolean {
  return allCues(table, before).some((hit) => /^[\s:#号码为是的电话手机]*$/.test(before.slice(hit.index + hit.text.length)));
}

export function findPhones(text: string, cues: PhoneCues): PhoneMatch[] {
  const found: PhoneMatch[] = [];
  for (const run of text.matchAll(RUN_RE)) {
    const runText = run[0];
    const runStart = run.index;
    // Letters glued to the digits (GD2026…, W8-2024…) make a code, not a phone.
    if (/[A-Za-z]/.test(text[runStart - 1] ?? '') || /[A-Za-z]/.test(text[runStart + runText.length] ?? '')) continue;
    // 138****8000: masked.
    if (text[runStart + runText.length] === '*' || text[runStart - 1] === '*') continue;
    const groups = [...runText.matchAll(GROUP_RE)].map((g) => ({ digits: g[0], start: runStart + g.index, end: runStart + g.index + g[0].length }));
    // Try consecutive groups, earliest start and longest first, for a valid number.
    for (let i = 0; i < groups.length; i++) {
      let matched: PhoneMatch | null = null;
      for (let j = groups.length - 1; j >= i; j--) {
        const first = groups[i];
        const last = groups[j];
        if (!first || !last) continue;
        const parts = groups.slice(i, j + 1);
        const digits = parts.map((g) => g.digits).join('');
        if (digits.length > 16) continue;
        // 1 3 8 0 0 …: digits spelled out one by one (voice input reading a code aloud) are
        // too unreliable to call back on.
        if (parts.filter((g) => g.digits.length === 1).length > 4) continue;
        let phone = normalisePhoneDigits(digits);
        if (!phone && i === j && isLocalLandline(digits) && PHONE_WORD.test(text.slice(Math.max(0, first.start - 8), first.start))) phone = digits;
        if (phone) {
          let start = first.start;
          if (i === 0 && /^[+(]/.test(runText)) start = runStart;
          matched = { phone, start, end: last.end };
          i = j;
          break;
        }
      }
      if (!matched) continue;
      const before = text.slice(Math.max(0, matched.start - 10), matched.start);
      if (endsWithCue(cues.notPhone, before) || endsWithCue(cues.staff, before)) continue;
      found.push(matched);
    }
  }
  return found;
}
