// The environment the sandbox runtime runs with: the operator's own variables, plus demo WeCom
// and DingTalk credentials whose API bases point at the in-process fakes. Both real channels
// then run unchanged; only the far end of their HTTP calls is local.
import { loadEnv, type Env } from '../config/env';

/** Demo credentials: the fakes accept exactly these, the simulators sign with them. */
export const DEMO = {
  wecom: {
    corpId: 'wwgongdansandbox01',
    agentId: '1000002',
    secret: 'sandbox-wecom-app-secret',
    token: 'sandboxAppToken',
    // 43 base64 characters (no trailing "="), decoding to the 32-byte AES key WeCom expects.
    encodingAesKey: 'gongdanSandboxAppKey0123456789abcdefghijklA',
    botToken: 'sandboxBotToken',
    botEncodingAesKey: 'gongdanSandboxBotKey0123456789abcdefghijklA',
    kfSecret: 'sandbox-wecom-kf-secret',
    botId: 'aibSandboxDemoBot',
  },
  dingtalk: {
    appKey: 'dingsandboxdemoappkey',
    appSecret: 'sandbox-dingtalk-app-secret-0123456789',
    robotCode: 'dingsandboxdemoappkey',
    agentId: '3000001',
    robotUserId: '$:LWCP_v1:$sandboxRobot',
  },
} as const;

/** The embedded default (data/gongdan.sqlite): with no platform credentials every ticket in it is a sandbox ticket. */
export const SANDBOX_DATABASE_URL = 'sqlite:data/gongdan.sqlite';

export interface FakeBases {
  wecomApiBase: string;
  dingtalkOapiBase: string;
  dingtalkApiBase: string;
}

/**
 * The sandbox runtime's Env. `source` is the process environment: its own settings (PORT,
 * HOST, LOG_LEVEL, GONGDAN_CONFIG, ADMIN_TOKEN…) are kept; platform variables are replaced.
 */
export function buildSandboxEnv(source: Record<string, string | undefined>, bases: FakeBases): Env {
  const w = DEMO.wecom;
  const d = DEMO.dingtalk;
  return loadEnv({
    ...source,
    DATABASE_URL: sandboxDatabaseUrl(source),
    // Anyone who reaches the page can type as anyone: this machine only, unless HOST says otherwise.
    HOST: source.HOST?.trim() || '127.0.0.1',
    // Chart links in DingTalk markdown point here; the page shows them from its own origin.
    PUBLIC_BASE_URL: source.PUBLIC_BASE_URL?.trim() || `http://localhost:${source.PORT?.trim() || '3000'}`,
    SANDBOX: '1',
    WECOM_CORP_ID: w.corpId,
    WECOM_AGENT_ID: w.agentId,
    WECOM_SECRET: w.secret,
    WECOM_TOKEN: w.token,
    WECOM_ENCODING_AES_KEY: w.encodingAesKey,
    WECOM_BOT_TOKEN: w.botToken,
    WECOM_BOT_ENCODING_AES_KEY: w.botEncodingAesKey,
    WECOM_KF_SECRET: w.kfSecret,
    WECOM_API_BASE: bases.wecomApiBase,
    DINGTALK_APP_KEY: d.appKey,
    DINGTALK_APP_SECRET: d.appSecret,
    DINGTALK_ROBOT_CODE: d.robotCode,
    DINGTALK_AGENT_ID: d.agentId,
    // HTTP callbacks, so the sandbox can post signed callbacks to /dingtalk/callback.
    DINGTALK_MODE: 'http',
    DINGTALK_OAPI_BASE: bases.dingtalkOapiBase,
    DINGTALK_API_BASE: bases.dingtalkApiBase,
  });
}

export function sandboxDatabaseUrl(source: Record<string, string | undefined>): string {
  const explicit = source.DATABASE_URL?.trim();
  return explicit ? explicit : SANDBOX_DATABASE_URL;
}
