// The address recogniser. A Chinese address is a chain of chunks, largest unit first:
// 浙江省 杭州市 西湖区 | 长河街道 | 文三路 90号 | 锦绣花园 | 3幢 2单元 601. Each chunk is a name
// ending in a unit word from the vocabulary (省, 区, 街道, 路, 小区, 大厦…) or a number with a
// unit (3幢, B座, 1203室). The message is cut into chunks once; contiguous chunks form chains;
// the best-scoring chain is the address. The gazetteer fixes where the first chunk starts.
import type { Gazetteer } from './gazetteer';


export interface AddressVocabulary {
  /** Province, city and county-level units: 省, 市, 区, 县… */
  admin: readonly string[];
  /** Township and village units: 镇, 乡, 街道, 村… */
  town: readonly string[];
  /** Roads: 路, 街, 大道, 巷, 弄… */
  road: readonly string[];
  /** Compounds and named sites: 小区, 花园, 苑, 大厦, 广场, 工业园, 基地… */
  place: readonly string[];
  /** Units after a number: 号, 号楼, 栋, 幢, 座, 单元, 室, 层… */
  unit: readonly string[];
  /** Words that lead into an address and are not part of it: 地址, 住在, 位于… */
  leadIns: readonly string[];
  /** Characters that never occur inside a place name: 的, 了, 我, 在… */
  stopChars: string;
}

type ChunkKind = 'admin' | 'town' | 'road' | 'place' | 'number' | 'bare' | 'room';

interface Chunk {
  kind: ChunkKind;
  start: number;
  end: number;
  /** Length of the unit word at the end (0 for numbers). */
  nameLength: number;
}

export interface AddressMatch {
  address: string;
  start: number;
  end: number;
}

export interface AddressRecogniser {
  find(text: string): AddressMatch | null;
}

const byLength = (a: string, b: string): number => b.length - a.length;

function byFirstChar(words: readonly string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const w of words) {
    if (!w) continue;
    const first = w.charCodeAt(0);
    const list = map.get(first) ?? [];
    list.push(w);
    map.set(first, list);
  }
  return map;
}

// Character classes by code unit: the scanner looks at every character of every message, so
// it reads char codes and a table rather than one-character strings.
const NAME = 1;
const DIGIT = 2;
const LATIN = 4;
const CN_DIGIT = 8;
const SERIAL = 16; // 甲乙丙丁东西南北: 甲单元, 东区
const DASH = 45;

function classTable(stopChars: string): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (let c = 0x4e00; c <= 0x9fff; c++) t[c] = NAME;
  for (let c = 0x3400; c <= 0x4dbf; c++) t[c] = NAME;
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  // Latin letters occur in names (SOHO现代城); numbers with units are found before names are.
  for (let c = 65; c <= 90; c++) t[c] = LATIN | NAME;
  for (let c = 97; c <= 122; c++) t[c] = LATIN | NAME;
  for (const ch of stopChars) t[ch.charCodeAt(0)] = (t[ch.charCodeAt(0)] ?? 0) & ~NAME;
  for (const ch of '一二三四五六七八九十') t[ch.charCodeAt(0)] = (t[ch.charCodeAt(0)] ?? 0) | CN_DIGIT;
  for (const ch of '甲乙丙丁东西南北') t[ch.charCodeAt(0)] = (t[ch.charCodeAt(0)] ?? 0) | SERIAL;
  return t;
}

export function createAddressRecogniser(vocab: AddressVocabulary, gazetteer: Gazetteer): AddressRecogniser {
  const cls = classTable(vocab.stopChars);
  const is = (text: string, at: number, flag: number): boolean => at >= 0 && at < text.length && ((cls[text.charCodeAt(at)] ?? 0) & flag) !== 0;
  const suffixKinds = new Map<string, ChunkKind>();
  for (const [kind, words] of [
    ['place', vocab.place],
    ['town', vocab.town],
    ['road', vocab.road],
    ['admin', vocab.admin],
  ] as const) {
    for (const w of words) if (w && !suffixKinds.has(w)) suffixKinds.set(w, kind);
  }
  const suffixes = [...suffixKinds.keys()].sort(byLength);
  const suffixesByFirst = byFirstChar(suffixes);
  const unitsByFirst = byFirstChar([...vocab.unit].sort(byLength));
  const roomRe = /^[A-Za-z]?(?:\d{1,3}(?:-\d{1,4}){1,3}|\d{2,5})(?!\d)(?:室)?/;
  const leadIns = [...vocab.leadIns].sort(byLength);

  /** Length of the longest word of `table` starting at `at`, or 0. */
  function wordAt(table: Map<number, string[]>, text: string, at: number): number {
    if (at >= text.length) return 0;
    const words = table.get(text.charCodeAt(at));
    if (words) for (const w of words) if (text.startsWith(w, at)) return w.length;
    return 0;
  }

  /** End of a number with its unit (3幢, B座, 1-6号楼, 甲单元) starting at `at`, or 0. */
  function numberUnitAt(text: string, at: number): number {
    const c = cls[text.charCodeAt(at)] ?? 0;
    if (!(c & (DIGIT | LATIN | CN_DIGIT | SERIAL))) return 0;
    let unit = 0;
    if (c & DIGIT || (c & LATIN && is(text, at + 1, DIGIT))) {
      let i = at;
      if (c & LATIN) i++;
      const digitsFrom = i;
      while (i - digitsFrom < 5 && is(text, i, DIGIT)) i++;
      if (i === digitsFrom) return 0;
      for (let dash = 0; dash < 3 && text.charCodeAt(i) === DASH && is(text, i + 1, DIGIT); dash++) {
        i++;
        const from = i;
        while (i - from < 4 && is(text, i, DIGIT)) i++;
      }
      // 12F: the letter may be a unit of its own.
      if (is(text, i, LATIN) && (unit = wordAt(unitsByFirst, text, i + 1))) return i + 1 + unit;
      return (unit = wordAt(unitsByFirst, text, i)) ? i + unit : 0;
    }
    if (c & LATIN) return (unit = wordAt(unitsByFirst, text, at + 1)) ? at + 1 + unit : 0;
    if (c & CN_DIGIT) {
      let i = at;
      while (i - at < 3 && is(text, i, CN_DIGIT)) i++;
      for (let e = i; e > at; e--) if ((unit = wordAt(unitsByFirst, text, e))) return e + unit;
      return 0;
    }
    return (unit = wordAt(unitsByFirst, text, at + 1)) ? at + 1 + unit : 0;
  }

  function chunksOf(text: string): Chunk[] {
    const out: Chunk[] = [];
    const n = text.length;
    // Each position is looked at once for a number with unit, a unit word and a name character.
    const numEndAt = new Int32Array(n + 1);
    const suffixAt = new Int32Array(n + 1);
    const nameOk = new Uint8Array(n + 1);
    for (let p = 0; p < n; p++) {
      numEndAt[p] = numberUnitAt(text, p);
      suffixAt[p] = wordAt(suffixesByFirst, text, p);
      nameOk[p] = is(text, p, NAME) ? 1 : 0;
    }
    let i = 0;
    while (i < n) {
      // 1. a number with its unit
      const numEnd = numEndAt[i] ?? 0;
      if (numEnd) {
        // 5号 glued to a preceding digit run (phone, order number) is not an address number.
        if (!is(text, i - 1, DIGIT | LATIN)) out.push({ kind: 'number', start: i, end: numEnd, nameLength: 0 });
        i = numEnd;
        continue;
      }
      // 2. the shortest run of name characters ending in a unit word (lazy, at most 12)
      let named = 0;
      let namedAt = 0;
      // A unit word cannot open a chunk unless it continues the previous one (金城 + 路);
      // elsewhere it is part of the name (城关镇).
      const continues = out.length > 0 && out[out.length - 1]?.end === i;
      for (let j = i; j <= i + 12 && j < n; j++) {
        const len = suffixAt[j] ?? 0;
        if (len && (j > i || continues || !nameOk[j])) {
          namedAt = j;
          named = j + len;
          break;
        }
        if (!nameOk[j]) break;
      }
      if (named) {
        const suffix = text.slice(namedAt, named);
        const kind = suffixKinds.get(suffix) ?? 'place';
        const nameLength = namedAt - i;
        const prev = out[out.length - 1];
        // 锦绣华庭 + 小区: a unit word glued to a name chunk belongs to it.
        if (nameLength === 0 && prev && prev.end === i && prev.kind !== 'number' && prev.kind !== 'room') {
          prev.nameLength = named - prev.start - suffix.length;
          prev.kind = kind;
          prev.end = named;
        } else {
          out.push({ kind, start: i, end: named, nameLength });
        }
        i = named;
        continue;
      }
      // 3. a name without a unit word right before a number (金色钱塘8幢)
      let run = 0;
      while (run < 10 && nameOk[i + run]) run++;
      let bare = 0;
      for (let k = run; k >= 2; k--) {
        if (numEndAt[i + k]) {
          bare = k;
          break;
        }
      }
      if (bare) {
        out.push({ kind: 'bare', start: i, end: i + bare, nameLength: bare });
        i += bare;
        continue;
      }
      i++;
    }
    return out;
  }

  /** Where the first chunk of a chain really starts: after lead-in words, at a gazetteer name. */
  function firstStart(text: string, chunk: Chunk): number {
    if (chunk.kind === 'admin' || chunk.kind === 'town') {
      const known = gazetteer.fullNameEndingAt(text, chunk.end, chunk.start);
      if (known && chunk.end - known.name.length >= chunk.start) {
        let start = chunk.end - known.name.length;
        // 浙江杭州西湖区: take the province and city in front too.
        for (let i = 0; i < 2; i++) {
          const region = gazetteer.regionEndingAt(text, start, chunk.start);
          if (!region || start - region.length < chunk.start) break;
          start -= region.length;
        }
        return start;
      }
    }
    const raw = text.slice(chunk.start, chunk.end);
    let cut = 0;
    for (const w of leadIns) {
      const at = raw.lastIndexOf(w);
      if (at >= 0 && at + w.length > cut && at + w.length < raw.length) cut = at + w.length;
    }
    return chunk.start + cut;
  }

  function weight(c: Chunk, next: Chunk | undefined, text: string, isFirst: boolean, start: number): number {
    const suffixLength = c.end - c.start - c.nameLength;
    const named = (isFirst ? c.end - start - suffixLength : c.nameLength) > 0;
    switch (c.kind) {
      case 'admin':
      case 'town': {
        if (!named) return 0;
        if (c.kind === 'town') return 2;
        return gazetteer.isKnown(text.slice(isFirst ? start : c.start, c.end)) ? 3 : 1;
      }
      case 'road':
        if (!named) return 0;
        return next?.kind === 'number' ? 3 : 1;
      case 'place':
        if (!named) return 0;
        return next && (next.kind === 'number' || next.kind === 'room') ? 2 : 1;
      case 'bare':
        return 1;
      case 'number':
      case 'room':
        return 1;
    }
  }

  return {
    find(text) {
      const chunks = chunksOf(text);
      if (chunks.length === 0) return null;
      let best: { start: number; end: number; score: number } | null = null;
      let i = 0;
      while (i < chunks.length) {
        const first = chunks[i];
        if (!first) break;
        // A chain cannot start with a bare unit word or a number.
        if (first.kind === 'number' || (first.nameLength === 0 && first.kind !== 'bare')) {
          i++;
          continue;
        }
        const chain: Chunk[] = [first];
        let j = i + 1;
        for (; j < chunks.length; j++) {
          const prev = chain[chain.length - 1];
          const c = chunks[j];
          if (!prev || !c) break;
          const gap = text.slice(prev.end, c.start);
          // One space may separate chunks; a number must follow directly.
          if (gap === '' || (gap === ' ' && c.kind !== 'number')) chain.push(c);
          else break;
        }
        const last = chain[chain.length - 1];
        if (last && last.kind !== 'admin' && last.kind !== 'road') {
          const room = roomRe.exec(text.slice(last.end, last.end + 16));
          if (room) chain.push({ kind: 'room', start: last.end, end: last.end + room[0].length, nameLength: 0 });
        }
        i = j;
        if (chain.length < 2) continue;
        const start = firstStart(text, first);
        let score = 0;
        for (let k = 0; k < chain.length; k++) {
          const c = chain[k];
          if (c) score += weight(c, chain[k + 1], text, k === 0, start);
        }
        const end = chain[chain.length - 1]?.end ?? first.end;
        if (score >= 3 && end > start && (!best || score > best.score)) best = { start, end, score };
      }
      if (!best) return null;
      return { address: text.slice(best.start, best.end).trim(), start: best.start, end: best.end };
    },
  };
}
