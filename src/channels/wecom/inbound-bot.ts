// The smart robot (智能机器人) HTTP callback (/wecom/bot, platforms.md §2.3): JSON envelope
// {"encrypt"}, receive id "". Group @-messages and 1:1 chats become messages; the answer goes
// later through response_url (single use, about an hour), because the ticket reply comes from
// the outbox after the ack, not from this request.
import { z } from 'zod';
import { WebhookRejectedError } from '../../lib/errors';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../../lib/json-depth';
import type { InboundMessage, RawWebhook, WebhookResult } from '../channel';
import { assertBodyType } from '../body-type';
import { restoreBase64Plus, type WecomCipher } from './crypto';

export const RESPONSE_URL_TTL_MS = 60 * 60_000;

export interface BotInboundDeps {
  cipher: WecomCipher;
  /** "" per the protocol; the CorpID is tolerated too since the doc's wording varies. */
  receiveIds: readonly string[];
  staffName(userId: string): string | undefined;
  groupTitle(chatId: string): string | undefined;
}

// The fields read below, with their types: a decrypted payload is the platform's, but a wrong
// type (text.content 42, from.userid {}) must be a 400 here, not a TypeError or a bad row later;
// ids are bounded for their VARCHAR(160) columns.
const textPart = z.looseObject({ content: z.string().optional() });
const botPayloadSchema = z.looseObject({
  msgid: z.union([z.string().max(128), z.number()]).optional(),
  aibotid: z.string().optional(),
  chatid: z.string().max(128).optional(),
  chattype: z.string().optional(),
  from: z.looseObject({ userid: z.string().max(128).optional() }).optional(),
  response_url: z.string().optional(),
  msgtype: z.string().optional(),
  text: textPart.optional(),
  voice: textPart.optional(),
  mixed: z.looseObject({ msg_item: z.array(z.looseObject({ msgtype: z.string().optional(), text: textPart.optional() })).optional() }).optional(),
  stream: z.looseObject({ id: z.string().optional() }).optional(),
  event: z.looseObject({ eventtype: z.string().optional() }).optional(),
  quote: z.looseObject({ msgtype: z.string().optional(), text: textPart.optional() }).optional(),
  create_time: z.number().optional(),
});

export function handleBotCallback(deps: BotInboundDeps, req: RawWebhook): WebhookResult {
  const { cipher } = deps;
  const q = req.query;
  if (req.method === 'GET') {
    if (q.echostr === undefined) throw new WebhookRejectedError('smart robot URL verification needs echostr in the query', { code: 'wecom_bad_request' });
    const echostr = restoreBase64Plus(q.echostr);
    cipher.verify(q.msg_signature, q.timestamp, q.nonce, echostr);
    return { kind: 'handshake', reply: cipher.decrypt(echostr, deps.receiveIds).message, contentType: 'text/plain' };
  }

  assertBodyType(req, 'json');
  const envelope = parseJson(req.body.toString('utf8'), 'smart robot callback body') as { encrypt?: unknown } | null;
  if (!envelope || typeof envelope !== 'object' || typeof envelope.encrypt !== 'string') {
    throw new WebhookRejectedError('smart robot callback body must be a JSON object with a string "encrypt"', { code: 'wecom_bad_json' });
  }
  cipher.verify(q.msg_signature, q.timestamp, q.nonce, envelope.encrypt);
  const decrypted = cipher.decrypt(envelope.encrypt, deps.receiveIds);
  const json = parseJson(decrypted.message, 'decrypted smart robot message');
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new WebhookRejectedError('decrypted smart robot message is not a JSON object', { code: 'wecom_bad_json' });
  const checked = botPayloadSchema.safeParse(json);
  if (!checked.success) {
    const why = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new WebhookRejectedError(`decrypted smart robot message has fields of the wrong type: ${why}`, { code: 'wecom_bad_json' });
  }
  const p = checked.data;

  if (p.msgtype === 'stream') {
    // A refresh poll for a stream: we never keep one open, so close it (finish) and stay quiet.
    const plain = JSON.stringify({ msgtype: 'stream', stream: { id: p.stream?.id ?? '', finish: true, content: '' } });
    return { kind: 'ignored', reason: 'smart robot stream refresh answered with finish', reply: encryptedReply(deps, plain, q.timestamp!, q.nonce!) };
  }
  if (p.msgtype === 'event') return { kind: 'ignored', reason: `smart robot event "${p.event?.eventtype ?? ''}" needs no action` };

  const userId = p.from?.userid;
  const isGroup = p.chattype === 'group';
  let text: string | undefined;
  if (p.msgtype === 'text') text = p.text?.content;
  else if (p.msgtype === 'voice') text = p.voice?.content;
  else if (p.msgtype === 'mixed') text = (p.mixed?.msg_item ?? []).filter((i) => i.msgtype === 'text').map((i) => i.text?.content ?? '').join('\n') || undefined;
  if (text === undefined || !userId) return { kind: 'ignored', reason: `smart robot message of type "${p.msgtype ?? 'none'}" is not text the bot can read` };
  if (isGroup && !p.chatid) throw new WebhookRejectedError('smart robot group message without chatid', { code: 'wecom_bad_json' });

  const sentAt = typeof p.create_time === 'number' ? new Date(p.create_time * (p.create_time < 1e12 ? 1000 : 1)) : req.receivedAt;
  if (Number.isNaN(sentAt.getTime())) throw new WebhookRejectedError(`smart robot message create_time ${p.create_time} is not a plausible time`, { code: 'wecom_bad_json' });
  const name = deps.staffName(userId);
  const title = isGroup ? deps.groupTitle(p.chatid!) : undefined;
  const quoted = p.quote?.msgtype === 'text' ? p.quote.text?.content : undefined;
  const message: InboundMessage = {
    platform: 'wecom',
    messageId: p.msgid !== undefined && String(p.msgid) !== '' ? String(p.msgid) : `bot:${userId}:${sentAt.getTime()}`,
    kind: 'text',
    conversation: isGroup ? { type: 'group', id: p.chatid!, ...(title ? { title } : {}) } : { type: 'direct', id: userId },
    sender: { id: userId, isCustomer: false, ...(name ? { name } : {}) },
    text: isGroup ? stripLeadingMention(text) : text.trim(),
    mentions: [],
    receivedAt: sentAt.toISOString(),
    ...(quoted ? { quotedText: quoted } : {}),
    replyContext: {
      via: 'bot',
      userId,
      chatType: isGroup ? 'group' : 'single',
      ...(isGroup ? { chatId: p.chatid } : {}),
      ...(p.response_url ? { responseUrl: p.response_url, responseUrlExpiresAt: req.receivedAt.getTime() + RESPONSE_URL_TTL_MS } : {}),
      ...(p.aibotid ? { aibotId: p.aibotid } : {}),
    },
    raw: p,
  };
  return { kind: 'messages', messages: [message] };
}

/** "@机器人 机房空调坏了" → "机房空调坏了"; WeCom separates a mention with a space or U+2005. */
export function stripLeadingMention(text: string): string {
  return text.replace(/^\s*@[^\s\u2005]+[\s\u2005]*/u, '').trim();
}

function encryptedReply(deps: BotInboundDeps, plain: string, timestamp: string, nonce: string): string {
  // The request's timestamp and nonce were verified above and may be reused (platforms.md §1.5).
  const encrypt = deps.cipher.encrypt(plain, deps.receiveIds[0] ?? '');
  return JSON.stringify({ encrypt, msgsignature: deps.cipher.signature(timestamp, nonce, encrypt), timestamp, nonce });
}

function parseJson(text: string, what: string): unknown {
  if (jsonTooDeep(text)) throw new WebhookRejectedError(`${what} is nested deeper than ${MAX_JSON_DEPTH} levels`, { code: 'wecom_bad_json' });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new WebhookRejectedError(`${what} is not valid JSON: ${(err as Error).message}`, { code: 'wecom_bad_json' });
  }
}
