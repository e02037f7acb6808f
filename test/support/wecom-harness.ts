// Starts the fake WeCom and the real runtime pointed at it, sharing one manual clock, plus a
// simulator that signs and encrypts callbacks the way WeCom does.
import { ManualClock } from '../../src/lib/clock';
import type { OperatorConfig } from '../../src/config/operator-schema';
import type { WecomChannel } from '../../src/channels/wecom';
import { InboundMessageEntity, type InboundMessageRow } from '../../src/db/entities/inbound-message.entity';
import { FakeWecom, WecomSimulator, type FakeWecomOptions } from '../fakes/wecom-server';
import { startTestApp, type TestApp } from './test-app';
import { testConfig, testEnv } from './test-config';

export const WECOM = {
  corpId: 'wwGongdanTest0001',
  agentId: 1000002,
  appSecret: 'app-secret-for-tests',
  kfSecret: 'kf-secret-for-tests',
  token: 'CallbackToken123',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  botToken: 'BotToken456',
  botAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  kfAccount: 'wkDemoKfAccount',
  serviceGroupChat: 'wrDemoServiceGroup',
  serviceRobotKey: 'demo-wecom-service-key',
  managersRobotKey: 'demo-wecom-managers-key',
} as const;

/** The fake WeCom as the test credentials and the config's staff and robots expect it. */
export function wecomFakeOptions(config: OperatorConfig, clock: ManualClock): FakeWecomOptions {
  return {
    corpId: WECOM.corpId,
    agentId: WECOM.agentId,
    appSecret: WECOM.appSecret,
    kfSecret: WECOM.kfSecret,
    kfOnlyWithKfSecret: true,
    robotKeys: [WECOM.serviceRobotKey, WECOM.managersRobotKey],
    users: config.staff.flatMap((s) => (s.wecom ? [s.wecom.userId] : [])),
    kfAccounts: [WECOM.kfAccount],
    clock,
  };
}

/** The WECOM_* variables pointing the runtime at a fake WeCom. */
export function wecomEnvVars(apiBase: string): Record<string, string> {
  return {
    WECOM_CORP_ID: WECOM.corpId,
    WECOM_AGENT_ID: String(WECOM.agentId),
    WECOM_SECRET: WECOM.appSecret,
    WECOM_KF_SECRET: WECOM.kfSecret,
    WECOM_TOKEN: WECOM.token,
    WECOM_ENCODING_AES_KEY: WECOM.aesKey,
    WECOM_BOT_TOKEN: WECOM.botToken,
    WECOM_BOT_ENCODING_AES_KEY: WECOM.botAesKey,
    WECOM_API_BASE: apiBase,
  };
}

export interface WecomHarness {
  t: TestApp;
  fake: FakeWecom;
  sim: WecomSimulator;
  clock: ManualClock;
  channel: WecomChannel;
  rows(): Promise<InboundMessageRow[]>;
  /** Let the inbox processor finish everything due now. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startWecom(opts: { fake?: Partial<FakeWecomOptions>; env?: Record<string, string>; config?: OperatorConfig; start?: string } = {}): Promise<WecomHarness> {
  const clock = new ManualClock(opts.start ?? '2026-12-04T02:00:00Z');
  const config = opts.config ?? testConfig();
  const fake = await FakeWecom.start({ ...wecomFakeOptions(config, clock), kfAccounts: [WECOM.kfAccount, 'wkSecondAccount'], ...opts.fake });
  const env = testEnv({
    ...wecomEnvVars(fake.url),
    BODY_LIMIT_BYTES: '16384',
    ADMIN_TOKEN: 'wecom-test-admin-token-0123',
    ...opts.env,
  });
  const t = await startTestApp({ env, config, clock });
  // Start-up posts (the holiday-data warning: chinese-days has no next-year data yet) go out now,
  // not on whichever 5-second heartbeat lands in the middle of a test counting messages.
  await t.runtime.chase.holidayCheck();
  await t.runtime.outbox.drain();
  const channel = t.runtime.channels.find((c) => c.platform === 'wecom') as WecomChannel;
  const sim = new WecomSimulator({ appUrl: t.url, corpId: WECOM.corpId, agentId: WECOM.agentId, token: WECOM.token, encodingAesKey: WECOM.aesKey, botToken: WECOM.botToken, botEncodingAesKey: WECOM.botAesKey, clock });
  return {
    t,
    fake,
    sim,
    clock,
    channel,
    rows: () => t.runtime.db.ds.getRepository(InboundMessageEntity).find({ order: { id: 'ASC' } }),
    async settle() {
      await t.runtime.processor.idle();
      await t.runtime.processor.drain();
    },
    async close() {
      await t.close();
      await fake.close();
    },
  };
}
