// A channel-neutral Channel for tests and for building the chase without WeCom or DingTalk:
// send() records into memory (and can be told to fail), the webhook takes a small JSON body and
// builds InboundMessages, and inbound() builds one directly.
import { ChannelSendError, type Channel, type Destination, type InboundMessage, type OutboundMessage, type Platform, type RawWebhook, type SendDisposition, type SendReceipt, type WebhookResult } from '../../src/channels/channel';
import { WebhookRejectedError } from '../../src/lib/errors';
import type { Clock } from '../../src/lib/clock';

export interface SentMessage extends OutboundMessage {
  /** Clock time of the successful send. */
  at: number;
  platformMessageId: string;
}

interface Failure {
  disposition: SendDisposition;
  message: string;
  retryAfterMs?: number;
  heldByPerson?: boolean;
  match?: (m: OutboundMessage) => boolean;
}

export interface InboundDraft {
  messageId?: string;
  text: string;
  from: string;
  name?: string;
  customer?: boolean;
  conversation?: { type: 'group' | 'direct'; id: string; title?: string };
  mentions?: { userId: string; name?: string }[];
  quotedText?: string;
  replyContext?: Record<string, unknown>;
  receivedAt?: string;
}

export class TestChannel implements Channel {
  readonly webhookPaths: readonly string[];
  /** Messages that went through, in order. */
  readonly sent: SentMessage[] = [];
  /** Every send() call, successful or not. */
  readonly attempts: OutboundMessage[] = [];
  /** WeCom kf-style hand-overs asked for (人工): the chase finds this method by duck typing. */
  readonly handOvers: { openKfId: string; externalUserId: string }[] = [];
  private failures: Failure[] = [];
  private seq = 0;

  constructor(
    readonly platform: Platform = 'wecom',
    private readonly opts: { clock?: Clock; robotPerMinute?: number; defaultConversation?: { type: 'group' | 'direct'; id: string; title?: string } } = {},
  ) {
    this.webhookPaths = [`/test/${platform}`];
  }

  /** The next `times` sends (matching `match`, if given) throw a ChannelSendError. */
  failNext(times: number, disposition: SendDisposition, opts: { message?: string; retryAfterMs?: number; heldByPerson?: boolean; match?: (m: OutboundMessage) => boolean } = {}): void {
    for (let i = 0; i < times; i++) this.failures.push({ disposition, message: opts.message ?? `test channel told to fail (${disposition})`, retryAfterMs: opts.retryAfterMs, heldByPerson: opts.heldByPerson, match: opts.match });
  }

  async send(msg: OutboundMessage): Promise<SendReceipt> {
    this.attempts.push(msg);
    const i = this.failures.findIndex((f) => !f.match || f.match(msg));
    if (i >= 0) {
      const f = this.failures.splice(i, 1)[0]!;
      throw new ChannelSendError(f.message, f.disposition, { retryAfterMs: f.retryAfterMs, heldByPerson: f.heldByPerson, platformCode: 'test' });
    }
    const ctx = msg.destination.kind === 'reply' ? msg.destination.context : undefined;
    if (ctx?.handOverAfterSend === true && typeof ctx.openKfId === 'string') await this.handOverToHuman(ctx.openKfId, String(ctx.externalUserId ?? ''));
    const platformMessageId = `test-${++this.seq}`;
    this.sent.push({ ...msg, at: this.opts.clock?.now().getTime() ?? 0, platformMessageId });
    return { platformMessageId };
  }

  async handOverToHuman(openKfId: string, externalUserId: string): Promise<{ serviceState: 2 | 3 }> {
    this.handOvers.push({ openKfId, externalUserId });
    return { serviceState: 3 };
  }

  rateLimit(dest: Destination): { key: string; perMinute: number } | null {
    if (dest.kind === 'robot' || dest.kind === 'group') return { key: `${this.platform}:robot:${dest.conversationId}`, perMinute: this.opts.robotPerMinute ?? 20 };
    return null;
  }

  /** Sent messages as plain text ("title | line | line"), handy in assertions. */
  texts(filter?: (m: SentMessage) => boolean): string[] {
    return this.sent.filter(filter ?? (() => true)).map((m) => [m.body.title, ...m.body.lines].join(' | '));
  }

  clear(): void {
    this.sent.length = 0;
    this.attempts.length = 0;
    this.failures = [];
  }

  inbound(d: InboundDraft): InboundMessage {
    const conversation = d.conversation ?? this.opts.defaultConversation ?? { type: 'direct' as const, id: d.from };
    return {
      platform: this.platform,
      messageId: d.messageId ?? `in-${++this.seq}`,
      kind: 'text',
      conversation,
      sender: { id: d.from, name: d.name, isCustomer: d.customer ?? false },
      text: d.text,
      mentions: d.mentions ?? [],
      receivedAt: d.receivedAt ?? (this.opts.clock?.now() ?? new Date(0)).toISOString(),
      quotedText: d.quotedText,
      replyContext: d.replyContext ?? { conversationId: conversation.id },
      raw: d,
    };
  }

  async parseWebhook(req: RawWebhook): Promise<WebhookResult> {
    if (req.method !== 'POST') return { kind: 'ignored', reason: 'the test channel only takes POST' };
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw new WebhookRejectedError('body is not JSON');
    }
    const d = body as Partial<InboundDraft>;
    if (typeof d.text !== 'string' || typeof d.from !== 'string' || typeof d.messageId !== 'string') {
      throw new WebhookRejectedError('expected {"messageId", "from", "text"}');
    }
    return { kind: 'messages', messages: [this.inbound({ ...d, text: d.text, from: d.from, receivedAt: req.receivedAt.toISOString() })], reply: 'ok' };
  }
}
