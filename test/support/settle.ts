import type { Runtime } from '../../src/runtime';

/** Lets the inbox processor and the outbox sender work until `done` says so (or times out). */
export async function settleUntil(runtime: Runtime, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await runtime.processor.drain();
    await runtime.outbox.drain();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the ticket and its reply');
    await new Promise((r) => setTimeout(r, 50));
  }
}
