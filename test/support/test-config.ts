import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadEnv, type Env } from '../../src/config/env';
import { operatorConfigSchema, type OperatorConfig } from '../../src/config/operator-schema';

export const exampleConfigPath = join(__dirname, '../../config/gongdan.yaml');

/** The shipped example config, optionally changed by a test (deep-merged plain objects). */
export function testConfig(change?: (raw: Record<string, any>) => void): OperatorConfig {
  const raw = parseDocument(readFileSync(exampleConfigPath, 'utf8')).toJS() as Record<string, any>;
  change?.(raw);
  return operatorConfigSchema.parse(raw);
}

export function testEnv(vars: Record<string, string | undefined> = {}): Env {
  return loadEnv({ LOG_LEVEL: 'silent', ...vars });
}
