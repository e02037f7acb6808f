// Runs the real entry point (`tsx src/main.ts`, what `npm start` runs) as a child process with
// no platform credentials, for the browser test and the README screenshot.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

/** Debian's chromium, headless, with nothing reaching out to the network on its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Gongdan {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts `tsx src/main.ts` as `npm start` does, with no platform variables; resolves with its URL. */
export async function startGongdan(databaseUrl: string): Promise<Gongdan> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(WECOM_|DINGTALK_|SANDBOX$|PORT$|HOST$|DATABASE_URL$|PUBLIC_BASE_URL$)/.test(k)) env[k] = v;
  Object.assign(env, { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gongdan did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /gongdan is running at (http:\/\/\S+)/.exec(out);
      if (m && /Sandbox:/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gongdan exited with ${code} before it was ready:\n${out}`));
    });
  });
  return { url, child, output: () => out };
}

export async function stopGongdan(g: Gongdan): Promise<void> {
  if (g.child.exitCode !== null || g.child.signalCode !== null) return;
  const exited = new Promise((r) => g.child.once('exit', r));
  g.child.kill('SIGTERM');
  await exited;
}
