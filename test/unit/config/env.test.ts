import { loadEnv, sandboxMode } from '../../../src/config/env';
import { ConfigError } from '../../../src/lib/errors';

const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

test('defaults need nothing: embedded SQLite, port 3000, sandbox', () => {
  const env = loadEnv({});
  expect(env).toMatchObject({ PORT: 3000, DATABASE_URL: 'sqlite:data/gongdan.sqlite', LOG_LEVEL: 'info', GONGDAN_CONFIG: 'config/gongdan.yaml', WECOM_API_BASE: 'https://qyapi.weixin.qq.com', DINGTALK_MODE: 'http' });
  expect(sandboxMode(env)).toBe(true);
});

test('a complete WeCom app configuration is accepted and leaves sandbox mode', () => {
  const env = loadEnv({ WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: AES, WECOM_API_BASE: 'http://127.0.0.1:9/' });
  expect(env.WECOM_API_BASE).toBe('http://127.0.0.1:9');
  expect(sandboxMode(env)).toBe(false);
});

test.each([
  [{ PORT: 'eighty' }, /PORT: .*number/i],
  [{ PORT: '70000' }, /PORT/],
  [{ DATABASE_URL: 'postgres://x' }, /DATABASE_URL: expected "sqlite:<path>" or "mysql:/],
  [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN: expected at least 16 characters/],
  [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  [{ WECOM_CORP_ID: 'ww1' }, /WECOM_AGENT_ID: required when WECOM_CORP_ID is set[\s\S]*WECOM_ENCODING_AES_KEY: required/],
  [{ WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'tooshort' }, /WECOM_ENCODING_AES_KEY: expected the 43-character EncodingAESKey/],
  [{ WECOM_BOT_TOKEN: 't' }, /WECOM_BOT_ENCODING_AES_KEY: required when WECOM_BOT_TOKEN is set/],
  [{ DINGTALK_APP_KEY: 'k' }, /DINGTALK_APP_SECRET: required[\s\S]*DINGTALK_ROBOT_CODE: required/],
  [{ DINGTALK_MODE: 'socket' }, /DINGTALK_MODE/],
  [{ DINGTALK_API_BASE: 'not a url' }, /DINGTALK_API_BASE: expected an absolute http\(s\) URL/],
])('%j is refused with the variable named', (vars, message) => {
  expect(() => loadEnv(vars)).toThrow(ConfigError);
  expect(() => loadEnv(vars)).toThrow(message);
});

test('blank values count as unset', () => {
  expect(loadEnv({ ADMIN_TOKEN: '  ', WECOM_CORP_ID: '' }).ADMIN_TOKEN).toBeUndefined();
});
