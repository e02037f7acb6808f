// The two answer conventions DingTalk uses (platforms.md, general conventions): oapi-style
// (HTTP 200 + errcode, also the custom robot and sessionWebhook) and api.dingtalk.com /v1.0
// (non-2xx + {code, message}, token in a header, retried once with a fresh token).
import type { HttpClient, HttpResponse } from '../../lib/http-client';
import { ChannelSendError } from '../channel';
import { classifyApiError, classifyOapiError, isInvalidTokenAnswer, transportError, type ApiErrorBody } from './errors';
import type { TokenSource } from './token';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };

async function post(http: HttpClient, url: string, body: unknown, what: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  try {
    return await http.request({ method: 'POST', url, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
  } catch (err) {
    throw transportError(err, what);
  }
}

function parse<T>(res: HttpResponse, what: string): T {
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new ChannelSendError(`${what}: HTTP ${res.status} answered with non-JSON`, res.status >= 500 || res.status === 429 ? 'retry' : 'drop', { retryAfterMs: 10_000 });
  }
}

/** Posts to an errcode-style endpoint; throws the classified error on a non-zero errcode. */
export async function postOapi(http: HttpClient, url: string, body: unknown, what: string): Promise<{ errcode: number; errmsg: string } & Record<string, unknown>> {
  const res = await post(http, url, body, what);
  if (res.status >= 500) throw new ChannelSendError(`${what}: HTTP ${res.status}`, 'retry', { retryAfterMs: 10_000 });
  const json = parse<{ errcode?: number; errmsg?: string }>(res, what);
  const errcode = Number(json.errcode ?? (res.status === 200 ? 0 : -1));
  if (errcode !== 0) throw classifyOapiError(errcode, json.errmsg ?? '', what);
  return { ...json, errcode, errmsg: json.errmsg ?? 'ok' };
}

/** Posts to api.dingtalk.com with the app token; one retry with a fresh token if it was refused. */
export async function postApi<T>(http: HttpClient, tokens: TokenSource, url: string, body: unknown, what: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const token = await tokens.get();
    const res = await post(http, url, body, what, { 'x-acs-dingtalk-access-token': token });
    if (res.status >= 200 && res.status < 300) return parse<T>(res, what);
    const err = res.status >= 500 && !res.body.startsWith('{') ? {} : parse<ApiErrorBody>(res, what);
    if (attempt === 0 && isInvalidTokenAnswer(res.status, err)) {
      tokens.invalidate(token);
      continue;
    }
    throw classifyApiError(res.status, err, what);
  }
}
