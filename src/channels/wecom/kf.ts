// WeCom Customer Service (微信客服, platforms.md §5). The callback only says "something happened";
// expand() pulls the messages with sync_msg after the ack, and sends respect the session state,
// the 48-hour window and the 5-message budget per customer message.
import { createHash } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { InboxStore } from '../../inbox/inbox-store';
import { ChannelSendError, type InboundMessage, type SendReceipt } from '../channel';
import type { WecomApi, WecomReply } from './api';
import { WecomApiError } from './errors';
import type { KfStore } from './kf-store';
import type { TokenCache } from './token';

export const KF_WINDOW_MS = 48 * 3600_000;
export const KF_BUDGET = 5;
const MAX_PAGES = 100;

export interface KfItem {
  msgid: string;
  open_kfid?: string;
  external_userid?: string;
  send_time?: number;
  origin?: number;
  msgtype?: string;
  text?: { content?: string; menu_id?: string };
  location?: { name?: string; address?: string };
  link?: { title?: string; url?: string };
  [k: string]: unknown;
}

interface SyncReply extends WecomReply {
  next_cursor?: string;
  has_more?: number;
  msg_list?: KfItem[];
}

export interface KfDeps {
  api: WecomApi;
  tokens: TokenCache;
  store: KfStore;
  inbox: InboxStore;
  clock: Clock;
  logger: Logger;
  accountTitle(openKfId: string): string | undefined;
  customerName(externalUserId: string): string | undefined;
}

export class WecomKf {
  constructor(private readonly deps: KfDeps) {}

  /**
   * Pulls everything new for the event's account. Each page is recorded in the inbox before the
   * cursor moves past it, so a crash between pages re-reads at most one page (deduped by msgid).
   */
  async expand(event: InboundMessage): Promise<InboundMessage[]> {
    const ctx = event.replyContext ?? {};
    const openKfId = String(ctx.openKfId ?? '');
    if (!openKfId) throw new Error(`kf event ${event.messageId} carries no OpenKfId`);
    let token = typeof ctx.syncToken === 'string' ? ctx.syncToken : undefined;
    let cursor = await this.deps.store.cursor(openKfId);
    const out: InboundMessage[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      let res: SyncReply;
      try {
        res = await this.deps.api.call<SyncReply>(this.deps.tokens, '/cgi-bin/kf/sync_msg', { ...(cursor ? { cursor } : {}), ...(token ? { token } : {}), limit: 1000, voice_format: 0, open_kfid: openKfId });
      } catch (err) {
        // The callback Token lives 10 minutes; a late retry still syncs, just rate-limited.
        if (err instanceof WecomApiError && err.errcode === 95007 && token) {
          this.deps.logger.warn({ openKfId }, 'kf sync token expired; syncing without it');
          token = undefined;
          page--;
          continue;
        }
        throw err;
      }
      const items = (res.msg_list ?? []).filter((i) => i.origin === 3 && i.external_userid);
      const messages: InboundMessage[] = [];
      for (const item of items) {
        const m = this.toInbound(openKfId, item, sentAt(item, this.deps.clock));
        if (m) messages.push(m);
      }
      const fresh = new Set(messages.length ? (await this.deps.inbox.record(messages)).map((m) => m.messageId) : []);
      // Who wrote on this page, and whether it is news to us (a new message resets their budget).
      const wrote = new Map<string, { at: number; fresh: boolean }>();
      for (const item of items) {
        const prev = wrote.get(item.external_userid!);
        const at = sentAt(item, this.deps.clock);
        wrote.set(item.external_userid!, { at: Math.max(prev?.at ?? 0, at), fresh: (prev?.fresh ?? false) || fresh.has(String(item.msgid)) });
      }
      await this.deps.store.commitPage(openKfId, res.next_cursor ?? null, wrote);
      out.push(...messages);
      if (res.next_cursor) cursor = res.next_cursor;
      // Keep going on has_more even when a page is empty (platforms.md §5.2).
      if (res.has_more !== 1) break;
    }
    return out;
  }

  private toInbound(openKfId: string, item: KfItem, at: number): InboundMessage | null {
    let text: string;
    switch (item.msgtype) {
      case 'text':
        text = item.text?.content ?? '';
        break;
      case 'location':
        text = `[位置] ${[item.location?.name, item.location?.address].filter(Boolean).join(' ')}`;
        break;
      case 'link':
        text = `[链接] ${[item.link?.title, item.link?.url].filter(Boolean).join(' ')}`;
        break;
      default:
        this.deps.logger.info({ openKfId, msgtype: item.msgtype, msgid: item.msgid }, 'kf customer message type not handled by the bot');
        return null;
    }
    const ext = item.external_userid!;
    const title = this.deps.accountTitle(openKfId);
    const name = this.deps.customerName(ext);
    return {
      platform: 'wecom',
      messageId: String(item.msgid),
      kind: 'text',
      conversation: { type: 'direct', id: openKfId, ...(title ? { title } : {}) },
      sender: { id: ext, isCustomer: true, ...(name ? { name } : {}) },
      text,
      mentions: [],
      receivedAt: new Date(at).toISOString(),
      replyContext: { via: 'kf', openKfId, externalUserId: ext },
      raw: item,
    };
  }

  /** A text to a customer: refused up front (drop) when WeCom would refuse it anyway. */
  async sendText(openKfId: string, externalUserId: string, content: string, idempotencyKey: string, opts: { thenHandOver?: boolean } = {}): Promise<SendReceipt> {
    const who = this.describe(externalUserId);
    const row = await this.deps.store.customer(openKfId, externalUserId);
    const now = this.deps.clock.now().getTime();
    if (!row?.lastCustomerMsgAt) throw new ChannelSendError(`kf: ${who} has not written to ${openKfId}; WeCom lets the bot answer only after the customer's message`, 'drop', { platformCode: 95002 });
    if (now - row.lastCustomerMsgAt > KF_WINDOW_MS) {
      throw new ChannelSendError(`kf: the 48-hour window to reply to ${who} closed at ${new Date(row.lastCustomerMsgAt + KF_WINDOW_MS).toISOString()}; a person must contact the customer`, 'drop', { platformCode: 95002 });
    }
    if (row.sendsSinceCustomer >= KF_BUDGET) {
      throw new ChannelSendError(`kf: the ${KF_BUDGET}-message budget for ${who} is used up until the customer writes again; a person must follow up`, 'drop', { platformCode: 95001 });
    }
    let state = await this.serviceState(openKfId, externalUserId);
    if (state === 0) state = await this.takeSession(openKfId, externalUserId);
    if (state !== 1) {
      const why = state === 2 ? 'waiting for a person in the queue' : state === 3 ? 'handled by a person' : state === 4 ? 'ended' : `in state ${state}`;
      throw new ChannelSendError(`kf: the session with ${who} is ${why} (service_state ${state}); the bot stays silent`, 'drop', { platformCode: 'kf_state', heldByPerson: state === 2 || state === 3 });
    }
    const res = await this.deps.api.call<WecomReply & { msgid?: string }>(this.deps.tokens, '/cgi-bin/kf/send_msg', {
      touser: externalUserId,
      open_kfid: openKfId,
      msgid: kfMsgId(idempotencyKey),
      msgtype: 'text',
      text: { content },
    });
    await this.deps.store.countSend(openKfId, externalUserId);
    if (opts.thenHandOver) await this.handOverAfterNotice(openKfId, externalUserId, who);
    return { platformMessageId: res.msgid };
  }

  /**
   * The customer asked for a person: the bot may only write in states 0/1, so the notice goes
   * first and the session moves to the queue (2) right after it. If the move fails the text is
   * already out: no retry (it would repeat it), a drop, so the staff are told to take over.
   */
  private async handOverAfterNotice(openKfId: string, externalUserId: string, who: string): Promise<void> {
    try {
      await this.trans(openKfId, externalUserId, 2);
    } catch (err) {
      throw new ChannelSendError(`kf: ${who} asked for a person and was told one is coming, but moving the session to the queue failed (${(err as Error).message}); take the session over in the WeCom 微信客服 console`, 'drop', { platformCode: 'kf_handover' });
    }
  }

  /**
   * Moves a new session (0) to the bot (1). Two sends to one customer can both see state 0 (the
   * chase's reply and a notice, or two instances); the loser's move is refused, so the state is
   * read again rather than taking the refusal as the final word.
   */
  private async takeSession(openKfId: string, externalUserId: string): Promise<number> {
    try {
      await this.trans(openKfId, externalUserId, 1);
      return 1;
    } catch (err) {
      if (!(err instanceof WecomApiError)) throw err;
      const now = await this.serviceState(openKfId, externalUserId);
      if (now === 0) throw err;
      return now;
    }
  }

  async serviceState(openKfId: string, externalUserId: string): Promise<number> {
    const res = await this.deps.api.call<WecomReply & { service_state?: number }>(this.deps.tokens, '/cgi-bin/kf/service_state/get', { open_kfid: openKfId, external_userid: externalUserId });
    return Number(res.service_state ?? 0);
  }

  async trans(openKfId: string, externalUserId: string, state: number, servicerUserId?: string): Promise<void> {
    await this.deps.api.call(this.deps.tokens, '/cgi-bin/kf/service_state/trans', {
      open_kfid: openKfId,
      external_userid: externalUserId,
      service_state: state,
      ...(servicerUserId ? { servicer_userid: servicerUserId } : {}),
    });
  }

  private describe(externalUserId: string): string {
    const name = this.deps.customerName(externalUserId);
    return name ? `customer ${name} (${externalUserId})` : `customer ${externalUserId}`;
  }
}

function sentAt(item: KfItem, clock: Clock): number {
  return typeof item.send_time === 'number' ? item.send_time * 1000 : clock.now().getTime();
}

/** send_msg's optional msgid (≤ 32 of [0-9a-zA-Z_-]), stable per outbox row for correlation. */
export function kfMsgId(idempotencyKey: string): string {
  return createHash('sha1').update(idempotencyKey).digest('hex').slice(0, 32);
}
