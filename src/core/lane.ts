import type { Logger } from 'pino';

// The one "ack, then work" lane every adapter uses. The HTTP answer (or the long-connection ack)
// goes out at once and the work continues here: Feishu wants an answer within 3 s
// (docs/platforms/feishu.md §2.2), WeCom within 5 s (docs/platforms/wecom.md §3.3). Every promise is
// tracked so tests, the bench and shutdown can wait for idle; a failure is logged, never thrown back
// into the transport (a thrown handler makes the platform push the event again).

export interface Lane {
  /** Starts work after the ack; `context` (an event id, a transport) labels a failure in the log. */
  track(work: () => Promise<void>, context?: Record<string, unknown>): void;
  /**
   * Runs CPU-bound steps (command dispatch: SQLite and matching) one at a time, each after a
   * setImmediate, so pending I/O (new requests waiting for their ack) is served between them.
   * Measured: a /log dispatch costs ~18 ms of CPU; run back to back, a burst would hold every ack.
   */
  serial<T>(step: () => Promise<T>): Promise<T>;
  /** Resolves once nothing is running, including work started by work that was running. */
  idle(): Promise<void>;
  size(): number;
}

const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

export function createLane(log: Logger): Lane {
  const running = new Set<Promise<void>>();
  let chain: Promise<unknown> = Promise.resolve();

  function track(work: () => Promise<void>, context: Record<string, unknown> = {}): void {
    const p: Promise<void> = Promise.resolve()
      .then(work)
      .catch((err: unknown) => {
        log.error({ err, ...context }, 'work after the ack failed');
      })
      .finally(() => {
        running.delete(p);
      });
    running.add(p);
  }

  function serial<T>(step: () => Promise<T>): Promise<T> {
    const next = chain.then(yieldToIo).then(step);
    chain = next.catch(() => undefined);
    return next;
  }

  async function idle(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running]);
  }

  return { track, serial, idle, size: () => running.size };
}
