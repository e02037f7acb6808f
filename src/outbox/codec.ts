// How destinations and bodies are stored in outbox rows, and the per-destination key the rate
// limits and the (destination_key, sent_at) index use.
import { createHash } from 'node:crypto';
import type { Destination, OutboundBody } from '../channels/channel';

interface StoredBody extends Omit<OutboundBody, 'image'> {
  image?: { png: string; url?: string };
}

export function encodeBody(body: OutboundBody): StoredBody {
  const { image, ...rest } = body;
  return image ? { ...rest, image: { png: image.png.toString('base64'), ...(image.url ? { url: image.url } : {}) } } : rest;
}

export function decodeBody(stored: unknown): OutboundBody {
  const s = stored as StoredBody;
  const { image, ...rest } = s;
  return image ? { ...rest, image: { png: Buffer.from(image.png, 'base64'), ...(image.url ? { url: image.url } : {}) } } : rest;
}

/** Keys longer than the indexed column keep their readable start and get a hash for uniqueness. */
export function boundedKey(key: string, max = 191): string {
  if (key.length <= max) return key;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 24);
  return `${key.slice(0, max - 25)}~${hash}`;
}

export function destinationKey(d: Destination): string {
  switch (d.kind) {
    case 'user':
      return boundedKey(`${d.platform}:user:${d.userId}`);
    case 'group':
      return boundedKey(`${d.platform}:group:${d.conversationId}`);
    case 'robot':
      return boundedKey(`${d.platform}:robot:${d.conversationId}`);
    case 'customer':
      return boundedKey(`${d.platform}:customer:${d.serviceId ?? ''}:${d.customerId}`);
    case 'reply':
      return boundedKey(`${d.platform}:${d.conversation.type}:${d.conversation.id}`);
  }
}
