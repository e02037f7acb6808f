// The address recogniser. A Chinese address is a chain of chunks, largest unit first:
// 浙江省 杭州市 西湖区 | 长河街道 | 文三路 90号 | 锦绣花园 | 3幢 2单元 601. Each chunk is a name
// ending in a unit word from the vocabulary (省, 区, 街道, 路, 小区, 大厦…) or a number with a
// unit (3幢, B座, 1203室). The message is cut into chunks once; contiguous chunks form chains;
// the best-scoring chain is the address. The gazetteer fixes where the first chunk starts.
import { escapeRegExp } from './cue-table';
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

function cjkClassWithout(stop: string): string {
  const excluded = [...new Set([...stop].map((c) => c.charCodeAt(0)))].filter((c) => c >= 0x4e00 && c <= 0x9fff).sort((a, b) => a - b);
  const ranges: string[] = [];
  let from = 0x4e00;
  const hex = (n: number): string => `\\u${n.toString(16).padStart(4, '0')}`;
  for (const c of excluded) {
    if (c > from) ranges.push(c - 1 > from ? `${hex(from)}-${hex(c - 1)}` : hex(from));
    from = c + 1;
  }
  if (from <= 0x9fff) ranges.push(`${hex(from)}-${hex(0x9fff)}`);
  return `[${ranges.join('')}]`;
}

const byLength = (a: string, b: string): number => b.length - a.length;
const CN_DIGITS = '一二三四五六七八九十';

export function createAddressRecogniser(vocab: AddressVocabulary, gazetteer: Gazetteer): AddressRecogniser {
  const NAME = cjkClassWithout(vocab.stopChars);
  const suffixKinds = new Map<string, ChunkKind>();
  for (const [kind, words] of [
    ['place', vocab.place],
    ['town', vocab.town],
    ['road', vocab.road],
    ['admin', vocab.admin],
  ] as const) {
    for (const w of words) if (!suffixKinds.has(w)) suffixKinds.set(w, kind);
  }
  const suffixes = [...suffixKinds.keys()].sort(byLength);
  const units = [...vocab.unit].sort(byLength);
  const SUFFIX = suffixes.map(escapeRegExp).join('|') || '(?!)';
  const UNIT = units.map(escapeRegExp).join('|') || '(?!)';
  const NUMBER = `(?:[A-Za-z]?\\d{1,5}[A-Za-z]?(?:-\\d{1,4}){0,3}|[A-Za-z]|[${CN_DIGITS}]{1,3}|[甲乙丙丁东西南北])`;
  const NUMUNIT = `${NUMBER}(?:${UNIT})`;
  const chunkRe = new RegExp(`(${NUMUNIT})|(${NAME}{0,12}?(?:${SUFFIX}))|(${NAME}{2,10}(?=${NUMUNIT}))`, 'g');
  const roomRe = /^(?:\d{1,3}(?:-\d{1,4}){1,3}|\d{2,5})(?!\d)(?:室)?/;
  const leadIns = [...vocab.leadIns].sort(byLength);

  function kindOf(chunkText: string): { kind: ChunkKind; nameLength: number } {
    for (const s of suffixes) {
      if (chunkText.endsWith(s)) return { kind: suffixKinds.get(s) ?? 'place', nameLength: chunkText.length - s.length };
    }
    return { kind: 'place', nameLength: chunkText.length };
  }

  function chunksOf(text: string): Chunk[] {
    const out: Chunk[] = [];
    chunkRe.lastIndex = 0;
    for (let m = chunkRe.exec(text); m; m = chunkRe.exec(text)) {
      if (m[0].length === 0) {
        chunkRe.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (m[1]) {
        // 5年, 3号 glued to a preceding digit run (phone, order number) are not address numbers.
        if (/\d/.test(text[start - 1] ?? '') || /[A-Za-z]/.test(text[start - 1] ?? '')) continue;
        out.push({ kind: 'number', start, end, nameLength: 0 });
      } else if (m[2]) {
        const { kind, nameLength } = kindOf(m[2]);
        const prev = out[out.length - 1];
        // 锦绣华庭 + 小区: a unit word glued to a name chunk belongs to it.
        if (nameLength === 0 && prev && prev.end === start && prev.kind !== 'number' && prev.kind !== 'room') {
          prev.nameLength = end - prev.start - m[2].length;
          prev.kind = kind;
          prev.end = end;
          continue;
        }
        out.push({ kind, start, end, nameLength });
      } else {
        out.push({ kind: 'bare', start, end, nameLength: m[0].length });
      }
    }
    return out;
  }

  /** Where the first chunk of a chain really starts: after lead-in words, at a gazetteer name. */
  function firstStart(text: string, chunk: Chunk): number {
    if (chunk.kind === 'admin' || chunk.kind === 'town') {
      const known = gazetteer.fullNameEndingAt(text, chunk.end);
      if (known && chunk.end - known.name.length >= chunk.start) {
        let start = chunk.end - known.name.length;
        // 浙江杭州西湖区: take the province and city in front too.
        for (let i = 0; i < 2; i++) {
          const region = gazetteer.regionEndingAt(text, start);
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
        const known = gazetteer.isKnown(text.slice(isFirst ? start : c.start, c.end));
        return known ? 3 : c.kind === 'town' ? 2 : 1;
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
        const start = firstStart(text, first);
        let score = 0;
        for (let k = 0; k < chain.length; k++) {
          const c = chain[k];
          if (c) score += weight(c, chain[k + 1], text, k === 0, start);
        }
        const end = chain[chain.length - 1]?.end ?? first.end;
        if (chain.length >= 2 && score >= 3 && end > start && (!best || score > best.score)) best = { start, end, score };
        i = j;
      }
      if (!best) return null;
      return { address: text.slice(best.start, best.end).trim(), start: best.start, end: best.end };
    },
  };
}
