// The vocabulary the parser runs on: the cue tables of config/intake/vocabulary.yaml, the
// product catalogue and the place names. This file only describes, merges and checks them;
// load-vocabulary.ts reads them from disk.
import type { AddressVocabulary } from './address';
import type { NameVocabulary } from './contact-name';
import type { PlaceNames } from './gazetteer';

export interface Vocabulary {
  intent: {
    complaint: string[];
    praise: string[];
    statusQuery: string[];
    question: string[];
    inquiryTopics: string[];
    visitRequest: string[];
    requestQuestion: string[];
    infoQuestion: string[];
    arrival: string[];
    existingJob: string[];
    politeRequest: string[];
    cancel: string[];
    rebook: string[];
  };
  visitType: {
    install: string[];
    repair: string[];
    maintenance: string[];
    inspection: string[];
    look: string[];
    fault: string[];
    secondary: string[];
    suspected: string[];
  };
  complaintLevel: {
    outside: string[];
    done: string[];
    threat: string[];
    repeat: string[];
  };
  appointment: {
    towards: string[];
    lead: string[];
    away: string[];
    refused: string[];
    preferred: string[];
    moved: string[];
  };
  phone: {
    notPhone: string[];
    staff: string[];
  };
  names: {
    surnames: string;
    compoundSurnames: string[];
    honorifics: string[];
    staffRoles: string[];
    sharedRoles: string[];
    customerRoles: string[];
    labels: string[];
    selfLabels: string[];
    vocatives: string[];
    notLatinNames: string[];
    falseSurnameWords: string[];
  };
  address: {
    admin: string[];
    town: string[];
    road: string[];
    place: string[];
    unit: string[];
    leadIns: string[];
    stopChars: string;
  };
  /** The product catalogue: what a message's product is matched against. */
  products: Product[];
  /** China's administrative divisions; empty lists work, with a weaker address recogniser. */
  places: PlaceNames;
}

export interface Product {
  id: string;
  name: string;
  /** Other words for it; the name itself is always matched. */
  aliases: string[];
}

// Compile-time checks that the YAML sections fit the recognisers' own vocabularies.
const _address: AddressVocabulary = {} as Vocabulary['address'];
const _names: NameVocabulary = {} as Vocabulary['names'];
void _address;
void _names;

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges an operator's extension into a base: lists are appended (without duplicates),
 * records are merged key by key, anything else replaces the base value.
 */
export function mergeVocabulary(base: Json, extension: Json): Json {
  if (extension === undefined || extension === null) return base;
  if (Array.isArray(base) && Array.isArray(extension)) {
    const seen = new Set(base.map((x) => JSON.stringify(x)));
    return [...base, ...extension.filter((x) => !seen.has(JSON.stringify(x)))];
  }
  if (isRecord(base) && isRecord(extension)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(extension)) out[k] = k in base ? mergeVocabulary(base[k], v) : v;
    return out;
  }
  return extension;
}

function strings(v: Json, path: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`vocabulary: ${path} must be a list`);
  // YAML reads 12315 as a number; every cue is text.
  return v.map((x, i) => {
    if (typeof x === 'string' || typeof x === 'number') return String(x);
    throw new Error(`vocabulary: ${path}[${i}] must be a word or a /pattern/`);
  });
}

function text(v: Json, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error(`vocabulary: ${path} must be a string`);
  return v.replace(/\s+/g, '');
}

function section(raw: Record<string, Json>, key: string): Record<string, Json> {
  const v = raw[key];
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new Error(`vocabulary: ${key} must be a mapping`);
  return v;
}

function lists<K extends string>(raw: Record<string, Json>, key: string, names: readonly K[]): Record<K, string[]> {
  const s = section(raw, key);
  const out = {} as Record<K, string[]>;
  for (const n of names) out[n] = strings(s[n], `${key}.${n}`);
  return out;
}

function products(v: Json): Product[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error('products must be a list');
  return v.map((p, i) => {
    if (!isRecord(p) || typeof p.name !== 'string') throw new Error(`products[${i}] needs a name`);
    const id = typeof p.id === 'string' || typeof p.id === 'number' ? String(p.id) : p.name;
    return { id, name: p.name, aliases: strings(p.aliases, `products[${i}].aliases`) };
  });
}

/** Checks a parsed (and merged) YAML document and gives it the Vocabulary shape. */
export function toVocabulary(raw: Json, catalogue: Json, places: PlaceNames): Vocabulary {
  if (!isRecord(raw)) throw new Error('vocabulary: expected a mapping at the top');
  const names = section(raw, 'names');
  const address = section(raw, 'address');
  return {
    intent: lists(raw, 'intent', ['complaint', 'praise', 'statusQuery', 'question', 'inquiryTopics', 'visitRequest', 'requestQuestion', 'infoQuestion', 'arrival', 'existingJob', 'politeRequest', 'cancel', 'rebook'] as const),
    visitType: lists(raw, 'visitType', ['install', 'repair', 'maintenance', 'inspection', 'look', 'fault', 'secondary', 'suspected'] as const),
    complaintLevel: lists(raw, 'complaintLevel', ['outside', 'done', 'threat', 'repeat'] as const),
    appointment: lists(raw, 'appointment', ['towards', 'lead', 'away', 'refused', 'preferred', 'moved'] as const),
    phone: lists(raw, 'phone', ['notPhone', 'staff'] as const),
    names: {
      surnames: text(names.surnames, 'names.surnames'),
      ...lists(raw, 'names', ['compoundSurnames', 'honorifics', 'staffRoles', 'sharedRoles', 'customerRoles', 'labels', 'selfLabels', 'vocatives', 'notLatinNames', 'falseSurnameWords'] as const),
    },
    address: {
      ...lists(raw, 'address', ['admin', 'town', 'road', 'place', 'unit', 'leadIns'] as const),
      stopChars: text(address.stopChars, 'address.stopChars'),
    },
    products: products(isRecord(catalogue) ? catalogue.products : catalogue),
    places,
  };
}
