// A loopback DingTalk: real HTTP that answers like oapi.dingtalk.com and api.dingtalk.com
// (platforms.md §6–9): app tokens, robot API sends, sessionWebhooks it hands out, custom
// robots with sign check and the 20-a-minute limit, and the Stream gateway's connection
// open. Product code: the sandbox runs it inside `npm start`. Time comes from the injected clock.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import { signMatches } from './sign';
import type { FakeStreamGateway } from './fake-stream-gateway';

export interface FakeDingtalkOptions {
  clock: Clock;
  appKey: string;
  appSecret: string;
  robotCode: string;
  /** Custom group robots (conversations[].robot) the fake accepts. */
  robots?: { accessToken: string; secret: string }[];
  tokenLifetimeSec?: number;
  sessionLifetimeMs?: number;
}

/** One message that reached people, whichever way it came. */
export interface FakeDelivery {
  via: 'session' | 'group' | 'oto' | 'robot';
  /** Conversation id, the user ids, or the robot's access token. */
  target: string;
  msgtype: string;
  title?: string;
  text: string;
  atUserIds: string[];
  atMobiles: string[];
  at: number;
}

export const ROBOT_LIMIT_PER_MINUTE = 20;
export const ROBOT_SILENCE_MS = 10 * 60_000;
const SIGN_WINDOW_MS = 3_600_000;
const MSG_PARAMS: Record<string, string[]> = {
  sampleText: ['content'],
  sampleMarkdown: ['title', 'text'],
  sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
  sampleLink: ['text', 'title', 'messageUrl'],
  sampleImageMsg: ['photoURL'],
};

type Answer = { status: number; body: unknown };
const ok = (body: unknown): Answer => ({ status: 200, body });
const oapiError = (errcode: number, errmsg: string): Answer => ({ status: 200, body: { errcode, errmsg } });
const apiError = (status: number, code: string, message: string): Answer => ({ status, body: { code, message, requestid: randomBytes(8).toString('hex') } });

export class FakeDingtalkPlatform {
  readonly deliveries: FakeDelivery[] = [];
  /** Every request: method, path (no query), and the status answered. */
  readonly requests: { path: string; status: number; errcode?: number }[] = [];
  tokenRequests = 0;
  readonly flowControlled = new Set<string>();
  readonly invalidStaff = new Set<string>();
  /** Groups the robot was removed from: groupMessages/send fails there. */
  readonly groupsWithoutRobot = new Set<string>();
  gateway: FakeStreamGateway | null = null;
  url = '';

  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Map<string, { conversationId: string; expiresAt: number }>();
  private readonly robotSends = new Map<string, number[]>();
  private readonly robotSilencedUntil = new Map<string, number>();
  private server: Server | null = null;

  constructor(readonly opts: FakeDingtalkOptions) {}

  static async start(opts: FakeDingtalkOptions): Promise<FakeDingtalkPlatform> {
    const fake = new FakeDingtalkPlatform(opts);
    await fake.listen();
    return fake;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.url = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });
  }

  private now(): number {
    return this.opts.clock.now().getTime();
  }

  /** A sessionWebhook as a callback carries it, valid for sessionLifetimeMs (90 min by default). */
  openSession(conversationId: string): { sessionWebhook: string; sessionWebhookExpiredTime: number } {
    const id = randomBytes(12).toString('hex');
    const expiresAt = this.now() + (this.opts.sessionLifetimeMs ?? 90 * 60_000);
    this.sessions.set(id, { conversationId, expiresAt });
    return { sessionWebhook: `${this.url}/robot/sendBySession?session=${id}`, sessionWebhookExpiredTime: expiresAt };
  }

  /** Every issued app token stops working (as after a secret reset). */
  invalidateTokens(): void {
    this.tokens.clear();
  }

  addRobot(robot: { accessToken: string; secret: string }): void {
    (this.opts.robots ??= []).push(robot);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let answer: Answer;
    let json: Record<string, unknown> = {};
    try {
      json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      answer = url.pathname.startsWith('/v1.0/') ? apiError(400, 'InvalidParameter', 'body is not JSON') : oapiError(40035, '缺少参数 json');
      return this.reply(res, url.pathname, answer);
    }
    answer = req.method !== 'POST' ? apiError(405, 'MethodNotAllowed', 'POST only') : this.route(url, req.headers, json);
    this.reply(res, url.pathname, answer);
  }

  private reply(res: ServerResponse, path: string, a: Answer): void {
    const errcode = (a.body as { errcode?: number }).errcode;
    this.requests.push({ path, status: a.status, ...(errcode ? { errcode } : {}) });
    if (typeof a.body === 'string') {
      res.writeHead(a.status, { 'content-type': 'text/xml' }).end(a.body);
      return;
    }
    res.writeHead(a.status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(a.body));
  }

  private route(url: URL, headers: IncomingMessage['headers'], json: Record<string, unknown>): Answer {
    switch (url.pathname) {
      case '/v1.0/oauth2/accessToken':
        return this.accessToken(json);
      case '/v1.0/robot/groupMessages/send':
        return this.withToken(headers, () => this.groupSend(json));
      case '/v1.0/robot/oToMessages/batchSend':
        return this.withToken(headers, () => this.otoSend(json));
      case '/robot/sendBySession':
        return this.sessionSend(url, json);
      case '/robot/send':
        return this.robotSend(url, json);
      case '/v1.0/gateway/connections/open':
        return this.openConnection(headers, json);
      default:
        return apiError(404, 'NotFound', `no such API ${url.pathname}`);
    }
  }

  private accessToken(json: Record<string, unknown>): Answer {
    this.tokenRequests++;
    if (json.appKey !== this.opts.appKey || json.appSecret !== this.opts.appSecret) {
      return apiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    const lifetime = this.opts.tokenLifetimeSec ?? 7200;
    const token = randomBytes(16).toString('hex');
    this.tokens.set(token, this.now() + lifetime * 1000);
    return ok({ accessToken: token, expireIn: lifetime });
  }

  private withToken(headers: IncomingMessage['headers'], fn: () => Answer): Answer {
    const token = headers['x-acs-dingtalk-access-token'];
    const expiresAt = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= this.now()) return apiError(401, 'InvalidAuthentication', '不合法的access_token');
    return fn();
  }

  /** Checks robotCode and msgKey/msgParam as the robot API does; returns the decoded params. */
  private template(json: Record<string, unknown>): { error: Answer } | { params: Record<string, string>; msgKey: string } {
    if (json.robotCode !== this.opts.robotCode) return { error: apiError(400, 'invalidParameter.robotCode', `robot ${String(json.robotCode)} 不存在`) };
    const msgKey = String(json.msgKey ?? '');
    const required = MSG_PARAMS[msgKey];
    if (!required) return { error: apiError(400, 'invalidParameter.msgKey', `unknown msgKey ${msgKey}`) };
    if (typeof json.msgParam !== 'string') return { error: apiError(400, 'invalidParameter.msgParam', 'msgParam must be a JSON string') };
    let params: Record<string, string>;
    try {
      params = JSON.parse(json.msgParam) as Record<string, string>;
    } catch {
      return { error: apiError(400, 'invalidParameter.msgParam', 'msgParam is not JSON') };
    }
    const missing = required.filter((k) => typeof params[k] !== 'string' || params[k] === '');
    if (missing.length) return { error: apiError(400, 'invalidParameter.msgParam', `msgParam misses ${missing.join(', ')}`) };
    return { params, msgKey };
  }

  private delivered(via: FakeDelivery['via'], target: string, msgtype: string, params: Record<string, string>, at: { atUserIds?: string[]; atMobiles?: string[] } = {}): void {
    this.deliveries.push({ via, target, msgtype, ...(params.title ? { title: params.title } : {}), text: params.text ?? params.content ?? params.photoURL ?? '', atUserIds: at.atUserIds ?? [], atMobiles: at.atMobiles ?? [], at: this.now() });
  }

  private groupSend(json: Record<string, unknown>): Answer {
    const t = this.template(json);
    if ('error' in t) return t.error;
    const cid = json.openConversationId;
    if (typeof cid !== 'string' || !cid) return apiError(400, 'invalidParameter.openConversationId', 'openConversationId is required');
    if (this.groupsWithoutRobot.has(cid)) return apiError(400, 'chatbot.notInGroup', '机器人不在群里');
    this.delivered('group', cid, t.msgKey, t.params);
    return ok({ processQueryKey: randomBytes(10).toString('base64') });
  }

  private otoSend(json: Record<string, unknown>): Answer {
    const t = this.template(json);
    if ('error' in t) return t.error;
    const userIds = json.userIds;
    if (!Array.isArray(userIds) || !userIds.length || userIds.length > 20) return apiError(400, 'invalidParameter.userIds', 'userIds: 1 to 20 staff ids');
    const invalid = userIds.filter((u) => this.invalidStaff.has(String(u)));
    const flow = userIds.filter((u) => !invalid.includes(u) && this.flowControlled.has(String(u)));
    const reached = userIds.filter((u) => !invalid.includes(u) && !flow.includes(u));
    if (reached.length) this.delivered('oto', reached.join(','), t.msgKey, t.params);
    return ok({ processQueryKey: randomBytes(10).toString('base64'), invalidStaffIdList: invalid, flowControlledStaffIdList: flow });
  }

  /** Custom-robot body rules shared by /robot/send and sessionWebhooks. */
  private robotBody(json: Record<string, unknown>): { error: Answer } | { msgtype: string; params: Record<string, string>; at: { atUserIds: string[]; atMobiles: string[] } } {
    const msgtype = String(json.msgtype ?? '');
    const part = json[msgtype] as Record<string, string> | undefined;
    if (msgtype === 'text' && typeof part?.content !== 'string') return { error: oapiError(40035, '缺少参数 text.content') };
    if (msgtype === 'markdown' && (typeof part?.title !== 'string' || typeof part?.text !== 'string')) return { error: oapiError(40035, '缺少参数 markdown.title / markdown.text') };
    if (!['text', 'markdown', 'link', 'actionCard', 'feedCard'].includes(msgtype) || !part) return { error: oapiError(40035, `不支持的 msgtype ${msgtype}`) };
    const atRaw = (json.at ?? {}) as { atUserIds?: unknown; atMobiles?: unknown };
    const atUserIds = Array.isArray(atRaw.atUserIds) ? atRaw.atUserIds.map(String) : [];
    const atMobiles = Array.isArray(atRaw.atMobiles) ? atRaw.atMobiles.map(String) : [];
    const text = part.text ?? part.content ?? '';
    // Real DingTalk accepts these but shows no highlight; the fake refuses so the bug is seen.
    const unshown = [...atUserIds, ...atMobiles].filter((h) => !new RegExp(`@${h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`).test(text));
    if (unshown.length) return { error: oapiError(460001, `fake-dingtalk: @ ${unshown.join(', ')} in "at" but not written in the text, so DingTalk would not highlight it`) };
    return { msgtype, params: part, at: { atUserIds, atMobiles } };
  }

  private sessionSend(url: URL, json: Record<string, unknown>): Answer {
    const session = this.sessions.get(url.searchParams.get('session') ?? '');
    if (!session || session.expiresAt <= this.now()) return oapiError(300001, 'session 不存在');
    const b = this.robotBody(json);
    if ('error' in b) return b.error;
    this.delivered('session', session.conversationId, b.msgtype, b.params, b.at);
    return oapiError(0, 'ok');
  }

  private robotSend(url: URL, json: Record<string, unknown>): Answer {
    const token = url.searchParams.get('access_token') ?? '';
    const robot = (this.opts.robots ?? []).find((r) => r.accessToken === token);
    if (!robot) return oapiError(300001, 'token is not exist');
    const timestamp = url.searchParams.get('timestamp') ?? '';
    const sign = url.searchParams.get('sign') ?? '';
    if (!/^\d+$/.test(timestamp) || Math.abs(this.now() - Number(timestamp)) > SIGN_WINDOW_MS) return oapiError(310000, 'invalid timestamp');
    if (!signMatches(robot.secret, timestamp, sign)) return oapiError(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
    const now = this.now();
    if ((this.robotSilencedUntil.get(token) ?? 0) > now) return oapiError(130101, 'send too fast, exceed 20 times per minute');
    const recent = (this.robotSends.get(token) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= ROBOT_LIMIT_PER_MINUTE) {
      this.robotSilencedUntil.set(token, now + ROBOT_SILENCE_MS);
      return oapiError(130101, 'send too fast, exceed 20 times per minute');
    }
    const b = this.robotBody(json);
    if ('error' in b) return b.error;
    recent.push(now);
    this.robotSends.set(token, recent);
    this.delivered('robot', token, b.msgtype, b.params, b.at);
    return oapiError(0, 'ok');
  }

  private openConnection(headers: IncomingMessage['headers'], json: Record<string, unknown>): Answer {
    // The real gateway answers XML unless asked for JSON (platforms.md §7.1).
    if (!String(headers.accept ?? '').includes('application/json')) return { status: 200, body: '<OpenConnectionResponse><error>Accept application/json</error></OpenConnectionResponse>' };
    if (json.clientId !== this.opts.appKey || json.clientSecret !== this.opts.appSecret) return apiError(401, 'InvalidClient', 'clientId or clientSecret is wrong');
    if (!this.gateway) return apiError(503, 'ServiceUnavailable', 'no Stream gateway attached to the fake');
    const subs = Array.isArray(json.subscriptions) ? (json.subscriptions as { type: string; topic: string }[]) : [];
    return ok({ endpoint: this.gateway.wsUrl, ticket: this.gateway.issueTicket(subs) });
  }
}
