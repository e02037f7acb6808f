// Verify, record, acknowledge. The channel verifies and normalises; we store what it accepted
// and answer at once. The work happens afterwards, from the recorded rows.
import { isUtf8 } from 'node:buffer';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Channel, RawWebhook } from '../../channels/channel';
import type { InboxStore } from '../../inbox/inbox-store';
import type { InboxProcessor } from '../../inbox/inbox-processor';
import type { Clock } from '../../lib/clock';
import { WebhookRejectedError } from '../../lib/errors';
import { readRawBody } from '../raw-body';

export function webhookRoutes(deps: { channels: readonly Channel[]; inbox: InboxStore; processor: InboxProcessor; clock: Clock; bodyLimit: number }) {
  const router = new Router();
  for (const channel of deps.channels) {
    for (const path of channel.webhookPaths) {
      const handle = async (ctx: Context) => {
        const query = singleValues(ctx.query);
        const body = ctx.method === 'GET' ? Buffer.alloc(0) : await readRawBody(ctx.req, deps.bodyLimit);
        // Every platform here sends UTF-8; decoding anything else would store U+FFFD in its place.
        if (!isUtf8(body)) throw new WebhookRejectedError('request body is not valid UTF-8', { status: 400, code: 'invalid_encoding' });
        const raw: RawWebhook = {
          path,
          method: ctx.method === 'GET' ? 'GET' : 'POST',
          query,
          headers: firstValues(ctx.headers),
          body,
          receivedAt: deps.clock.now(),
        };
        const result = await channel.parseWebhook(raw);
        if (result.kind === 'messages') {
          const fresh = await deps.inbox.record(result.messages);
          if (fresh.length) deps.processor.kick();
          ctx.state.log.info({ platform: channel.platform, received: result.messages.length, fresh: fresh.length }, 'webhook accepted');
        } else if (result.kind === 'ignored') {
          ctx.state.log.info({ platform: channel.platform, reason: result.reason }, 'webhook ignored');
        }
        const reply = result.reply ?? '';
        ctx.status = 200;
        ctx.type = ('contentType' in result && result.contentType) || (reply.startsWith('{') ? 'application/json' : reply.startsWith('<') ? 'application/xml' : 'text/plain');
        ctx.body = reply;
      };
      router.get(path, handle);
      router.post(path, handle);
    }
  }
  return router;
}

/**
 * The query, each key once. A repeated key (msg_signature=good&msg_signature=bad) is refused:
 * which copy was signed and which is read must never be a guess.
 */
function singleValues(src: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    const key = k.toLowerCase();
    const n = (seen.get(key) ?? 0) + (Array.isArray(v) ? v.length : 1);
    seen.set(key, n);
    if (n > 1) throw new WebhookRejectedError(`query parameter "${key}" appears ${n} times; a callback names each parameter once`, { status: 400, code: 'duplicate_query_parameter' });
    out[key] = Array.isArray(v) ? v[0]! : v;
  }
  return out;
}

function firstValues(src: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k.toLowerCase()] = value;
  }
  return out;
}
