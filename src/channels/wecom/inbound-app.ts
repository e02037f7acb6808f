// The self-built app callback (/wecom/callback, platforms.md §1 and §5.1): URL verification, then
// encrypted XML whose signature is checked before the body is parsed. Staff 1:1 text becomes a
// message; kf_msg_or_event becomes an event that expand() turns into customer messages.
import { WebhookRejectedError } from '../../lib/errors';
import type { InboundMessage, RawWebhook, WebhookResult } from '../channel';
import { assertBodyType } from '../body-type';
import { restoreBase64Plus, type WecomCipher } from './crypto';
import { field, parseWecomXml } from './xml';

export interface AppInboundDeps {
  cipher: WecomCipher;
  corpId: string;
  staffName(userId: string): string | undefined;
  accountTitle(openKfId: string): string | undefined;
}

// Only the <Encrypt> text is needed to check the signature; the full XML parse waits until it passes.
// No adjacent optional-whitespace groups: the pattern stays linear on a hostile 256 KB body.
const ENCRYPT = /<Encrypt>(?:<!\[CDATA\[([^\]]*)\]\]>|([^<]*))<\/Encrypt>/;

export function handleAppCallback(deps: AppInboundDeps, req: RawWebhook): WebhookResult {
  const { cipher, corpId } = deps;
  const q = req.query;
  if (req.method === 'GET') {
    if (q.echostr === undefined) throw new WebhookRejectedError('WeCom URL verification needs echostr in the query', { code: 'wecom_bad_request' });
    const echostr = restoreBase64Plus(q.echostr);
    cipher.verify(q.msg_signature, q.timestamp, q.nonce, echostr);
    return { kind: 'handshake', reply: cipher.decrypt(echostr, [corpId]).message, contentType: 'text/plain' };
  }

  assertBodyType(req, 'xml');
  const text = req.body.toString('utf8');
  const match = ENCRYPT.exec(text);
  if (!match) throw new WebhookRejectedError('WeCom callback body has no <Encrypt> element', { code: 'wecom_bad_xml' });
  const encrypted = (match[1] ?? match[2] ?? '').trim();
  cipher.verify(q.msg_signature, q.timestamp, q.nonce, encrypted);
  parseWecomXml(text, 'WeCom callback envelope');
  const plain = parseWecomXml(cipher.decrypt(encrypted, [corpId]).message, 'decrypted WeCom message');

  const msgType = field(plain, 'MsgType');
  const from = field(plain, 'FromUserName') ?? '';
  const createTime = field(plain, 'CreateTime');
  const sentAt = createTime && /^\d+$/.test(createTime) ? new Date(Number(createTime) * 1000) : req.receivedAt;
  if (Number.isNaN(sentAt.getTime())) throw new WebhookRejectedError(`decrypted WeCom message CreateTime "${createTime}" is not a plausible time`, { code: 'wecom_bad_xml' });

  if (msgType === 'event') {
    const event = field(plain, 'Event') ?? '';
    if (event === 'kf_msg_or_event') return { kind: 'messages', messages: [kfEvent(deps, plain, sentAt)] };
    return { kind: 'ignored', reason: `app event "${event}" from ${from || 'WeCom'} needs no action` };
  }

  let content: string | undefined;
  if (msgType === 'text') content = field(plain, 'Content');
  // Voice arrives with a transcript when the app has speech recognition turned on.
  else if (msgType === 'voice') content = field(plain, 'Recognition');
  if (content === undefined || !from) return { kind: 'ignored', reason: `app message of type "${msgType ?? 'none'}" is not text the bot can read` };

  const msgId = field(plain, 'MsgId');
  const name = deps.staffName(from);
  const message: InboundMessage = {
    platform: 'wecom',
    // MsgId is 64-bit: it stays the string WeCom sent. Without one, WeCom's own rule for events applies.
    messageId: msgId && /^\d+$/.test(msgId) ? msgId : `app:${from}:${createTime ?? sentAt.getTime()}`,
    kind: 'text',
    conversation: { type: 'direct', id: from },
    sender: { id: from, isCustomer: false, ...(name ? { name } : {}) },
    text: content,
    mentions: [],
    receivedAt: sentAt.toISOString(),
    replyContext: { via: 'app', userId: from },
    raw: plain,
  };
  return { kind: 'messages', messages: [message] };
}

function kfEvent(deps: AppInboundDeps, plain: Record<string, unknown>, sentAt: Date): InboundMessage {
  const openKfId = field(plain, 'OpenKfId');
  const token = field(plain, 'Token');
  if (!openKfId) throw new WebhookRejectedError('kf_msg_or_event without OpenKfId', { code: 'wecom_bad_xml' });
  const title = deps.accountTitle(openKfId);
  return {
    platform: 'wecom',
    // A retry carries the same Token; without one, WeCom's event rule (sender + CreateTime) applies.
    messageId: token ? `kf-event:${openKfId}:${token}` : `kf-event:${openKfId}:${field(plain, 'CreateTime') ?? sentAt.getTime()}`,
    kind: 'event',
    event: 'kf_msg_or_event',
    conversation: { type: 'direct', id: openKfId, ...(title ? { title } : {}) },
    sender: { id: openKfId, isCustomer: false },
    text: '',
    mentions: [],
    receivedAt: sentAt.toISOString(),
    replyContext: { via: 'kf', openKfId, ...(token ? { syncToken: token } : {}) },
    raw: plain,
  };
}
