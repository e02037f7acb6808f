// The app access token for api.dingtalk.com (platforms.md §9.1): cached until shortly before it
// expires, fetched by one request however many sends wait for it, dropped when DingTalk says
// it is no longer valid.
import type { Clock } from '../../lib/clock';
import type { HttpClient } from '../../lib/http-client';
import { ChannelSendError } from '../channel';
import { classifyApiError, transportError, type ApiErrorBody } from './errors';

const REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenSource {
  get(): Promise<string>;
  /** Forget this token (DingTalk refused it); a later get() fetches a new one. */
  invalidate(token: string): void;
}

export function createTokenSource(deps: { http: HttpClient; clock: Clock; apiBase: string; appKey: string; appSecret: string }): TokenSource {
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const url = `${deps.apiBase}/v1.0/oauth2/accessToken`;
    let res;
    try {
      res = await deps.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ appKey: deps.appKey, appSecret: deps.appSecret }),
      });
    } catch (err) {
      throw transportError(err, 'DingTalk accessToken');
    }
    let json: { accessToken?: string; expireIn?: number } & ApiErrorBody;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw new ChannelSendError(`DingTalk accessToken: HTTP ${res.status} answered with non-JSON`, 'retry', { retryAfterMs: 10_000 });
    }
    if (res.status >= 300 || !json.accessToken) {
      const err = classifyApiError(res.status, json, 'DingTalk accessToken');
      // A refused appKey/appSecret is never a "drop": the operator must fix the credentials.
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        throw new ChannelSendError(`${err.message} (check DINGTALK_APP_KEY / DINGTALK_APP_SECRET)`, 'fix_config', err.opts);
      }
      throw err;
    }
    const lifetimeMs = (json.expireIn ?? 7200) * 1000;
    cached = { token: json.accessToken, expiresAt: deps.clock.now().getTime() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) };
    return json.accessToken;
  }

  return {
    get() {
      if (cached && deps.clock.now().getTime() < cached.expiresAt) return Promise.resolve(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
  };
}
