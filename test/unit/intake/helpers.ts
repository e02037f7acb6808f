// Shared by the intake tests: one parser on the shipped vocabulary, built once.
import { createDefaultParser } from '../../../src/intake/load-vocabulary';
import type { Parse } from '../../../src/intake/types';

let cached: Parse | null = null;

export function parser(): Parse {
  cached ??= createDefaultParser({});
  return cached;
}

/** A CST wall-clock time as a Date: cst('2026-12-04 10:15'). */
export function cst(wall: string): Date {
  return new Date(`${wall.replace(' ', 'T')}:00+08:00`);
}
