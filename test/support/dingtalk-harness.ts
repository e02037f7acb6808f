// Starts gongdan with DINGTALK_* pointing at a loopback fake DingTalk (and, in Stream mode, a
// fake gateway), sharing one manual clock so expiries and rate windows move together.
import { ManualClock } from '../../src/lib/clock';
import type { Channel } from '../../src/channels/channel';
import type { OperatorConfig } from '../../src/config/operator-schema';
import { FakeDingtalkPlatform, FakeStreamGateway, DingtalkSimulator } from '../fakes/dingtalk-server';
import { startTestApp, type TestApp } from './test-app';
import { testConfig, testEnv } from './test-config';

export const DT = { appKey: 'dingtestappkey01', appSecret: 'test-app-secret-7f3a9c1e5b', robotCode: 'dingtestrobot01' };

export interface DingtalkHarness {
  t: TestApp;
  fake: FakeDingtalkPlatform;
  gateway: FakeStreamGateway | null;
  sim: DingtalkSimulator;
  channel: Channel;
  clock: ManualClock;
  callbackUrl: string;
  /** Rows in inbound_messages for DingTalk. */
  inboundCount(): Promise<number>;
  close(): Promise<void>;
}

export async function startDingtalk(opts: { mode?: 'http' | 'stream'; envVars?: Record<string, string>; config?: OperatorConfig; redeliverAfterMs?: number; startStream?: boolean } = {}): Promise<DingtalkHarness> {
  const clock = new ManualClock('2026-12-04T02:00:00Z');
  const config = opts.config ?? testConfig();
  const robots = config.conversations.flatMap((c) => (c.platform === 'dingtalk' && c.robot && 'accessToken' in c.robot ? [c.robot] : []));
  const fake = await FakeDingtalkPlatform.start({ clock, ...DT, robots });
  const gateway = opts.mode === 'stream' ? await FakeStreamGateway.start({ redeliverAfterMs: opts.redeliverAfterMs ?? 300 }) : null;
  fake.gateway = gateway;
  const t = await startTestApp({
    clock,
    config,
    env: testEnv({
      DINGTALK_APP_KEY: DT.appKey,
      DINGTALK_APP_SECRET: DT.appSecret,
      DINGTALK_ROBOT_CODE: DT.robotCode,
      DINGTALK_MODE: opts.mode ?? 'http',
      DINGTALK_API_BASE: fake.url,
      DINGTALK_OAPI_BASE: fake.url,
      ...opts.envVars,
    }),
  });
  // Start-up posts (the holiday-data warning: chinese-days has no next-year data yet) go out now,
  // not on whichever 5-second heartbeat lands in the middle of a test counting messages.
  await t.runtime.chase.holidayCheck();
  await t.runtime.outbox.drain();
  const channel = t.runtime.channels.find((c) => c.platform === 'dingtalk');
  if (!channel) throw new Error('the DingTalk channel was not built from the environment');
  if (gateway && opts.startStream !== false) {
    // As main.ts does: what the stream receives is recorded in the inbox and processed.
    await channel.start!({ accept: async (m) => { if ((await t.runtime.inbox.record(m)).length) t.runtime.processor.kick(); } });
    await gateway.waitForConnections(1);
  }
  const sim = new DingtalkSimulator({ platform: fake, appSecret: DT.appSecret, robotCode: DT.robotCode, clock });
  return {
    t,
    fake,
    gateway,
    sim,
    channel,
    clock,
    callbackUrl: `${t.url}/dingtalk/callback`,
    async inboundCount() {
      const rows: { n: number | string }[] = await t.runtime.db.ds.query("SELECT COUNT(*) AS n FROM inbound_messages WHERE platform = 'dingtalk'");
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      await t.close();
      await gateway?.close();
      await fake.close();
    },
  };
}

/** Polls until fn() is true (real time; for asynchronous socket traffic). */
export async function eventually(fn: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
