// Works through recorded messages after the webhook was acknowledged. A crash mid-way leaves
// the row pending with an expired lease, so the next sweep (on any instance) picks it up.
import type { Logger } from '../lib/logger';
import type { Channel, InboundMessage } from '../channels/channel';
import type { InboxStore } from './inbox-store';

export type MessageHandler = (message: InboundMessage) => Promise<void>;

export interface InboxProcessor {
  /** Process whatever is pending now; called right after a webhook is recorded. */
  kick(): void;
  /** One pass: claim, handle, settle. Resolves when the pass is done. */
  drain(): Promise<number>;
  /** Resolves when no pass is running (tests, shutdown). */
  idle(): Promise<void>;
}

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
  let running: Promise<number> | null = null;
  let again = false;

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

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await pass();
      } while (again);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    kick() {
      drain().catch((err) => logger.error({ err }, 'inbox pass failed'));
    },
    drain,
    async idle() {
      while (running) await running.catch(() => undefined);
    },
  };
}
