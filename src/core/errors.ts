import type { Platform } from './events.js';

// The retry decision of a failed platform call, carried by the error itself so the outbox reads it
// instead of guessing. Each platform's client sets it from the platform's documented error codes
// (docs/platforms/feishu.md §4.4, docs/platforms/wecom.md §4.3).

export interface RetryDecision {
  /** A later attempt may succeed (rate limit, 5xx, network, a configuration an operator can fix). */
  retryable: boolean;
  /** The platform said when to try again (a rate-limit reset); null when it did not. */
  retryAfterMs: number | null;
  /** The recipient is gone: the bot was removed from the chat, the user left, the chat no longer exists. */
  targetGone: boolean;
}

export class PlatformError extends Error implements RetryDecision {
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly targetGone: boolean;

  constructor(
    message: string,
    readonly platform: Platform,
    decision: Partial<RetryDecision> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.targetGone = decision.targetGone ?? false;
    // A gone target is never retried, whatever else the caller said.
    this.retryable = !this.targetGone && (decision.retryable ?? true);
    this.retryAfterMs = decision.retryAfterMs ?? null;
  }
}

/** The decision for any thrown value: unknown errors (a bug, a timeout) are retried with backoff. */
export function retryDecisionOf(err: unknown): RetryDecision {
  if (err instanceof PlatformError) return { retryable: err.retryable, retryAfterMs: err.retryAfterMs, targetGone: err.targetGone };
  // A plain error may still say it is final (tests' fakes, a future adapter not yet on PlatformError).
  const said = (err as { retryable?: unknown } | null)?.retryable;
  return { retryable: said !== false, retryAfterMs: null, targetGone: false };
}

/**
 * Work that failed only because a shared resource was busy (another process holds the database's
 * write lock): nothing was written, the event stays pending, and it is retried with backoff.
 */
export class TransientError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'TransientError';
  }
}

/** Waits between retries of busy work: short first (a commit takes ms), then up to seconds. */
export const TRANSIENT_BACKOFF_MS = [20, 50, 100, 200, 400, 800, 1600, 3200] as const;

/**
 * Runs `work`, retrying it after each backoff step while it throws TransientError; the waits are
 * timers, so the event loop keeps serving requests. The last error is thrown when the steps run out.
 */
export async function retryTransient<T>(work: () => Promise<T>, steps: readonly number[] = TRANSIENT_BACKOFF_MS): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await work();
    } catch (err) {
      const wait = steps[i];
      if (!(err instanceof TransientError) || wait === undefined) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
