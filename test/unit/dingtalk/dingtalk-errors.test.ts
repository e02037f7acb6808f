import { classifyApiError, classifyOapiError, isInvalidTokenAnswer, transportError, ROBOT_SILENCE_MS } from '../../../src/channels/dingtalk/errors';
import { HttpTransportError } from '../../../src/lib/http-client';

test.each([
  [130101, 'send too fast, exceed 20 times per minute', 'retry'],
  [310000, 'sign not match', 'fix_config'],
  [310000, 'keywords not in content', 'fix_config'],
  [300001, 'token is not exist', 'fix_config'],
  [400013, '群已被解散', 'fix_config'],
  [-1, '系统繁忙', 'retry'],
  [90018, 'too many requests', 'retry'],
  [40035, '缺少参数 json', 'drop'],
  [460001, 'something new', 'drop'],
] as const)('oapi errcode %i (%s) → %s', (code, text, disposition) => {
  const e = classifyOapiError(code, text, 'custom robot');
  expect(e.disposition).toBe(disposition);
  expect(e.opts.platformCode).toBe(code);
  expect(e.message).toContain(String(code));
});

test('130101 waits out the whole 10-minute silence', () => {
  expect(classifyOapiError(130101, '', 'r').opts.retryAfterMs).toBe(ROBOT_SILENCE_MS);
  expect(ROBOT_SILENCE_MS).toBeGreaterThanOrEqual(10 * 60_000);
});

test.each([
  [429, 'Throttling.Api', 'retry'],
  [400, 'Forbidden.AccessDenied.QpsLimitForApi', 'retry'],
  [503, 'ServiceUnavailable', 'retry'],
  [401, 'InvalidAuthentication', 'fix_config'],
  [403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', 'fix_config'],
  [400, 'invalidClientIdOrSecret', 'fix_config'],
  [400, 'invalidParameter.robotCode', 'fix_config'],
  [400, 'invalidParameter.msgParam', 'drop'],
] as const)('api HTTP %i %s → %s', (status, code, disposition) => {
  expect(classifyApiError(status, { code, message: 'm' }, 'api').disposition).toBe(disposition);
});

test('invalid-token answers are recognised for the refresh-and-retry-once path', () => {
  expect(isInvalidTokenAnswer(401, {})).toBe(true);
  expect(isInvalidTokenAnswer(400, { code: 'InvalidAuthentication' })).toBe(true);
  expect(isInvalidTokenAnswer(400, { code: 'invalidParameter.msgParam' })).toBe(false);
});

test('a transport failure is a retry', () => {
  const e = transportError(new HttpTransportError('POST https://api.dingtalk.com/x: timed out', 'https://api.dingtalk.com/x'), 'api');
  expect(e.disposition).toBe('retry');
  expect(e.opts.retryAfterMs).toBeGreaterThan(0);
});
