// Every DingTalk failure becomes a ChannelSendError the outbox understands: retry (with a
// delay), fix_config (an operator must act) or drop (this message can never be delivered).
import { ChannelSendError } from '../channel';
import { HttpTransportError } from '../../lib/http-client';

/** Exceeding 20 a minute silences a custom robot for 10 minutes; wait it out with a margin. */
export const ROBOT_SILENCE_MS = 10 * 60_000 + 15_000;

/** Legacy oapi / custom-robot / sessionWebhook answers: HTTP 200 with errcode (platforms.md §8.4). */
export function classifyOapiError(errcode: number, errmsg: string, what: string): ChannelSendError {
  const msg = `${what}: errcode ${errcode} ${errmsg}`;
  const opts = (retryAfterMs?: number) => ({ platformCode: errcode, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  switch (errcode) {
    case 130101:
      return new ChannelSendError(`${msg} (robot over 20 messages a minute; it stays silent for 10 minutes)`, 'retry', opts(ROBOT_SILENCE_MS));
    case 310000:
      return new ChannelSendError(`${msg} (security check failed: check the robot's SEC secret, keywords, IP allowlist and the server clock)`, 'fix_config', opts());
    case 300001:
      return new ChannelSendError(`${msg} (the robot or its access_token does not exist: check conversations[].robot.accessToken)`, 'fix_config', opts());
    case 400013:
      return new ChannelSendError(`${msg} (the robot is disabled or its webhook is invalid)`, 'fix_config', opts());
    case 40014:
    case 42001:
      return new ChannelSendError(`${msg} (bad or expired credentials)`, 'fix_config', opts());
    case -1:
      return new ChannelSendError(`${msg} (DingTalk busy)`, 'retry', opts(5_000));
    case 90018:
    case 90006:
    case 90005:
    case 90002:
      return new ChannelSendError(`${msg} (API frequency limit)`, 'retry', opts(60_000));
    default:
      return new ChannelSendError(msg, 'drop', opts());
  }
}

/** api.dingtalk.com /v1.0 answers: non-2xx with {code, message}. */
export interface ApiErrorBody {
  code?: string;
  message?: string;
}

/** An answer saying the access token is no longer valid: refresh it and try once more. */
export function isInvalidTokenAnswer(status: number, body: ApiErrorBody): boolean {
  const code = (body.code ?? '').toLowerCase();
  return status === 401 || code === 'invalidauthentication' || code.includes('accesstoken') || code.includes('invalid.token');
}

export function classifyApiError(status: number, body: ApiErrorBody, what: string): ChannelSendError {
  const code = body.code ?? '';
  const msg = `${what}: HTTP ${status} ${code} ${body.message ?? ''}`.trim();
  const lower = code.toLowerCase();
  if (status === 429 || lower.includes('throttl') || lower.includes('qpslimit') || lower.includes('flowcontrol')) {
    return new ChannelSendError(`${msg} (rate limited)`, 'retry', { platformCode: code, retryAfterMs: 60_000 });
  }
  if (status >= 500) return new ChannelSendError(`${msg} (DingTalk server error)`, 'retry', { platformCode: code, retryAfterMs: 10_000 });
  if (isInvalidTokenAnswer(status, body)) {
    return new ChannelSendError(`${msg} (access token refused even after a refresh: check DINGTALK_APP_KEY / DINGTALK_APP_SECRET)`, 'fix_config', { platformCode: code });
  }
  if (status === 403 || lower.includes('forbidden') || lower.includes('nopermission')) {
    return new ChannelSendError(`${msg} (the app lacks a permission, e.g. qyapi_robot_sendmsg)`, 'fix_config', { platformCode: code });
  }
  if (lower.includes('clientid') || lower.includes('appkey') || lower.includes('robotcode') || lower.includes('robot.notexist') || lower.includes('chatbot')) {
    return new ChannelSendError(`${msg} (check DINGTALK_APP_KEY / DINGTALK_APP_SECRET / DINGTALK_ROBOT_CODE)`, 'fix_config', { platformCode: code });
  }
  return new ChannelSendError(msg, 'drop', { platformCode: code });
}

/** A network failure or timeout: nothing known, so try again later. */
export function transportError(err: unknown, what: string): ChannelSendError {
  const reason = err instanceof HttpTransportError || err instanceof Error ? err.message : String(err);
  return new ChannelSendError(`${what}: ${reason}`, 'retry', { retryAfterMs: 10_000 });
}
