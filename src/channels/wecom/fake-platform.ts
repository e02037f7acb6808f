// A WeCom-compatible server on loopback for tests and the sandbox: gettoken with expiry and early
// invalidation, message/send, the group-robot webhook (20 a minute per key), smart-robot
// response_url, and Customer Service (sync_msg paging, send_msg with session state, the 48-hour
// window and the 5-message budget). Error codes follow platforms.md; the few it marks unconfirmed
// (95018, 95016 and the response_url refusal) are this fake's choice and only need to be non-zero.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../lib/clock';

export interface FakeWecomOptions {
  corpId: string;
  agentId: number;
  /** The self-built app's secret (message/send; kf too unless kfOnlyWithKfSecret). */
  appSecret: string;
  /** A separate Customer Service secret, if any. */
  kfSecret?: string;
  /** When true, kf/* calls must use the kf secret's token (48002 otherwise). */
  kfOnlyWithKfSecret?: boolean;
  robotKeys?: string[];
  /** Known members; when given, message/send lists others in invaliduser. */
  users?: string[];
  kfAccounts?: string[];
  clock?: Clock;
  tokenTtlSeconds?: number;
  /** sync_msg page size cap, to exercise paging without thousands of messages. */
  syncPageSize?: number;
}

export interface RecordedAppMessage {
  at: number;
  touser: string;
  msgtype: string;
  content: string;
  body: Record<string, any>;
}
export interface RecordedRobotMessage {
  at: number;
  key: string;
  msgtype: string;
  content: string;
  mentionedList: string[];
  body: Record<string, any>;
}
export interface RecordedResponse {
  at: number;
  code: string;
  content: string;
  body: Record<string, any>;
}
export interface RecordedKfMessage {
  at: number;
  openKfId: string;
  touser: string;
  content: string;
  msgid: string;
}
export interface KfQueueItem {
  msgid: string;
  open_kfid: string;
  external_userid: string;
  send_time: number;
  origin: number;
  msgtype: string;
  [k: string]: unknown;
}

interface TokenState {
  secret: string;
  expiresAt: number;
  revoked: boolean;
}
interface KfSession {
  state: number;
  servicer?: string;
  lastCustomerAt: number | null;
  sendsSince: number;
}

type Json = Record<string, any>;
type Handler = (ctx: { query: URLSearchParams; body: Json; token: TokenState | null }) => Json;

export const FAKE_CODES = { kfStateForbids: 95018, kfSessionEnded: 95016, responseUrlSpent: 40058 } as const;

export class FakeWecom {
  readonly appMessages: RecordedAppMessage[] = [];
  readonly robotMessages: RecordedRobotMessage[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly kfMessages: RecordedKfMessage[] = [];
  /** Every request: path and errcode answered. */
  readonly calls: { path: string; errcode: number; at: number }[] = [];
  gettokenCalls = 0;

  private server: Server | null = null;
  private baseUrl = '';
  private readonly clock: Clock;
  private readonly tokens = new Map<string, TokenState>();
  private readonly robotSends = new Map<string, number[]>();
  private readonly responseCodes = new Map<string, { expiresAt: number; used: boolean }>();
  private readonly kfQueues = new Map<string, KfQueueItem[]>();
  private readonly kfSyncTokens = new Map<string, { openKfId: string; expiresAt: number }>();
  private readonly kfSessions = new Map<string, KfSession>();
  private readonly duplicateCheck = new Map<string, number>();
  private readonly failures = new Map<string, { errcode: number; errmsg: string; times: number; skip: number }[]>();
  private seq = 0;

  constructor(private readonly opts: FakeWecomOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  static async start(opts: FakeWecomOptions): Promise<FakeWecom> {
    const fake = new FakeWecom(opts);
    await fake.listen();
    return fake;
  }

  get url(): string {
    return this.baseUrl;
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const s = this.server;
    this.server = null;
    s.closeAllConnections?.();
    await new Promise<void>((r) => s.close(() => r()));
  }

  // --- control surface for tests and the sandbox ------------------------------------------------

  /** Every issued token now answers 42001 (expired). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = this.now() - 1;
  }

  /** Every issued token now answers 40014 (invalidated early, e.g. by another gettoken user). */
  invalidateTokens(): void {
    for (const t of this.tokens.values()) t.revoked = true;
  }

  /** The next `times` calls to `path` (after `skip` good ones) answer errcode (e.g. 45009, -1). */
  failNext(path: string, errcode: number, times = 1, errmsg = 'injected failure', skip = 0): void {
    const list = this.failures.get(path) ?? [];
    list.push({ errcode, errmsg, times, skip });
    this.failures.set(path, list);
  }

  /** A customer writes to a kf account: queued for sync_msg; returns the item. */
  pushKfMessage(m: { openKfId: string; externalUserId: string; text?: string; msgtype?: string; extra?: Json }): KfQueueItem {
    const now = this.now();
    const session = this.session(m.openKfId, m.externalUserId);
    if (session.state === 4) session.state = 0;
    session.lastCustomerAt = now;
    session.sendsSince = 0;
    return this.pushKfItem({
      open_kfid: m.openKfId,
      external_userid: m.externalUserId,
      origin: 3,
      msgtype: m.msgtype ?? 'text',
      ...(m.text !== undefined ? { text: { content: m.text } } : {}),
      ...(m.extra ?? {}),
    });
  }

  /** Any sync_msg item (servicer replies origin 5, system events origin 4). */
  pushKfItem(item: Omit<KfQueueItem, 'msgid' | 'send_time'> & { msgid?: string; send_time?: number }): KfQueueItem {
    const full: KfQueueItem = { msgid: item.msgid ?? `kfmsg${(++this.seq).toString(36)}${randomBytes(6).toString('hex')}`, send_time: item.send_time ?? Math.floor(this.now() / 1000), ...item } as KfQueueItem;
    const q = this.kfQueues.get(full.open_kfid) ?? [];
    q.push(full);
    this.kfQueues.set(full.open_kfid, q);
    return full;
  }

  /** The Token a kf_msg_or_event callback carries: valid for sync_msg for 10 minutes. */
  kfCallbackToken(openKfId: string): string {
    const token = `ENC${randomBytes(12).toString('hex')}`;
    this.kfSyncTokens.set(token, { openKfId, expiresAt: this.now() + 10 * 60_000 });
    return token;
  }

  kfState(openKfId: string, externalUserId: string): { state: number; servicer?: string; sendsSince: number } {
    const s = this.session(openKfId, externalUserId);
    return { state: s.state, servicer: s.servicer, sendsSince: s.sendsSince };
  }

  setKfState(openKfId: string, externalUserId: string, state: number, servicer?: string): void {
    const s = this.session(openKfId, externalUserId);
    s.state = state;
    s.servicer = servicer;
  }

  /** A response_url as the smart robot hands out: single use, valid one hour. */
  newResponseUrl(): string {
    const code = randomBytes(12).toString('hex');
    this.responseCodes.set(code, { expiresAt: this.now() + 3600_000, used: false });
    return `${this.baseUrl}/cgi-bin/aibot/response?response_code=${code}`;
  }

  // --- HTTP ---------------------------------------------------------------------------------------

  private now(): number {
    return this.clock.now().getTime();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const reply = (json: Json) => {
      const errcode = Number(json.errcode ?? 0);
      this.calls.push({ path: url.pathname, errcode, at: this.now() });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errcode, errmsg: json.errmsg ?? (errcode === 0 ? 'ok' : 'error'), ...json }));
    };
    const routes: Record<string, { auth: 'none' | 'app' | 'kf'; fn: Handler }> = {
      '/cgi-bin/gettoken': { auth: 'none', fn: ({ query }) => this.gettoken(query) },
      '/cgi-bin/message/send': { auth: 'app', fn: ({ body }) => this.messageSend(body) },
      '/cgi-bin/webhook/send': { auth: 'none', fn: ({ query, body }) => this.webhookSend(query, body) },
      '/cgi-bin/aibot/response': { auth: 'none', fn: ({ query, body }) => this.aibotResponse(query, body) },
      '/cgi-bin/kf/sync_msg': { auth: 'kf', fn: ({ body }) => this.kfSync(body) },
      '/cgi-bin/kf/send_msg': { auth: 'kf', fn: ({ body }) => this.kfSend(body) },
      '/cgi-bin/kf/service_state/get': { auth: 'kf', fn: ({ body }) => this.kfStateGet(body) },
      '/cgi-bin/kf/service_state/trans': { auth: 'kf', fn: ({ body }) => this.kfStateTrans(body) },
    };
    const route = routes[url.pathname];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    let token: TokenState | null = null;
    if (route.auth !== 'none') {
      const check = this.checkToken(url.searchParams.get('access_token'), route.auth);
      if ('errcode' in check) return reply(check);
      token = check.token;
    }
    const injected = this.takeFailure(url.pathname);
    if (injected) return reply(injected);
    let body: Json = {};
    if (req.method === 'POST') {
      try {
        body = raw ? (JSON.parse(raw) as Json) : {};
      } catch {
        return reply({ errcode: 47001, errmsg: 'data format error' });
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return reply({ errcode: 47001, errmsg: 'data format error' });
    }
    reply(route.fn({ query: url.searchParams, body, token }));
  }

  private takeFailure(path: string): Json | null {
    const list = this.failures.get(path);
    const head = list?.[0];
    if (!head) return null;
    if (head.skip > 0) {
      head.skip--;
      return null;
    }
    head.times--;
    if (head.times <= 0) list!.shift();
    return { errcode: head.errcode, errmsg: head.errmsg };
  }

  private checkToken(value: string | null, need: 'app' | 'kf'): { token: TokenState } | Json {
    if (!value) return { errcode: 41001, errmsg: 'access_token missing' };
    const t = this.tokens.get(value);
    if (!t || t.revoked) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (t.expiresAt <= this.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    const isKfSecret = t.secret === this.opts.kfSecret;
    if (need === 'app' && t.secret !== this.opts.appSecret) return { errcode: 48002, errmsg: 'api forbidden' };
    if (need === 'kf' && !isKfSecret && (this.opts.kfOnlyWithKfSecret || t.secret !== this.opts.appSecret)) return { errcode: 48002, errmsg: 'api forbidden' };
    return { token: t };
  }

  private gettoken(q: URLSearchParams): Json {
    this.gettokenCalls++;
    if (q.get('corpid') !== this.opts.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
    const secret = q.get('corpsecret') ?? '';
    if (secret !== this.opts.appSecret && secret !== this.opts.kfSecret) return { errcode: 40001, errmsg: 'invalid credential' };
    const now = this.now();
    // Within its validity, asking again returns the same token (platforms.md §4.1).
    for (const [value, t] of this.tokens) {
      if (t.secret === secret && !t.revoked && t.expiresAt > now) return { access_token: value, expires_in: Math.floor((t.expiresAt - now) / 1000) };
    }
    const ttl = this.opts.tokenTtlSeconds ?? 7200;
    const value = `fake-${randomBytes(24).toString('hex')}`;
    this.tokens.set(value, { secret, expiresAt: now + ttl * 1000, revoked: false });
    return { access_token: value, expires_in: ttl };
  }

  private messageSend(b: Json): Json {
    if (typeof b.agentid !== 'number' || b.agentid !== this.opts.agentId) return { errcode: 40056, errmsg: 'invalid agentid' };
    if (typeof b.touser !== 'string' || !b.touser) return { errcode: 40058, errmsg: 'touser required' };
    let content: string;
    if (b.msgtype === 'text' || b.msgtype === 'markdown') {
      content = b[b.msgtype]?.content;
      if (typeof content !== 'string' || !content) return { errcode: 44004, errmsg: 'empty content' };
      if (bytes(content) > 2048) return { errcode: 45002, errmsg: 'content size out of limit' };
    } else if (b.msgtype === 'textcard') {
      const c = b.textcard ?? {};
      if (!c.title || !c.description || !c.url) return { errcode: 40058, errmsg: 'textcard needs title, description and url' };
      if (bytes(c.title) > 128 || bytes(c.description) > 512) return { errcode: 45002, errmsg: 'textcard field too long' };
      content = `${c.title}\n${c.description}`;
    } else return { errcode: 40008, errmsg: 'invalid message type' };
    const users = b.touser.split('|');
    const invalid = this.opts.users ? users.filter((u: string) => u !== '@all' && !this.opts.users!.includes(u)) : [];
    const msgid = `appmsg-${(++this.seq).toString(36)}`;
    const now = this.now();
    if (b.enable_duplicate_check === 1) {
      const key = JSON.stringify(b);
      const last = this.duplicateCheck.get(key);
      const interval = (typeof b.duplicate_check_interval === 'number' ? b.duplicate_check_interval : 1800) * 1000;
      if (last !== undefined && now - last < interval) return { invaliduser: invalid.join('|'), msgid };
      this.duplicateCheck.set(key, now);
    }
    for (const u of users) if (!invalid.includes(u)) this.appMessages.push({ at: now, touser: u, msgtype: b.msgtype, content, body: b });
    return { invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', msgid };
  }

  private webhookSend(q: URLSearchParams, b: Json): Json {
    const key = q.get('key') ?? '';
    if (!(this.opts.robotKeys ?? []).includes(key)) return { errcode: 93000, errmsg: 'invalid webhook url' };
    const now = this.now();
    const recent = (this.robotSends.get(key) ?? []).filter((t) => now - t < 60_000);
    this.robotSends.set(key, recent);
    if (recent.length >= 20) return { errcode: 45009, errmsg: 'api freq out of limit' };
    let content = '';
    let mentionedList: string[] = [];
    if (b.msgtype === 'text') {
      content = b.text?.content;
      if (typeof content !== 'string' || !content) return { errcode: 44004, errmsg: 'empty content' };
      if (bytes(content) > 2048) return { errcode: 45002, errmsg: 'content size out of limit' };
      mentionedList = Array.isArray(b.text.mentioned_list) ? b.text.mentioned_list : [];
    } else if (b.msgtype === 'markdown') {
      content = b.markdown?.content;
      if (typeof content !== 'string' || !content) return { errcode: 44004, errmsg: 'empty content' };
      if (bytes(content) > 4096) return { errcode: 45002, errmsg: 'content size out of limit' };
      mentionedList = [...content.matchAll(/<@([^>]+)>/g)].map((m) => m[1]!);
    } else if (b.msgtype === 'image') {
      const img = Buffer.from(String(b.image?.base64 ?? ''), 'base64');
      if (!img.length) return { errcode: 44004, errmsg: 'empty image' };
      if (img.length > 2 * 1024 * 1024) return { errcode: 45002, errmsg: 'image too large' };
      if (createHash('md5').update(img).digest('hex') !== b.image?.md5) return { errcode: 40058, errmsg: 'image md5 mismatch' };
      content = `[image ${img.length} bytes]`;
    } else return { errcode: 40008, errmsg: 'invalid message type' };
    recent.push(now);
    this.robotMessages.push({ at: now, key, msgtype: b.msgtype, content, mentionedList, body: b });
    return {};
  }

  private aibotResponse(q: URLSearchParams, b: Json): Json {
    const code = q.get('response_code') ?? '';
    const entry = this.responseCodes.get(code);
    if (!entry || entry.used || entry.expiresAt <= this.now()) return { errcode: FAKE_CODES.responseUrlSpent, errmsg: 'response_code invalid, used or expired' };
    const content = b.msgtype === 'markdown' ? b.markdown?.content : b.msgtype === 'text' ? b.text?.content : undefined;
    if (typeof content !== 'string' || !content) return { errcode: 44004, errmsg: 'empty content' };
    if (bytes(content) > 20480) return { errcode: 45002, errmsg: 'content size out of limit' };
    entry.used = true;
    this.responses.push({ at: this.now(), code, content, body: b });
    return {};
  }

  private kfSync(b: Json): Json {
    const openKfId = String(b.open_kfid ?? '');
    if (!this.knownKf(openKfId)) return { errcode: 95000, errmsg: 'invalid open_kfid' };
    if (b.token !== undefined) {
      const t = this.kfSyncTokens.get(String(b.token));
      if (!t || t.openKfId !== openKfId || t.expiresAt <= this.now()) return { errcode: 95007, errmsg: 'invalid msg token' };
    }
    const queue = this.kfQueues.get(openKfId) ?? [];
    let start = 0;
    if (b.cursor !== undefined && b.cursor !== '') {
      const m = /^cur-(\d+)$/.exec(String(b.cursor));
      if (!m) return { errcode: 40058, errmsg: 'invalid cursor' };
      start = Number(m[1]);
    }
    const limit = Math.min(Number(b.limit ?? 1000) || 1000, 1000, this.opts.syncPageSize ?? 1000);
    const page = queue.slice(start, start + limit);
    const end = start + page.length;
    return { next_cursor: `cur-${end}`, has_more: end < queue.length ? 1 : 0, msg_list: page };
  }

  private kfSend(b: Json): Json {
    const openKfId = String(b.open_kfid ?? '');
    if (!this.knownKf(openKfId)) return { errcode: 95000, errmsg: 'invalid open_kfid' };
    const ext = String(b.touser ?? '');
    if (b.msgtype !== 'text') return { errcode: 40008, errmsg: 'invalid message type' };
    const content = b.text?.content;
    if (typeof content !== 'string' || !content) return { errcode: 44004, errmsg: 'empty content' };
    if (bytes(content) > 2048) return { errcode: 45002, errmsg: 'content size out of limit' };
    if (b.msgid !== undefined && !/^[0-9a-zA-Z_-]{1,32}$/.test(String(b.msgid))) return { errcode: 40058, errmsg: 'invalid msgid' };
    const s = this.session(openKfId, ext);
    if (s.lastCustomerAt === null || this.now() - s.lastCustomerAt > 48 * 3600_000) return { errcode: 95002, errmsg: 'over 48 hours since the customer\'s last message' };
    if (s.state !== 0 && s.state !== 1) return { errcode: FAKE_CODES.kfStateForbids, errmsg: `session state ${s.state} does not allow api sends` };
    if (s.sendsSince >= 5) return { errcode: 95001, errmsg: 'send msg count limit' };
    s.sendsSince++;
    const msgid = String(b.msgid ?? `kfsend-${(++this.seq).toString(36)}`);
    this.kfMessages.push({ at: this.now(), openKfId, touser: ext, content, msgid });
    return { msgid };
  }

  private kfStateGet(b: Json): Json {
    const openKfId = String(b.open_kfid ?? '');
    if (!this.knownKf(openKfId)) return { errcode: 95000, errmsg: 'invalid open_kfid' };
    const s = this.session(openKfId, String(b.external_userid ?? ''));
    return { service_state: s.state, ...(s.servicer ? { servicer_userid: s.servicer } : {}) };
  }

  private kfStateTrans(b: Json): Json {
    const openKfId = String(b.open_kfid ?? '');
    if (!this.knownKf(openKfId)) return { errcode: 95000, errmsg: 'invalid open_kfid' };
    const s = this.session(openKfId, String(b.external_userid ?? ''));
    const to = Number(b.service_state);
    if (![1, 2, 3, 4].includes(to)) return { errcode: 40058, errmsg: 'invalid service_state' };
    if (s.state === 4) return { errcode: FAKE_CODES.kfSessionEnded, errmsg: 'session ended; waits for the customer' };
    if (to === 3 && !b.servicer_userid) return { errcode: 40058, errmsg: 'servicer_userid required for state 3' };
    if (to === 1 && s.state !== 0) return { errcode: FAKE_CODES.kfStateForbids, errmsg: `cannot move from state ${s.state} to 1` };
    s.state = to;
    s.servicer = to === 3 ? String(b.servicer_userid) : undefined;
    return {};
  }

  private knownKf(openKfId: string): boolean {
    return !!openKfId && (this.opts.kfAccounts ?? []).includes(openKfId);
  }

  private session(openKfId: string, ext: string): KfSession {
    const key = `${openKfId}\u0000${ext}`;
    let s = this.kfSessions.get(key);
    if (!s) {
      s = { state: 0, lastCustomerAt: null, sendsSince: 0 };
      this.kfSessions.set(key, s);
    }
    return s;
  }
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
