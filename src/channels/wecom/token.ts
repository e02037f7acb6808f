// One cached access_token per secret (platforms.md §4.1): fetched once, reused until shortly
// before expires_in, and refreshed by a single in-flight request however many sends need it.
import type { Clock } from '../../lib/clock';
import { getJson, type HttpClient } from '../../lib/http-client';
import { WecomApiError, WecomHttpStatusError } from './errors';

interface Cached {
  token: string;
  refreshAt: number;
}

export class TokenCache {
  private cached: Cached | null = null;
  private inflight: Promise<string> | null = null;
  /** How many times gettoken was called: a test and an operator can see it is not per message. */
  fetches = 0;

  constructor(
    private readonly deps: { http: HttpClient; clock: Clock; apiBase: string; corpId: string; secret: string; label: string },
  ) {}

  async get(): Promise<string> {
    const c = this.cached;
    if (c && this.deps.clock.now().getTime() < c.refreshAt) return c.token;
    return this.refresh();
  }

  /** WeCom refused `token`: forget it unless someone already replaced it. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private refresh(): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.fetch().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async fetch(): Promise<string> {
    const { http, clock, apiBase, corpId, secret, label } = this.deps;
    this.fetches++;
    const url = `${apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`;
    const res = await getJson<{ errcode?: number; errmsg?: string; access_token?: string; expires_in?: number }>(http, url);
    if (res.status !== 200) throw new WecomHttpStatusError(`gettoken (${label})`, res.status);
    const { errcode = 0, errmsg = '', access_token: token, expires_in: expiresIn } = res.json;
    // At gettoken, 40001 means the secret itself is wrong (not a stale token): report it as 40091.
    if (errcode !== 0) throw new WecomApiError(`gettoken (${label})`, errcode === 40001 ? 40091 : errcode, errmsg);
    if (!token || typeof expiresIn !== 'number' || expiresIn <= 0) throw new WecomApiError(`gettoken (${label})`, -1, 'answer without access_token/expires_in');
    // Refresh a little early so a token never expires between fetching it and WeCom checking it.
    const marginS = Math.min(300, expiresIn / 10);
    this.cached = { token, refreshAt: clock.now().getTime() + (expiresIn - marginS) * 1000 };
    return token;
  }
}
