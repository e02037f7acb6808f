// The two commands as a newcomer runs them: the real entry points in a child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongdan-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', SANDBOX: '0' };
  return { ...env, ...extra };
}

test('the bot starts on a fresh SQLite file, answers healthz and has created the file', async () => {
  const dbFile = join(dir, 'fresh', 'gongdan.sqlite');
  const child = spawn(tsx, ['src/main.ts'], { cwd: root, env: cleanEnv({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dbFile}` }) });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /running at (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(existsSync(dbFile)).toBe(true);
  } finally {
    child.kill('SIGTERM');
  }
});

test('a bad operator config stops start-up naming the file and the key', () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'company: { name: x }\nstaff: []\n');
  const run = spawnSync(tsx, ['src/main.ts'], { cwd: root, env: cleanEnv({ GONGDAN_CONFIG: bad, DATABASE_URL: `sqlite:${join(dir, 'x.sqlite')}` }), encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`gongdan cannot start: ${bad} has invalid values:`);
  expect(run.stderr).toMatch(/staff: expected at least one staff member/);
});

test('a bad environment variable stops start-up naming it', () => {
  const run = spawnSync(tsx, ['src/main.ts'], { cwd: root, env: cleanEnv({ PORT: 'eighty' }), encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/gongdan cannot start: Invalid environment:\n\s+- PORT:/);
});

test('the CLI lists its commands, migrates, and refuses an unknown command', () => {
  const help = spawnSync(tsx, ['src/cli.ts', 'help'], { cwd: root, encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/migrate\s+run pending database migrations/);
  const url = `sqlite:${join(dir, 'cli.sqlite')}`;
  const first = spawnSync(tsx, ['src/cli.ts', 'migrate'], { cwd: root, env: cleanEnv({ DATABASE_URL: url }), encoding: 'utf8' });
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/applied Initial1764806400000/);
  const again = spawnSync(tsx, ['src/cli.ts', 'migrate'], { cwd: root, env: cleanEnv({ DATABASE_URL: url }), encoding: 'utf8' });
  expect(again.stdout).toBe('database is up to date\n');
  const unknown = spawnSync(tsx, ['src/cli.ts', 'frobnicate'], { cwd: root, encoding: 'utf8' });
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
});
