// The seam between gongdan and a chat platform. A channel verifies, decrypts and normalises
// what the platform sends (it never sees Koa), and performs one platform API call per send.
// A new platform is a new folder under channels/ implementing this.
import type { Platform } from '../config/directory-schema';

export type { Platform };

/** What the HTTP layer hands a channel: the request as bytes, nothing parsed yet. */
export interface RawWebhook {
  /** The webhook path the channel declared, e.g. "/wecom/callback". */
  path: string;
  method: 'GET' | 'POST';
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: Date;
}

export interface ConversationRef {
  type: 'group' | 'direct';
  /** Group chat id, or for a 1:1 chat the other party's id. */
  id: string;
  title?: string;
}

export interface SenderRef {
  /** The platform's user id: WeCom UserID or external_userid, DingTalk staffId. */
  id: string;
  name?: string;
  /** True for customers (WeCom Customer Service); staff come through work chat. */
  isCustomer: boolean;
}

export interface Mention {
  userId: string;
  name?: string;
}

export interface InboundMessage {
  platform: Platform;
  /** Dedupe key, unique per platform (WeCom MsgId / msgid, DingTalk msgId). Always a string. */
  messageId: string;
  kind: 'text' | 'event';
  conversation: ConversationRef;
  sender: SenderRef;
  text: string;
  mentions: Mention[];
  /** ISO instant the platform says it was sent, or when we received it. */
  receivedAt: string;
  /** If the user replied to (quoted) an earlier message, its text: lets "接单" find the card. */
  quotedText?: string;
  /** Platform facts needed to answer in place: response_url, sessionWebhook and expiry, open_kfid… */
  replyContext?: Record<string, unknown>;
  /** For kind 'event': the platform's event name. */
  event?: string;
  /** The decrypted platform payload, kept for audit and debugging. */
  raw: unknown;
}

export type WebhookResult =
  | { kind: 'handshake'; reply: string; contentType?: string }
  | { kind: 'messages'; messages: InboundMessage[]; reply?: string; contentType?: string }
  | { kind: 'ignored'; reason: string; reply?: string };

export type Destination =
  | { kind: 'user'; platform: Platform; userId: string }
  | { kind: 'group'; platform: Platform; conversationId: string }
  /** A group robot from the operator config (send-only webhook). */
  | { kind: 'robot'; platform: Platform; conversationId: string }
  | { kind: 'customer'; platform: Platform; customerId: string; serviceId?: string }
  /** Answer where a message came from, using its replyContext. */
  | { kind: 'reply'; platform: Platform; conversation: ConversationRef; context?: Record<string, unknown> };

export interface OutboundBody {
  title: string;
  /** Markdown-ish lines; each channel renders its own dialect (platforms.md §10). */
  lines: string[];
  /** People to @: staff platform user ids (and mobiles where the platform wants them). */
  mentions?: { userId: string; mobile?: string; name?: string }[];
  image?: { png: Buffer; url?: string };
}

export interface OutboundMessage {
  destination: Destination;
  body: OutboundBody;
  /** Stable across retries and instances: the outbox's unique key. */
  idempotencyKey: string;
}

export interface SendReceipt {
  platformMessageId?: string;
  /** Recipients the platform refused or throttled (partial success). */
  invalid?: string[];
  throttled?: string[];
}

/** How the outbox should treat a failed send. */
export type SendDisposition = 'retry' | 'fix_config' | 'drop';

export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly disposition: SendDisposition,
    /** heldByPerson: a person already owns the conversation (WeCom kf states 2/3), so nobody needs telling. */
    readonly opts: { platformCode?: number | string; retryAfterMs?: number; heldByPerson?: boolean } = {},
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

/** Where a long-connection channel (DingTalk Stream) delivers what it receives. */
export interface InboundSink {
  accept(messages: InboundMessage[]): Promise<void>;
}

export interface Channel {
  readonly platform: Platform;
  /** Paths the HTTP layer mounts for GET and POST, e.g. ["/wecom/callback", "/wecom/bot"]. */
  readonly webhookPaths: readonly string[];
  parseWebhook(req: RawWebhook): Promise<WebhookResult>;
  send(msg: OutboundMessage): Promise<SendReceipt>;
  /** Per-destination send budget shared by all instances, e.g. 20 a minute for group robots. */
  rateLimit?(dest: Destination): { key: string; perMinute: number } | null;
  /** Turn a recorded platform event into the messages it stands for (WeCom kf: sync_msg). */
  expand?(msg: InboundMessage): Promise<InboundMessage[]>;
  /** Long connections (DingTalk Stream): start receiving into the sink. */
  start?(sink: InboundSink): Promise<void>;
  stop?(): Promise<void>;
}
