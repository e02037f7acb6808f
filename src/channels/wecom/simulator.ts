// Builds callbacks exactly as WeCom sends them — encrypted with the EncodingAESKey, signed with
// the Token — and posts them to gongdan's routes: the app's XML (staff text, events, kf
// notifications) and the smart robot's JSON. Used by the tests and by the sandbox.
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { systemClock, type Clock } from '../../lib/clock';

export interface SimulatorOptions {
  /** gongdan's base URL, e.g. http://127.0.0.1:3000 */
  appUrl: string;
  corpId: string;
  agentId: number;
  token: string;
  encodingAesKey: string;
  botToken?: string;
  botEncodingAesKey?: string;
  clock?: Clock;
}

export interface CallbackRequest {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  body: string;
  contentType: string;
}

export interface CallbackResponse {
  status: number;
  body: string;
}

// 64-bit ids above 2^53, as WeCom's real MsgIds are.
let nextMsgId = 7_345_678_901_234_567_890n;

export function newMsgId(): string {
  nextMsgId += 1_000_003n;
  return nextMsgId.toString();
}

export class WecomSimulator {
  private readonly clock: Clock;

  constructor(private readonly opts: SimulatorOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  private seconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** Encrypt + sign a plaintext for the app callback (receiveid = CorpID) as WeCom does. */
  sealApp(plain: string, opts: { receiveId?: string; timestamp?: string; nonce?: string } = {}): { encrypt: string; query: Record<string, string> } {
    const encrypted = encrypt(this.opts.encodingAesKey, plain, opts.receiveId ?? this.opts.corpId);
    return { encrypt: encrypted, query: this.signQuery(this.opts.token, encrypted, opts) };
  }

  sealBot(plain: string, opts: { receiveId?: string; timestamp?: string; nonce?: string } = {}): { encrypt: string; query: Record<string, string> } {
    const { botToken, botEncodingAesKey } = this.requireBot();
    const encrypted = encrypt(botEncodingAesKey, plain, opts.receiveId ?? '');
    return { encrypt: encrypted, query: this.signQuery(botToken, encrypted, opts) };
  }

  private signQuery(token: string, encrypted: string, opts: { timestamp?: string; nonce?: string }): Record<string, string> {
    const timestamp = opts.timestamp ?? String(this.seconds());
    const nonce = opts.nonce ?? String(randomBytes(4).readUInt32BE(0));
    return { msg_signature: getSignature(token, timestamp, nonce, encrypted), timestamp, nonce };
  }

  /** GET URL verification for /wecom/callback or /wecom/bot: echostr decrypts to `echo`. */
  verification(target: 'app' | 'bot', echo = String(randomBytes(8).readBigUInt64BE(0))): CallbackRequest {
    const sealed = target === 'app' ? this.sealApp(echo) : this.sealBot(echo);
    return { method: 'GET', path: target === 'app' ? '/wecom/callback' : '/wecom/bot', query: { ...sealed.query, echostr: sealed.encrypt }, body: '', contentType: 'text/plain' };
  }

  /** The XML envelope around an app plaintext. */
  appEnvelope(plainXml: string, opts: { receiveId?: string } = {}): CallbackRequest {
    const sealed = this.sealApp(plainXml, opts);
    const body = `<xml><ToUserName>${cdata(this.opts.corpId)}</ToUserName><Encrypt>${cdata(sealed.encrypt)}</Encrypt><AgentID>${cdata(String(this.opts.agentId))}</AgentID></xml>`;
    return { method: 'POST', path: '/wecom/callback', query: sealed.query, body, contentType: 'text/xml' };
  }

  /** A staff member's text to the app, 1:1. */
  appText(m: { from: string; content: string; msgId?: string; createTime?: number }): CallbackRequest & { msgId: string } {
    const msgId = m.msgId ?? newMsgId();
    const xml = appXml({
      ToUserName: this.opts.corpId,
      FromUserName: m.from,
      CreateTime: String(m.createTime ?? this.seconds()),
      MsgType: 'text',
      Content: m.content,
      MsgId: msgId,
      AgentID: String(this.opts.agentId),
    });
    return { ...this.appEnvelope(xml), msgId };
  }

  appEvent(m: { from: string; event: string; eventKey?: string; createTime?: number }): CallbackRequest {
    const xml = appXml({
      ToUserName: this.opts.corpId,
      FromUserName: m.from,
      CreateTime: String(m.createTime ?? this.seconds()),
      MsgType: 'event',
      Event: m.event,
      ...(m.eventKey ? { EventKey: m.eventKey } : {}),
      AgentID: String(this.opts.agentId),
    });
    return this.appEnvelope(xml);
  }

  /** Customer Service notification: no content, only the account and a sync Token. */
  kfEvent(m: { openKfId: string; token: string; createTime?: number }): CallbackRequest {
    const xml = appXml({
      ToUserName: this.opts.corpId,
      CreateTime: String(m.createTime ?? this.seconds()),
      MsgType: 'event',
      Event: 'kf_msg_or_event',
      Token: m.token,
      OpenKfId: m.openKfId,
    });
    return this.appEnvelope(xml);
  }

  /** A smart-robot message: group @-message when chatId is given, else 1:1. */
  botText(m: { from: string; content: string; chatId?: string; responseUrl?: string; msgId?: string; quote?: string; aibotId?: string }): CallbackRequest & { msgId: string } {
    const msgId = m.msgId ?? randomBytes(16).toString('hex');
    const payload = {
      msgid: msgId,
      aibotid: m.aibotId ?? 'aibDemoBot',
      ...(m.chatId ? { chatid: m.chatId } : {}),
      chattype: m.chatId ? 'group' : 'single',
      from: { userid: m.from },
      ...(m.responseUrl ? { response_url: m.responseUrl } : {}),
      msgtype: 'text',
      text: { content: m.content },
      ...(m.quote ? { quote: { msgtype: 'text', text: { content: m.quote } } } : {}),
    };
    return { ...this.botJson(payload), msgId };
  }

  /** WeCom polling a stream it believes is open. */
  botStreamRefresh(m: { from: string; streamId: string; chatId?: string }): CallbackRequest {
    return this.botJson({ msgid: randomBytes(16).toString('hex'), aibotid: 'aibDemoBot', chattype: m.chatId ? 'group' : 'single', ...(m.chatId ? { chatid: m.chatId } : {}), from: { userid: m.from }, msgtype: 'stream', stream: { id: m.streamId } });
  }

  botJson(payload: unknown, opts: { receiveId?: string } = {}): CallbackRequest {
    const sealed = this.sealBot(JSON.stringify(payload), opts);
    return { method: 'POST', path: '/wecom/bot', query: sealed.query, body: JSON.stringify({ encrypt: sealed.encrypt }), contentType: 'application/json' };
  }

  async deliver(req: CallbackRequest): Promise<CallbackResponse> {
    const qs = new URLSearchParams(req.query).toString();
    const res = await fetch(`${this.opts.appUrl}${req.path}?${qs}`, {
      method: req.method,
      headers: req.method === 'POST' ? { 'content-type': req.contentType } : {},
      body: req.method === 'POST' ? req.body : undefined,
    });
    return { status: res.status, body: await res.text() };
  }

  private requireBot(): { botToken: string; botEncodingAesKey: string } {
    const { botToken, botEncodingAesKey } = this.opts;
    if (!botToken || !botEncodingAesKey) throw new Error('the simulator was built without the smart robot Token/EncodingAESKey');
    return { botToken, botEncodingAesKey };
  }
}

/** CDATA that survives "]]>" inside the text, the way XML writers split it. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function appXml(fields: Record<string, string>): string {
  const numeric = new Set(['CreateTime', 'MsgId', 'AgentID']);
  return `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}>${numeric.has(k) ? v : cdata(v)}</${k}>`)
    .join('')}</xml>`;
}
