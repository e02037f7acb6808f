// Runs a "claim and work through" pass so that at most one runs at a time per process, and a
// request that arrives mid-pass causes one more pass instead of being lost.
export interface PassRunner {
  /** Runs passes until one finds nothing new; resolves with the number of items handled. */
  drain(): Promise<number>;
  /** drain() in the background, errors logged. */
  kick(): void;
  /** Resolves when no pass is running (tests, shutdown). */
  idle(): Promise<void>;
}

export function createPassRunner(pass: () => Promise<number>, onError: (err: unknown) => void): PassRunner {
  let running: Promise<number> | null = null;
  let again = false;

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
    drain,
    kick() {
      drain().catch(onError);
    },
    async idle() {
      while (running) await running.catch(() => undefined);
    },
  };
}
