// The runtime's moving parts the sandbox nudges after each action, so the page shows results at
// once rather than at the next poll: the inbox processor, the scheduler and the outbox sender.
import type { Runtime } from '../runtime';
import type { SandboxDirectory } from './directory';
import type { SandboxHooks } from './sandbox-service';

type Optional = Partial<{
  outbox: { drain(): Promise<unknown> };
  scheduler: { tick(): Promise<unknown> };
}>;

export function runtimeHooks(runtime: Runtime, _directory: SandboxDirectory): SandboxHooks {
  const r = runtime as Runtime & Optional;
  return {
    settleInbox: () => runtime.processor.idle(),
    ...(r.outbox ? { drainOutbox: () => r.outbox!.drain() } : {}),
    ...(r.scheduler ? { tick: () => r.scheduler!.tick() } : {}),
  };
}
