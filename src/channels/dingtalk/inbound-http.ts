// HTTP callback mode: the headers are checked before a byte of the body is trusted. The sign
// covers only the timestamp (not the body), so the window keeps replays short and the inbox's
// msgId key makes a replay harmless.
import type { RawWebhook, WebhookResult } from '../channel';
import { assertBodyType } from '../body-type';
import type { Clock } from '../../lib/clock';
import { WebhookRejectedError } from '../../lib/errors';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../../lib/json-depth';
import { signMatches } from './sign';
import { normaliseRobotMessage } from './inbound';

export const CALLBACK_PATH = '/dingtalk/callback';

export interface HttpInboundOptions {
  appSecret: string;
  maxSkewMs: number;
  clock: Clock;
}

export function parseCallback(req: RawWebhook, opts: HttpInboundOptions): WebhookResult {
  if (req.method !== 'POST') throw new WebhookRejectedError('DingTalk callbacks are POST requests', { status: 405, code: 'method_not_allowed' });
  assertBodyType(req, 'json');
  const timestamp = req.headers['timestamp'];
  const sign = req.headers['sign'];
  if (!timestamp || !sign) {
    throw new WebhookRejectedError(`missing ${!timestamp ? '"timestamp"' : '"sign"'} header (DingTalk sends timestamp and sign)`, { status: 400, code: 'missing_signature' });
  }
  if (!/^\d{10,16}$/.test(timestamp)) throw new WebhookRejectedError('the "timestamp" header must be milliseconds since the epoch', { status: 400, code: 'bad_timestamp' });
  // Ten digits is now in seconds; reported as such rather than as "stale by 55 years".
  if (timestamp.length <= 11) throw new WebhookRejectedError(`the "timestamp" header ${timestamp} looks like seconds; DingTalk sends milliseconds since the epoch`, { status: 400, code: 'bad_timestamp' });
  const skew = Math.abs(opts.clock.now().getTime() - Number(timestamp));
  if (skew > opts.maxSkewMs) {
    throw new WebhookRejectedError(`stale timestamp: ${Math.round(skew / 1000)} s from our clock, the limit is ${Math.round(opts.maxSkewMs / 1000)} s`, { status: 401, code: 'stale_timestamp' });
  }
  if (!signMatches(opts.appSecret, timestamp, sign)) {
    throw new WebhookRejectedError('the "sign" header does not match (HMAC-SHA256 of timestamp + "\\n" + DINGTALK_APP_SECRET)', { status: 401, code: 'bad_signature' });
  }

  const text = req.body.toString('utf8');
  if (jsonTooDeep(text)) throw new WebhookRejectedError(`the body is nested deeper than ${MAX_JSON_DEPTH} levels`, { status: 400, code: 'malformed_json' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new WebhookRejectedError(`the body is not valid JSON: ${(err as Error).message}`, { status: 400, code: 'malformed_json' });
  }
  const result = normaliseRobotMessage(json, req.receivedAt);
  if (result.ok) return { kind: 'messages', messages: [result.message] };
  if (result.invalid) throw new WebhookRejectedError(`the body is not a DingTalk robot message: ${result.reason}`, { status: 400, code: 'invalid_body' });
  return { kind: 'ignored', reason: result.reason };
}
