// `npm run cli -- parse`: JSON Lines in ({"id","text","now"}), one LABELS.md line out per line
// in, nothing else on stdout. A bad line gets an {"id","error"} line and the run goes on.
import * as readline from 'node:readline';
import { createDefaultParser } from './load-vocabulary';
import type { Parse } from './types';
import { toLabelled } from './parser';

const FLUSH_AT = 64 * 1024;

function idOf(line: string): string | null {
  const m = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(line);
  if (!m || m[1] === undefined) return null;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return null;
  }
}

/** One output line (without the newline) for one input line. */
export function parseLine(parse: Parse, line: string): { out: string; ok: boolean } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    const id = idOf(line);
    return { out: JSON.stringify({ id, error: 'malformed JSON' }), ok: false };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { out: JSON.stringify({ id: null, error: 'expected a JSON object' }), ok: false };
  }
  const { id, text, now } = input as { id?: unknown; text?: unknown; now?: unknown };
  const outId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  if (outId === null) return { out: JSON.stringify({ id: null, error: 'missing "id"' }), ok: false };
  if (typeof text !== 'string') return { out: JSON.stringify({ id: outId, error: 'missing "text"' }), ok: false };
  const receivedAt = typeof now === 'string' ? new Date(now) : null;
  if (!receivedAt || Number.isNaN(receivedAt.getTime())) {
    return { out: JSON.stringify({ id: outId, error: 'missing or invalid "now"' }), ok: false };
  }
  try {
    return { out: JSON.stringify({ id: outId, ...toLabelled(parse(text, receivedAt)) }), ok: true };
  } catch (err) {
    // A parser bug on one message must not stop the batch.
    return { out: JSON.stringify({ id: outId, error: `parse failed: ${err instanceof Error ? err.message : String(err)}` }), ok: false };
  }
}

export async function runParseCli(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const parse = createDefaultParser();
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  let bad = 0;
  const flush = async (): Promise<void> => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for await (const line of rl) {
    const { out, ok } = parseLine(parse, line);
    if (!ok) bad++;
    buffer += out + '\n';
    if (buffer.length >= FLUSH_AT) await flush();
  }
  await flush();
  if (bad) process.stderr.write(`parse: ${bad} line(s) could not be parsed\n`);
  return 0;
}
