// JSON.parse copes with any nesting, but the value it returns then breaks whatever walks it
// recursively — JSON.stringify when the payload is stored, the logger, schema checks — with a
// RangeError, i.e. a 500 after the signature already passed. Platform messages are a few levels
// deep; anything past this is refused before it is parsed.
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text opens more than `max` arrays/objects inside each other. Linear, no parse. */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
