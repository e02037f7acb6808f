// `npm run cli -- <command>`: the operator's and CI's way into gongdan without HTTP.
import { commands, helpText } from './cli-commands';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(helpText());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`gongdan: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gongdan: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
