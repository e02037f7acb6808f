// The robot message both modes deliver (platforms.md §6.2, §7.1 item 6), validated and turned
// into the neutral InboundMessage. messageId is the robot's msgId: the same message redelivered
// (HTTP retry, Stream redelivery under a new frame id) keeps it, so the inbox dedupes it.
import { z } from 'zod';
import type { InboundMessage } from '../channel';

const str = z.string().min(1);
// Ids land in VARCHAR(160) columns (and a customer is "dingtalk:<senderId>"); DingTalk's are far
// shorter. A longer one is not DingTalk's: refused here rather than failing the insert on MySQL.
const id = z.string().min(1).max(128);

export const robotMessageSchema = z.object({
  msgId: id,
  msgtype: str,
  createAt: z.coerce.number().int().positive().optional(),
  conversationType: z.enum(['1', '2']),
  conversationId: id,
  conversationTitle: z.string().max(200).optional(),
  senderId: z.string().max(128).optional(),
  senderNick: z.string().optional(),
  senderStaffId: z.string().max(128).optional(),
  senderCorpId: z.string().optional(),
  sessionWebhook: z.url().optional(),
  sessionWebhookExpiredTime: z.coerce.number().int().positive().optional(),
  chatbotUserId: z.string().optional(),
  chatbotCorpId: z.string().optional(),
  isAdmin: z.boolean().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  robotCode: z.string().optional(),
  text: z.object({ content: z.string() }).optional(),
  content: z.unknown().optional(),
}).refine((m) => m.senderStaffId || m.senderId, { message: 'expected senderStaffId or senderId', path: ['senderStaffId'] })
  .refine((m) => m.msgtype !== 'text' || m.text !== undefined, { message: 'a text message needs text.content', path: ['text'] });

export type RobotMessage = z.output<typeof robotMessageSchema>;

export type NormaliseResult =
  | { ok: true; message: InboundMessage }
  /** The body is not a robot message: refuse it. */
  | { ok: false; invalid: true; reason: string }
  /** A valid message we cannot read (picture, audio, file): acknowledge and leave it. */
  | { ok: false; invalid: false; reason: string };

/** Validates an already-parsed JSON body. `reason` says which field is wrong. */
export function normaliseRobotMessage(json: unknown, receivedAt: Date): NormaliseResult {
  const parsed = robotMessageSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, invalid: true, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') };
  }
  const m = parsed.data;
  const text = messageText(m);
  if (text === null) return { ok: false, invalid: false, reason: `msgtype "${m.msgtype}" carries no text` };
  const group = m.conversationType === '2';
  const senderId = m.senderStaffId ?? m.senderId!;
  const mentions = (m.atUsers ?? [])
    .filter((u) => u.staffId && u.dingtalkId !== m.chatbotUserId)
    .map((u) => ({ userId: u.staffId! }));
  return {
    ok: true,
    message: {
      platform: 'dingtalk',
      messageId: m.msgId,
      kind: 'text',
      conversation: group ? { type: 'group', id: m.conversationId, ...(m.conversationTitle ? { title: m.conversationTitle } : {}) } : { type: 'direct', id: senderId },
      sender: {
        id: senderId,
        ...(m.senderNick ? { name: m.senderNick } : {}),
        // Without a staffId the sender is outside the organisation (an external group member).
        isCustomer: !m.senderStaffId,
      },
      text: group ? stripLeadingAt(text) : text,
      mentions,
      receivedAt: new Date(m.createAt ?? receivedAt.getTime()).toISOString(),
      replyContext: {
        sessionWebhook: m.sessionWebhook,
        sessionWebhookExpiredTime: m.sessionWebhookExpiredTime,
        conversationId: m.conversationId,
        conversationType: m.conversationType,
        robotCode: m.robotCode,
        senderStaffId: m.senderStaffId,
      },
      raw: json,
    },
  };
}

/** text and richText carry words; pictures, audio and files are not handled (yet). */
function messageText(m: RobotMessage): string | null {
  if (m.msgtype === 'text') return m.text!.content.trim();
  if (m.msgtype === 'richText') {
    const rich = (m.content as { richText?: { text?: unknown }[] } | undefined)?.richText;
    if (!Array.isArray(rich)) return null;
    return rich.map((p) => (typeof p.text === 'string' ? p.text : '')).join('').trim();
  }
  return null;
}

/**
 * DingTalk usually drops the robot's own "@name" and leaves a leading space, but some clients
 * keep it. One leading @ is taken for the robot's; people mentioned stay in `mentions`.
 */
function stripLeadingAt(text: string): string {
  return text.replace(/^@\S+(\s+|$)/, '').trim();
}
