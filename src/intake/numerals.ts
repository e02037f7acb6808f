// Small Chinese numerals as people write times and dates: 一…九十九, 两, 〇/零, mixed with
// Arabic digits. Larger numbers never occur in a time or a day of the month.

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Characters that may make up a small Chinese numeral, for building patterns. */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十';
export const CN_NUMBER = `[${CN_NUMERAL_CHARS}]{1,3}`;

/** 一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31, 两 → 2; null when not a numeral below 100. */
export function parseChineseNumber(s: string): number | null {
  if (!s) return null;
  const ten = s.indexOf('十');
  if (ten < 0) {
    if (s.length !== 1) {
      // 二〇二七-style digit strings
      let n = 0;
      for (const ch of s) {
        // 一两点 is "one or two o'clock", not 12: 两 is never a digit of a longer number.
        const d = ch === '两' ? undefined : DIGITS[ch];
        if (d === undefined) return null;
        n = n * 10 + d;
      }
      return n;
    }
    return DIGITS[s] ?? null;
  }
  if (s.indexOf('十', ten + 1) >= 0) return null;
  const tensPart = s.slice(0, ten);
  const onesPart = s.slice(ten + 1);
  const tens = tensPart === '' ? 1 : DIGITS[tensPart];
  const ones = onesPart === '' ? 0 : DIGITS[onesPart];
  if (tens === undefined || ones === undefined || tensPart.length > 1 || onesPart.length > 1) return null;
  return tens * 10 + ones;
}

/** Arabic digits or a small Chinese numeral. */
export function parseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  return parseChineseNumber(s);
}
