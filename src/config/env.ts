// The process environment, parsed once by one schema. Cross-field rules live here so a
// half-configured platform stops start-up instead of failing on the first message.
import { z } from 'zod';
import { ConfigError } from '../lib/errors';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const aesKey = optionalString.refine((v) => v === undefined || /^[A-Za-z0-9+/]{43}$/.test(v), {
  message: 'expected the 43-character EncodingAESKey from the WeCom console (base64 without the trailing "=")',
});

const baseUrl = (fallback: string) =>
  optionalString.transform((v) => (v ?? fallback).replace(/\/+$/, '')).pipe(z.url({ message: 'expected an absolute http(s) URL' }));

export const envSchema = z
  .object({
    PORT: optionalString.transform((v) => (v === undefined ? 3000 : Number(v))).pipe(z.number().int().min(0).max(65535)),
    HOST: optionalString.transform((v) => v ?? '0.0.0.0'),
    DATABASE_URL: optionalString
      .transform((v) => v ?? 'sqlite:data/gongdan.sqlite')
      .refine((v) => /^sqlite:/.test(v) || /^mysql:\/\//.test(v) || /^mariadb:\/\//.test(v), {
        message: 'expected "sqlite:<path>" or "mysql://user:pass@host:port/database"',
      }),
    ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
      message: 'expected at least 16 characters (use a long random string)',
    }),
    LOG_LEVEL: optionalString.transform((v) => v ?? 'info').pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
    GONGDAN_CONFIG: optionalString.transform((v) => v ?? 'config/gongdan.yaml'),
    PUBLIC_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), { message: 'expected an absolute http(s) URL' }),
    BODY_LIMIT_BYTES: optionalString.transform((v) => (v === undefined ? 256 * 1024 : Number(v))).pipe(z.number().int().min(1024).max(20 * 1024 * 1024)),
    INSTANCE_ID: optionalString,
    SANDBOX: optionalString.pipe(z.enum(['0', '1', 'true', 'false']).optional()),

    WECOM_CORP_ID: optionalString,
    WECOM_AGENT_ID: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), { message: 'expected the numeric AgentId of the self-built app' }),
    WECOM_SECRET: optionalString,
    WECOM_TOKEN: optionalString,
    WECOM_ENCODING_AES_KEY: aesKey,
    WECOM_BOT_TOKEN: optionalString,
    WECOM_BOT_ENCODING_AES_KEY: aesKey,
    WECOM_KF_SECRET: optionalString,
    WECOM_API_BASE: baseUrl('https://qyapi.weixin.qq.com'),

    DINGTALK_APP_KEY: optionalString,
    DINGTALK_APP_SECRET: optionalString,
    DINGTALK_ROBOT_CODE: optionalString,
    DINGTALK_AGENT_ID: optionalString,
    DINGTALK_MODE: optionalString.transform((v) => v ?? 'http').pipe(z.enum(['http', 'stream'])),
    DINGTALK_MAX_SKEW_MS: optionalString.transform((v) => (v === undefined ? 3_600_000 : Number(v))).pipe(z.number().int().min(1000).max(3_600_000)),
    DINGTALK_OAPI_BASE: baseUrl('https://oapi.dingtalk.com'),
    DINGTALK_API_BASE: baseUrl('https://api.dingtalk.com'),
  })
  .superRefine((env, ctx) => {
    const need = (cond: boolean, keys: (keyof typeof env)[], why: string) => {
      if (!cond) return;
      for (const key of keys) {
        if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required ${why}` });
      }
    };
    need(env.WECOM_CORP_ID !== undefined, ['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'], 'when WECOM_CORP_ID is set');
    need(env.WECOM_BOT_TOKEN !== undefined, ['WECOM_BOT_ENCODING_AES_KEY'], 'when WECOM_BOT_TOKEN is set (the smart robot needs both)');
    need(env.WECOM_BOT_ENCODING_AES_KEY !== undefined, ['WECOM_BOT_TOKEN'], 'when WECOM_BOT_ENCODING_AES_KEY is set (the smart robot needs both)');
    need(env.DINGTALK_APP_KEY !== undefined, ['DINGTALK_APP_SECRET', 'DINGTALK_ROBOT_CODE'], 'when DINGTALK_APP_KEY is set');
    need(env.DINGTALK_APP_SECRET !== undefined, ['DINGTALK_APP_KEY'], 'when DINGTALK_APP_SECRET is set');
  });

export type Env = z.output<typeof envSchema>;

/** Parses the environment; a bad value names the variable and what is expected. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(
    'Invalid environment:',
    result.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
  );
}

export function wecomEnabled(env: Env): boolean {
  return env.WECOM_CORP_ID !== undefined || env.WECOM_BOT_TOKEN !== undefined;
}

export function dingtalkEnabled(env: Env): boolean {
  return env.DINGTALK_APP_KEY !== undefined;
}

/** Sandbox: no platform credentials at all, or asked for explicitly. */
export function sandboxMode(env: Env): boolean {
  if (env.SANDBOX === '1' || env.SANDBOX === 'true') return true;
  if (env.SANDBOX === '0' || env.SANDBOX === 'false') return false;
  return !wecomEnabled(env) && !dingtalkEnabled(env);
}
