// A sliding-window limiter per key. WeCom drops app messages above 30 per member per minute without
// an error (docs/platforms/wecom.md §4.2), and a group robot takes at most 20 messages a minute (§4.5), so sends wait
// for a free slot instead of being lost. Time comes from the injected clock; `sleep` is injectable so
// tests can advance a fixed clock instead of waiting.

export interface RateLimiter {
  /** Resolves when a slot for `key` is free and takes it. */
  acquire(key: string): Promise<void>;
}

export function createRateLimiter(opts: {
  limit: number;
  windowMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): RateLimiter {
  const sent = new Map<string, number[]>();

  async function acquire(key: string): Promise<void> {
    for (;;) {
      const now = opts.now();
      const recent = (sent.get(key) ?? []).filter((t) => t > now - opts.windowMs);
      if (recent.length < opts.limit) {
        recent.push(now);
        sent.set(key, recent);
        return;
      }
      sent.set(key, recent);
      await opts.sleep(recent[0]! + opts.windowMs - now);
    }
  }

  return { acquire };
}

export const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
