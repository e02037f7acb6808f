// Works through recorded messages after the webhook was acknowledged. A crash mid-way leaves
// the row pending with an expired lease, so the next sweep (on any instance) picks it up.
import type { Logger } from '../lib/logger';
import type { Channel, InboundMessage } from '../channels/channel';
import type { InboxStore } from './inbox-store';
import { createPassRunner, type PassRunner } from '../lib/pass-runner';

export type MessageHandler = (message: InboundMessage) => Promise<void>;

/** kick() right after a webhook is recorded; drain() runs passes until nothing is left. */
export type InboxProcessor = PassRunner;

const MAX_ATTEMPTS = 5;
const LEASE_MS = 60_000;

export function createInboxProcessor(deps: {
  inbox: InboxStore;
  handler: MessageHandler;
  channels: readonly Channel[];
  logger: Logger;
  owner: string;
  now: () => number;
}): InboxProcessor {
  const { inbox, handler, logger, owner } = deps;
  const byPlatform = new Map(deps.channels.map((c) => [c.platform, c]));

  async function handleOne(message: InboundMessage): Promise<void> {
    const channel = byPlatform.get(message.platform);
    if (message.kind === 'event' && channel?.expand) {
      // The event stands for messages we must pull (WeCom kf); record them so each is handled once.
      const expanded = await channel.expand(message);
      await inbox.record(expanded);
      return;
    }
    await handler(message);
  }

  async function pass(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await inbox.claim(owner, 20, LEASE_MS);
      if (!batch.length) return handled;
      for (const item of batch) {
        try {
          await handleOne(item.message);
          await inbox.complete(item.id);
        } catch (err) {
          const attempts = item.attempts + 1;
          const retryAt = attempts >= MAX_ATTEMPTS ? null : deps.now() + 2 ** attempts * 1000;
          logger.error({ err, inboxId: item.id, platform: item.message.platform, messageId: item.message.messageId, attempts }, retryAt ? 'message handling failed; will retry' : 'message handling failed for good');
          await inbox.fail(item.id, err instanceof Error ? err.message : String(err), retryAt);
        }
        handled++;
      }
    }
  }

  return createPassRunner(pass, (err) => logger.error({ err }, 'inbox pass failed'));
}
