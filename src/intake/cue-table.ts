// A cue table is a list of entries an operator writes in YAML: a plain word, matched as a
// substring, or `/a regular expression/`. Each table is compiled once into a single
// alternation so a message is scanned once per table, not once per word.

export interface CueTable {
  readonly source: readonly string[];
  /** Global, unicode; use with matchAll / lastIndex. Never matches anything when the table is empty. */
  readonly re: RegExp;
}

const NEVER = '(?!)';

export function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function entryPattern(entry: string): string {
  const trimmed = entry.trim();
  if (trimmed.length > 2 && trimmed.startsWith('/') && trimmed.endsWith('/')) {
    const body = trimmed.slice(1, -1);
    // Validate each pattern on its own so a typo names the entry, not the whole table.
    try {
      new RegExp(body, 'u');
    } catch (err) {
      throw new Error(`bad pattern ${trimmed}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return `(?:${body})`;
  }
  return escapeRegExp(trimmed);
}

export function compileCues(entries: readonly string[]): CueTable {
  const parts = entries.filter((e) => e.trim().length > 0).map(entryPattern);
  // Longer literals first, so 中央空调 wins over 空调 at the same position.
  parts.sort((a, b) => b.length - a.length);
  const source = parts.length ? parts.join('|') : NEVER;
  // Unicode mode only where a pattern needs it (\p{…}): it makes V8's matcher slower.
  return { source: entries, re: new RegExp(source, /\\[pPu]\{/.test(source) ? 'gu' : 'g') };
}

export interface CueHit {
  text: string;
  index: number;
}

export function firstCue(table: CueTable, text: string, from = 0): CueHit | null {
  table.re.lastIndex = from;
  const m = table.re.exec(text);
  return m ? { text: m[0], index: m.index } : null;
}

export function allCues(table: CueTable, text: string): CueHit[] {
  const hits: CueHit[] = [];
  table.re.lastIndex = 0;
  for (let m = table.re.exec(text); m; m = table.re.exec(text)) {
    hits.push({ text: m[0], index: m.index });
    if (m[0].length === 0) table.re.lastIndex++;
  }
  return hits;
}

export function hasCue(table: CueTable, text: string): boolean {
  table.re.lastIndex = 0;
  return table.re.test(text);
}
