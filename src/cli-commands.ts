// The CLI's command table. Each command loads its module lazily so `parse` starts fast
// and never opens a database.
export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, CliCommand> = {
  migrate: {
    summary: 'run pending database migrations (also run at start)',
    usage: 'migrate',
    run: async () => (await import('./db/migrate-cli')).runMigrateCli(),
  },
  parse: {
    summary: 'read JSON Lines {"id","text","now"} on stdin, write one parsed line per input line',
    usage: 'parse < messages.jsonl',
    run: async () => (await import('./intake/parse-cli')).runParseCli(process.stdin, process.stdout),
  },
  report: {
    summary: 'print the daily dashboard or the monthly figures as chat text; --out writes the chart PNG, --csv the monthly CSV',
    usage: 'report daily|monthly [--date D | --month M] [--platform P] [--out F.png] [--csv F.csv] [--json]',
    run: async (args) => (await import('./reports/cli')).runReportCli(args),
  },
  'seed-demo': {
    summary: 'fill the sandbox database with a realistic week of tickets (through the bot itself)',
    usage: 'seed-demo [--force]',
    run: async (args) => (await import('./sandbox/seed-demo')).runSeedDemoCli(args),
  },
};

export function helpText(): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  const lines = Object.values(commands).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return ['usage: npm run cli -- <command>', '', 'commands:', `  ${'help'.padEnd(width)}  show this list`, ...lines, ''].join('\n');
}
