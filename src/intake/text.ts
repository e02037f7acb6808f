// Text helpers shared by the recognisers. normalize() maps character for character, so an
// index in the normalised text is the same index in the original message.

/** Full-width ASCII (！＂＃…～) and the ideographic space become their half-width forms. */
const WIDE = /[\uff01-\uff5e\u3000\u00a0]/g;

export function normalize(text: string): string {
  WIDE.lastIndex = 0;
  if (!WIDE.test(text)) return text;
  return text.replace(WIDE, (ch) => {
    const c = ch.charCodeAt(0);
    return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ' ';
  });
}

export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

export function isLatin(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

/** Clause boundaries: punctuation, line breaks and spaces between CJK words. */
export const CLAUSE_BREAK = /[,.;!?。，；！？、\n\r…~]/;

/** Start and end of the clause around index (end exclusive). */
export function clauseAround(text: string, index: number): [number, number] {
  let s = index;
  while (s > 0 && !CLAUSE_BREAK.test(text[s - 1] ?? '')) s--;
  let e = index;
  while (e < text.length && !CLAUSE_BREAK.test(text[e] ?? '')) e++;
  return [s, e];
}
