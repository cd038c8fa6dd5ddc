import type { Logger } from 'pino';

// Work that continues after the HTTP ack. Every promise is tracked so tests and shutdown can await
// idle(); errors are logged with the event id and never reach WeCom (a handler bug must not become
// a retry storm).

export interface Background {
  run(label: Record<string, unknown>, work: () => Promise<void>): void;
  /**
   * Runs CPU-bound steps (the router: SQLite + matching) one at a time, each after a macrotask
   * yield, so incoming callbacks are acked between two commands instead of queueing behind a
   * burst of them (WeCom retries after 5 s without an answer, docs/platforms/wecom.md §3.3; bench/wecom.ts).
   */
  serial<T>(step: () => Promise<T>): Promise<T>;
  idle(): Promise<void>;
}

const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

export function createBackground(log: Logger): Background {
  const pending = new Set<Promise<void>>();
  let chain: Promise<unknown> = Promise.resolve();

  function run(label: Record<string, unknown>, work: () => Promise<void>): void {
    const p = Promise.resolve()
      .then(work)
      .catch((err: unknown) => log.error({ ...label, err }, 'WeCom background work failed'))
      .finally(() => pending.delete(p));
    pending.add(p);
  }

  function serial<T>(step: () => Promise<T>): Promise<T> {
    const next = chain.then(yieldToIo).then(step);
    chain = next.catch(() => undefined);
    return next;
  }

  async function idle(): Promise<void> {
    // Work may schedule more work; loop until nothing is left.
    while (pending.size) await Promise.allSettled([...pending]);
  }

  return { run, serial, idle };
}
