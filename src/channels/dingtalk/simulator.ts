// Builds robot messages and HTTP callbacks exactly as DingTalk does (platforms.md §6): the
// §6.2 body with a sessionWebhook opened on the fake platform, and the timestamp/sign headers
// computed from the app secret. Used by tests and the sandbox.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import { dingtalkSign } from './sign';
import type { FakeDingtalkPlatform } from './fake-platform';

export interface SimulatedSender {
  staffId?: string;
  nick?: string;
  /** The encrypted $:LWCP id DingTalk sends beside the staffId; generated when absent. */
  senderId?: string;
}

export interface SimulatedMessageOptions {
  text: string;
  sender: SimulatedSender;
  /** A group (type "2") with its conversationId and title, or a 1:1 chat. */
  conversation: { type: 'group'; id: string; title?: string } | { type: 'direct' };
  /** Staff ids @-mentioned besides the robot. */
  atStaffIds?: string[];
  msgId?: string;
  /** Write "@<robot name> " in front of the text, as some clients do. */
  robotName?: string;
}

export class DingtalkSimulator {
  readonly chatbotUserId = `$:LWCP_v1:$${randomBytes(12).toString('base64')}`;

  constructor(
    private readonly opts: { platform: FakeDingtalkPlatform; appSecret: string; robotCode: string; clock: Clock; corpId?: string },
  ) {}

  /** The robot message JSON as DingTalk would send it (both HTTP and Stream carry the same). */
  robotMessage(o: SimulatedMessageOptions): Record<string, unknown> {
    const now = this.opts.clock.now().getTime();
    const group = o.conversation.type === 'group';
    const conversationId = group ? (o.conversation as { id: string }).id : `cid${randomBytes(10).toString('base64url')}`;
    const session = this.opts.platform.openSession(conversationId);
    const corp = this.opts.corpId ?? 'dingfakecorp';
    return {
      msgtype: 'text',
      // DingTalk leaves a space where the robot's @ was.
      text: { content: `${o.robotName ? `@${o.robotName}` : ''} ${o.text}` },
      msgId: o.msgId ?? `msg${randomBytes(12).toString('base64url')}`,
      createAt: now,
      conversationType: group ? '2' : '1',
      conversationId,
      ...(group && (o.conversation as { title?: string }).title ? { conversationTitle: (o.conversation as { title?: string }).title } : {}),
      senderId: o.sender.senderId ?? `$:LWCP_v1:$${randomBytes(12).toString('base64')}`,
      senderNick: o.sender.nick ?? o.sender.staffId ?? '外部联系人',
      ...(o.sender.staffId ? { senderStaffId: o.sender.staffId } : {}),
      senderCorpId: corp,
      sessionWebhook: session.sessionWebhook,
      sessionWebhookExpiredTime: session.sessionWebhookExpiredTime,
      chatbotUserId: this.chatbotUserId,
      chatbotCorpId: corp,
      isAdmin: false,
      isInAtList: true,
      atUsers: [{ dingtalkId: this.chatbotUserId }, ...(o.atStaffIds ?? []).map((staffId) => ({ dingtalkId: `$:LWCP_v1:$${staffId}`, staffId }))],
      robotCode: this.opts.robotCode,
    };
  }

  /** The headers DingTalk puts on a callback; override a part to simulate an attack. */
  callbackHeaders(over: { timestamp?: string; sign?: string } = {}): Record<string, string> {
    const timestamp = over.timestamp ?? String(this.opts.clock.now().getTime());
    return { 'content-type': 'application/json; charset=utf-8', timestamp, sign: over.sign ?? dingtalkSign(this.opts.appSecret, timestamp) };
  }

  /** POSTs a callback to gongdan's /dingtalk/callback. */
  post(callbackUrl: string, body: Record<string, unknown> | string, headers: Record<string, string> = this.callbackHeaders()): Promise<Response> {
    return fetch(callbackUrl, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }
}
