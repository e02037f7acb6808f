// One platform call per OutboundMessage, chosen by destination: message/send (staff), the group
// robot webhook (groups), response_url (smart-robot replies), kf/send_msg (customers).
import { createHash } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { OperatorConfig } from '../../config/operator-schema';
import { ChannelSendError, type Destination, type OutboundMessage, type SendReceipt } from '../channel';
import type { WecomApi, WecomReply } from './api';
import { classifySendError, WecomApiError, WecomHttpStatusError } from './errors';
import type { WecomKf } from './kf';
import { byteLength, LIMITS, looksLikeMarkdown, renderAppMarkdown, renderPlainText, renderRobotMarkdown, renderRobotText } from './render';
import type { TokenCache } from './token';

export interface SenderDeps {
  api: WecomApi;
  apiBase: string;
  clock: Clock;
  logger: Logger;
  config: OperatorConfig;
  appTokens: TokenCache | null;
  agentId: number | null;
  kf: WecomKf | null;
}

export const ROBOT_PER_MINUTE = 20;
/** WeCom silently drops app messages past 30 a minute to one member (platforms.md §4.2). */
export const USER_PER_MINUTE = 30;

export class WecomSender {
  /** response_urls already spent by this process: they work once. */
  private readonly usedResponseUrls = new Map<string, number>();

  constructor(private readonly deps: SenderDeps) {}

  async send(msg: OutboundMessage): Promise<SendReceipt> {
    const d = msg.destination;
    try {
      switch (d.kind) {
        case 'user':
          return await this.toUser(this.wecomUserId(d.userId), msg);
        case 'robot':
        case 'group':
          return await this.toRobot(this.robotKey(d.conversationId), msg);
        case 'customer':
          return await this.toCustomer(d.serviceId ?? this.defaultKfAccount(), d.customerId, msg);
        case 'reply':
          return await this.reply(d, msg);
      }
    } catch (err) {
      throw classifySendError(err, `WeCom send to ${describe(d)}`);
    }
  }

  rateLimit(dest: Destination): { key: string; perMinute: number } | null {
    try {
      if (dest.kind === 'robot' || dest.kind === 'group') return { key: robotLimitKey(this.robotKey(dest.conversationId)), perMinute: ROBOT_PER_MINUTE };
      if (dest.kind === 'user') return { key: `wecom-user:${this.wecomUserId(dest.userId)}`, perMinute: USER_PER_MINUTE };
    } catch {
      // Unroutable destinations fail in send() with a precise error; no budget to share.
    }
    return null;
  }

  private async reply(d: Extract<Destination, { kind: 'reply' }>, msg: OutboundMessage): Promise<SendReceipt> {
    const ctx = d.context ?? {};
    const via = ctx.via;
    if (via === 'kf') return this.toCustomer(String(ctx.openKfId ?? d.conversation.id), String(ctx.externalUserId ?? ''), msg);
    if (via === 'app') return this.toUser(String(ctx.userId ?? d.conversation.id), msg);
    if (via === 'bot') return this.replyToBot(ctx, d, msg);
    if (d.conversation.type === 'group') return this.toRobot(this.robotKey(d.conversation.id), msg);
    return this.toUser(this.wecomUserId(d.conversation.id), msg);
  }

  /** response_url while it is fresh and unused; otherwise the group's robot or the app 1:1. */
  private async replyToBot(ctx: Record<string, unknown>, d: Extract<Destination, { kind: 'reply' }>, msg: OutboundMessage): Promise<SendReceipt> {
    const url = typeof ctx.responseUrl === 'string' ? ctx.responseUrl : undefined;
    const expiresAt = Number(ctx.responseUrlExpiresAt ?? 0);
    const now = this.deps.clock.now().getTime();
    if (url && now < expiresAt && !this.usedResponseUrls.has(url)) {
      this.checkResponseUrl(url);
      try {
        await this.deps.api.post(url, 'aibot response_url', { msgtype: 'markdown', markdown: { content: renderRobotMarkdown(msg.body, LIMITS.responseMarkdown) } });
        this.remember(url, expiresAt, now);
        return {};
      } catch (err) {
        // Spent or expired on WeCom's side: fall back below. A network failure is retried as-is.
        if (!(err instanceof WecomApiError) && !(err instanceof WecomHttpStatusError && err.status < 500)) throw err;
        this.remember(url, expiresAt, now);
        this.deps.logger.warn({ errcode: err instanceof WecomApiError ? err.errcode : undefined }, 'smart robot response_url refused; using the fallback route');
      }
    }
    if (ctx.chatType === 'group') {
      const chatId = String(ctx.chatId ?? d.conversation.id);
      return this.toRobot(this.robotKey(chatId), msg);
    }
    return this.toUser(String(ctx.userId ?? d.conversation.id), msg);
  }

  private remember(url: string, expiresAt: number, now: number): void {
    this.usedResponseUrls.set(url, expiresAt);
    for (const [u, exp] of this.usedResponseUrls) if (exp < now) this.usedResponseUrls.delete(u);
  }

  /** response_url arrives inside a signed payload; still, only ever POST to WeCom itself. */
  private checkResponseUrl(url: string): void {
    const origin = safeOrigin(url);
    const allowed = new Set([safeOrigin(this.deps.apiBase), 'https://qyapi.weixin.qq.com']);
    if (!origin || !allowed.has(origin)) throw new ChannelSendError(`smart robot response_url points at ${origin ?? 'an invalid URL'}, not at WeCom`, 'drop');
  }

  private async toUser(userId: string, msg: OutboundMessage): Promise<SendReceipt> {
    const { appTokens, agentId } = this.deps;
    if (!appTokens || agentId === null) throw new ChannelSendError('sending to a WeCom member needs the self-built app (WECOM_CORP_ID, WECOM_SECRET, WECOM_AGENT_ID)', 'fix_config');
    const markdown = looksLikeMarkdown(msg.body);
    const body = {
      touser: userId,
      msgtype: markdown ? 'markdown' : 'text',
      agentid: agentId,
      ...(markdown ? { markdown: { content: renderAppMarkdown(msg.body) } } : { text: { content: renderPlainText(msg.body, LIMITS.appText) } }),
      safe: 0,
      // A retried send with the same body inside 30 minutes is not delivered twice.
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    };
    const res = await this.deps.api.call<WecomReply & { msgid?: string; invaliduser?: string }>(appTokens, '/cgi-bin/message/send', body);
    const invalid = (res.invaliduser ?? '').split('|').filter(Boolean);
    if (invalid.includes(userId)) {
      throw new ChannelSendError(`WeCom member "${userId}" is unknown or outside the app's visible range; check wecom.userId in the staff directory and the app's 可见范围`, 'fix_config', { platformCode: 'invaliduser' });
    }
    return { platformMessageId: res.msgid, ...(invalid.length ? { invalid } : {}) };
  }

  private async toRobot(key: string, msg: OutboundMessage): Promise<SendReceipt> {
    const url = `${this.deps.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
    const { body } = msg;
    let payload: unknown;
    if (body.image) {
      // One call per send: a body with a chart posts the chart; its text goes as its own message.
      if (body.image.png.length > LIMITS.robotImageBytes) throw new ChannelSendError(`chart image of ${body.image.png.length} bytes exceeds the group robot's 2 MB limit`, 'drop');
      payload = { msgtype: 'image', image: { base64: body.image.png.toString('base64'), md5: createHash('md5').update(body.image.png).digest('hex') } };
    } else if (body.mentions?.length && !looksLikeMarkdown(body) && byteLength(renderPlainText(body, Number.MAX_SAFE_INTEGER)) <= LIMITS.robotText) {
      // A plain ping: text with mentioned_list notifies reliably. Formatted or long bodies (a
      // dashboard) stay markdown and @ people with <@userid>, which notifies as well.
      payload = { msgtype: 'text', text: renderRobotText(body) };
    } else {
      payload = { msgtype: 'markdown', markdown: { content: renderRobotMarkdown(body) } };
    }
    await this.deps.api.post(url, 'webhook/send', payload);
    return {};
  }

  private async toCustomer(openKfId: string, externalUserId: string, msg: OutboundMessage): Promise<SendReceipt> {
    if (!this.deps.kf) throw new ChannelSendError('sending to a WeCom customer needs the app credentials (WECOM_CORP_ID with WECOM_SECRET or WECOM_KF_SECRET)', 'fix_config');
    if (!openKfId || !externalUserId) throw new ChannelSendError('kf send needs open_kfid and external_userid', 'drop');
    const thenHandOver = msg.destination.kind === 'reply' && msg.destination.context?.handOverAfterSend === true;
    return this.deps.kf.sendText(openKfId, externalUserId, renderPlainText(msg.body, LIMITS.kfText), msg.idempotencyKey, { thenHandOver });
  }

  /** Accepts a WeCom UserID or a staff id from the directory (mapped to its wecom.userId). */
  private wecomUserId(id: string): string {
    const staff = this.deps.config.staff.find((s) => s.id === id && s.wecom);
    return staff?.wecom?.userId ?? id;
  }

  private robotKey(conversationId: string): string {
    const conv = this.deps.config.conversations.find((c) => c.platform === 'wecom' && (c.id === conversationId || c.chatId === conversationId));
    if (conv?.robot && 'webhookKey' in conv.robot) return conv.robot.webhookKey;
    throw new ChannelSendError(`no WeCom group robot (robot.webhookKey) is configured for conversation "${conversationId}" in the operator config`, 'fix_config');
  }

  private defaultKfAccount(): string {
    const accounts = this.deps.config.conversations.filter((c) => c.platform === 'wecom' && c.purpose === 'customer_service' && c.chatId);
    if (accounts.length === 1) return accounts[0]!.chatId!;
    throw new ChannelSendError('customer destination without serviceId (open_kfid) and no single customer_service conversation in the config', 'fix_config');
  }
}

/** The webhook key is a credential: the shared rate-limit key carries a digest of it instead. */
export function robotLimitKey(webhookKey: string): string {
  return `wecom-robot:${createHash('sha256').update(webhookKey).digest('hex').slice(0, 16)}`;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function describe(d: Destination): string {
  switch (d.kind) {
    case 'user':
      return `member ${d.userId}`;
    case 'robot':
    case 'group':
      return `group ${d.conversationId}`;
    case 'customer':
      return `customer ${d.customerId}`;
    case 'reply':
      return `reply in ${d.conversation.type} ${d.conversation.id}`;
  }
}
