// Verify, record, acknowledge. The channel verifies and normalises; we store what it accepted
// and answer at once. The work happens afterwards, from the recorded rows.
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Channel, RawWebhook } from '../../channels/channel';
import type { InboxStore } from '../../inbox/inbox-store';
import type { InboxProcessor } from '../../inbox/inbox-processor';
import type { Clock } from '../../lib/clock';
import { readRawBody } from '../raw-body';

export function webhookRoutes(deps: { channels: readonly Channel[]; inbox: InboxStore; processor: InboxProcessor; clock: Clock; bodyLimit: number }) {
  const router = new Router();
  for (const channel of deps.channels) {
    for (const path of channel.webhookPaths) {
      const handle = async (ctx: Context) => {
        const raw: RawWebhook = {
          path,
          method: ctx.method === 'GET' ? 'GET' : 'POST',
          query: firstValues(ctx.query),
          headers: firstValues(ctx.headers),
          body: ctx.method === 'GET' ? Buffer.alloc(0) : await readRawBody(ctx.req, deps.bodyLimit),
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

function firstValues(src: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k.toLowerCase()] = value;
  }
  return out;
}
