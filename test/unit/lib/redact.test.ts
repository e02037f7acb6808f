import { Writable } from 'node:stream';
import { maskText, redact } from '../../../src/lib/redact';
import { createLogger } from '../../../src/lib/logger';

test.each([
  ['客户电话13812345678请回电', '客户电话138****5678请回电'],
  ['+86 138-1234-5678', '138****5678'],
  ['工单号 202612041234567 不是电话', '工单号 202612041234567 不是电话'],
  ['https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=abc.def&debug=1', 'https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=***&debug=1'],
  ['https://x/robot/send?access_token=t&timestamp=1&sign=zz', 'https://x/robot/send?access_token=***&timestamp=1&sign=***'],
])('maskText(%j)', (input, expected) => expect(maskText(input)).toBe(expected));

test('secrets are redacted by key name at any depth; other values pass', () => {
  expect(redact({ env: { WECOM_SECRET: 's3cret', DINGTALK_APP_SECRET: 'x', PORT: 3000 }, headers: { authorization: 'Bearer abc', 'content-type': 'json' }, nested: [{ encodingAesKey: 'k', phone: '13900000002' }] })).toEqual({
    env: { WECOM_SECRET: '[redacted]', DINGTALK_APP_SECRET: '[redacted]', PORT: 3000 },
    headers: { authorization: '[redacted]', 'content-type': 'json' },
    nested: [{ encodingAesKey: '[redacted]', phone: '139****0002' }],
  });
});

test('log lines carry no phone number or secret', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const log = createLogger('info', sink as never);
  log.info({ token: 'tok-123', text: '王先生 13912345678' }, 'message from 13700001111');
  const out = lines.join('');
  expect(out).not.toMatch(/13912345678|13700001111|tok-123/);
  expect(out).toMatch(/139\*\*\*\*5678/);
  expect(JSON.parse(out)).toMatchObject({ level: 'info', token: '[redacted]', msg: 'message from 137****1111' });
});

test('an error is logged with its class name, message and stack, phones masked', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  class PlatformDown extends Error {
    override name = 'PlatformDown';
  }
  createLogger('info', sink as never).error({ err: new PlatformDown('customer 13912345678 unreachable') }, 'send failed');
  const out = JSON.parse(lines.join(''));
  expect(out.err).toMatchObject({ type: 'PlatformDown', message: 'customer 139****5678 unreachable' });
  expect(out.err.stack).toMatch(/PlatformDown: customer 139\*\*\*\*5678 unreachable/);
});
