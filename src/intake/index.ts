// Message understanding: turns a Chinese chat message into the fields of a ticket draft.
// The ticket flow and the CLI both use createParser (pure) or createDefaultParser (reads config).
export { createParser, toLabelled, type ParserOptions } from './parser';
export { createDefaultParser, loadVocabulary, loadPlaceNames, EXTENSION_ENV, type LoadOptions } from './load-vocabulary';
export type { Vocabulary, Product } from './vocabulary';
export type * from './types';
