import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../lib/errors';
import { operatorConfigSchema, type OperatorConfig } from './operator-schema';

/** Reads and validates the operator's YAML (or JSON) file; errors name the file and the key. */
export function loadOperatorConfig(path: string): OperatorConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read the operator config ${file} (set GONGDAN_CONFIG to its path): ${(err as Error).message}`);
  }
  return parseOperatorConfig(text, file);
}

export function parseOperatorConfig(text: string, file: string): OperatorConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(`${file} is not valid YAML:`, doc.errors.map((e) => e.message.split('\n')[0] ?? e.message));
  }
  const result = operatorConfigSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new ConfigError(
    `${file} has invalid values:`,
    result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
  );
}

function formatPath(path: PropertyKey[]): string {
  if (!path.length) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
