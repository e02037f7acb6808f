// The whole inbound path under load, on a real database and the fake WeCom over loopback HTTP:
// how fast callbacks are acknowledged (WeCom waits 5 s, then retries), and how many staff
// messages per second become a ticket plus a reply delivered through message/send.
// SQLite by default; GONGDAN_BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/test for MySQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConnection } from 'mysql2/promise';
import { loadEnv } from '../src/config/env';
import { loadOperatorConfig } from '../src/config/load-operator-config';
import { connectDatabase, type Database } from '../src/db/database';
import { ManualClock } from '../src/lib/clock';
import { createFetchHttpClient } from '../src/lib/http-client';
import { createLogger } from '../src/lib/logger';
import { createRuntime } from '../src/runtime';
import { manualHeartbeat } from '../src/scheduler/scheduler';
import { FakeWecom } from '../src/channels/wecom/fake-platform';
import { WecomSimulator, type CallbackRequest } from '../src/channels/wecom/simulator';

const N = Number(process.env.BENCH_MESSAGES ?? 400);
const CONCURRENCY = 16;
const W = { corpId: 'wwBench', agentId: 1000002, secret: 'bench-app-secret', token: 'BenchToken', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

async function openDb(): Promise<{ db: Database; label: string; drop(): Promise<void> }> {
  const mysql = process.env.GONGDAN_BENCH_MYSQL_URL;
  if (mysql) {
    const name = `gongdan_webhook_bench_${process.pid}`;
    const server = new URL(mysql);
    const admin = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    server.pathname = `/${name}`;
    const db = await connectDatabase(server.toString());
    return { db, label: 'MySQL', drop: async () => { await db.close(); await admin.query(`DROP DATABASE \`${name}\``); await admin.end(); } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongdan-bench-'));
  const db = await connectDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
  return { db, label: 'SQLite', drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function run(): Promise<void> {
  const clock = new ManualClock('2026-12-08T02:00:00Z'); // a Tuesday, 10:00 in China
  const config = loadOperatorConfig(join(__dirname, '../config/gongdan.yaml'));
  const staff = config.staff.find((s) => s.id === 'wang.agent')!;
  const fake = await FakeWecom.start({ corpId: W.corpId, agentId: W.agentId, appSecret: W.secret, robotKeys: ['demo-wecom-service-key', 'demo-wecom-managers-key'], users: config.staff.flatMap((s) => (s.wecom ? [s.wecom.userId] : [])), kfAccounts: [], clock });
  const store = await openDb();
  const env = loadEnv({ LOG_LEVEL: 'silent', WECOM_CORP_ID: W.corpId, WECOM_AGENT_ID: String(W.agentId), WECOM_SECRET: W.secret, WECOM_TOKEN: W.token, WECOM_ENCODING_AES_KEY: W.aesKey, WECOM_API_BASE: fake.url });
  const runtime = createRuntime({ env, config, db: store.db, clock, http: createFetchHttpClient(), logger: createLogger('silent'), heartbeat: manualHeartbeat });
  const { url } = await runtime.listen(0, '127.0.0.1');
  const sim = new WecomSimulator({ appUrl: url, corpId: W.corpId, agentId: W.agentId, token: W.token, encodingAesKey: W.aesKey, clock });
  try {
    // Each message is a different customer's complaint, so each opens its own ticket.
    const requests: CallbackRequest[] = Array.from({ length: N }, (_, i) =>
      sim.appText({ from: staff.wecom!.userId, content: `客户反映净水器漏水，厨房地上全是水，请尽快处理，联系电话1370000${String(i).padStart(4, '0')}` }),
    );
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const req = requests[next++]!;
          const t0 = performance.now();
          const res = await sim.deliver(req);
          latencies.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`callback answered ${res.status}: ${res.body}`);
        }
      }),
    );
    const acked = performance.now();
    // The work after the ack: tickets, deadlines, timers, the card through the outbox.
    for (;;) {
      await runtime.processor.drain();
      await runtime.outbox.drain();
      if (fake.appMessages.length >= N) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const done = performance.now();
    latencies.sort((a, b) => a - b);
    const tickets = (await runtime.tickets.list({ limit: N + 10 })).length;
    const ackSeconds = (acked - started) / 1000;
    const totalSeconds = (done - started) / 1000;
    process.stdout.write(
      `webhook (${store.label}, ${N} staff messages, ${CONCURRENCY} in flight): ` +
        `ack p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; ` +
        `${(N / ackSeconds).toFixed(0)} callbacks/s acknowledged; ${tickets} tickets and ${fake.appMessages.length} replies in ${totalSeconds.toFixed(2)} s ` +
        `= ${(N / totalSeconds).toFixed(0)} messages/s end to end\n`,
    );
  } finally {
    await runtime.stop();
    await store.drop();
    await fake.close();
  }
}

if (require.main === module) run().catch((err) => { console.error(err); process.exitCode = 1; });
