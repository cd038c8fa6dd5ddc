import type { Logger } from 'pino';

// Work that continues after the HTTP ack (docs/platforms/feishu.md §2.2: answer within 3 s, then work).
// Tracked so tests, the bench and shutdown can wait for it; a failure is logged, never thrown
// back into the transport (a thrown handler makes Feishu re-push the event).

export function createTasks(log: Logger) {
  const running = new Set<Promise<void>>();
  let lane: Promise<unknown> = Promise.resolve();

  function track(work: () => Promise<void>, context: Record<string, unknown>): void {
    const p: Promise<void> = work()
      .catch((err: unknown) => { log.error({ err, ...context }, 'Feishu background work failed'); })
      .finally(() => { running.delete(p); });
    running.add(p);
  }

  /**
   * Runs CPU-bound steps (command dispatch) one at a time, each after a setImmediate so pending
   * I/O (new requests waiting for their ack) is served between them. Measured: a /log dispatch
   * costs ~18 ms of CPU; run back to back, a burst of them would hold every ack behind it.
   */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = lane.then(() => new Promise<void>((r) => setImmediate(r))).then(fn);
    lane = run.catch(() => undefined);
    return run;
  }

  /** Resolves once nothing is running, including work started by work that was running. */
  async function idle(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running]);
  }

  return { track, serial, idle, size: () => running.size };
}

export type Tasks = ReturnType<typeof createTasks>;
