// `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) in turn. Each module
// exports run(), which measures and prints its own figures. Benchmarks are not tests: they
// report numbers, they do not pass or fail.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(names: string[]): Promise<void> {
  const all = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const chosen = names.length ? all.filter((f) => names.some((n) => f.startsWith(n))) : all;
  if (!chosen.length) throw new Error(`no benchmark matches ${names.join(', ')} (have: ${all.join(', ')})`);
  for (const file of chosen) {
    process.stdout.write(`\n== ${file}\n`);
    const mod = (await import(join(__dirname, file))) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
    await mod.run();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
