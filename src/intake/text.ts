// Text helpers shared by the recognisers. normalize() maps character for character, so an
// index in the normalised text is the same index in the original message.

/** Full-width ASCII (！＂＃…～) and the ideographic space become their half-width forms. */
export function normalize(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0) out += ' ';
    else out += text[i];
  }
  return out;
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
