// Authenticated WeCom JSON calls: ?access_token= from the right TokenCache, errcode checked, and
// one retry with a fresh token when WeCom says the token is invalid or expired.
import { postJson, type HttpClient } from '../../lib/http-client';
import { TOKEN_INVALID_CODES, WecomApiError, WecomHttpStatusError } from './errors';
import type { TokenCache } from './token';

export interface WecomReply {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

export class WecomApi {
  constructor(private readonly deps: { http: HttpClient; apiBase: string }) {}

  async call<T extends WecomReply>(tokens: TokenCache, path: string, body: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get();
      const res = await postJson<T>(this.deps.http, `${this.deps.apiBase}${path}?access_token=${encodeURIComponent(token)}`, body);
      if (res.status !== 200) throw new WecomHttpStatusError(path, res.status);
      const code = Number(res.json.errcode ?? 0);
      if (code === 0) return res.json;
      if (TOKEN_INVALID_CODES.has(code) && attempt === 1) {
        tokens.invalidate(token);
        continue;
      }
      throw new WecomApiError(path, code, String(res.json.errmsg ?? ''));
    }
  }

  /** Calls that carry their own credential in the URL (group robot key, smart-robot response_url). */
  async post<T extends WecomReply>(url: string, path: string, body: unknown): Promise<T> {
    const res = await postJson<T>(this.deps.http, url, body);
    if (res.status !== 200) throw new WecomHttpStatusError(path, res.status);
    const code = Number(res.json.errcode ?? 0);
    if (code !== 0) throw new WecomApiError(path, code, String(res.json.errmsg ?? ''));
    return res.json;
  }
}
