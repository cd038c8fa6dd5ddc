import type { RecordedCall, Scripted } from '../tests/helpers/fake-feishu.js';

// Feishu's documented send limits, enforced by the fan-out bench's fake API (docs/platforms/feishu.md §4.4):
// message create/reply 50/s and 1000/min per app, 5 QPS per group and per user. Past an app limit
// Feishu answers HTTP 429 with code 99991400 and x-ogw-ratelimit-reset (seconds); past the per-chat one
// the message API answers 230020. Windows are fixed (per wall-clock second and minute), as strict as
// a sliding window at their edges.

export interface Limits {
  appPerSecond: number;
  appPerMinute: number;
  chatPerSecond: number;
}

export const FEISHU_LIMITS: Limits = { appPerSecond: 50, appPerMinute: 1000, chatPerSecond: 5 };

export interface LimitStats {
  /** Distinct messages (by uuid) the fake accepted. */
  delivered: number;
  /** Accepted sends of a uuid already accepted: a double post if the uuid were not honoured. */
  duplicates: number;
  refusedApp: number;
  refusedChat: number;
  /** Sends of a uuid that had been refused before. */
  retries: number;
  /** Refused uuids never accepted afterwards: rate-limit errors left unretried. */
  leftRefused: number;
}

const isSend = (c: RecordedCall) => c.method === 'POST' && /^\/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/.test(c.path);

export function feishuLimiter(limits: Limits = FEISHU_LIMITS, nowMs: () => number = Date.now) {
  const counts = new Map<string, number>();
  const accepted = new Set<string>();
  const refused = new Set<string>();
  const s = { duplicates: 0, refusedApp: 0, refusedChat: 0, retries: 0 };

  /** Counts the call in `key`'s window of `spanMs`; the seconds until it reopens when already full. */
  function over(key: string, spanMs: number, max: number, t: number): number | null {
    const k = `${key}@${Math.floor(t / spanMs)}`;
    const n = counts.get(k) ?? 0;
    if (n >= max) return Math.max(1, Math.ceil((spanMs - (t % spanMs)) / 1000));
    return null;
  }
  function take(keys: Array<[string, number]>, t: number): void {
    for (const [key, span] of keys) {
      const k = `${key}@${Math.floor(t / span)}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }

  function gate(c: RecordedCall): Scripted | null {
    if (!isSend(c)) return null;
    const t = nowMs();
    const uuid = String(c.body?.uuid ?? '');
    if (refused.has(uuid)) s.retries++;
    const chat = `chat:${c.body?.receive_id ?? c.path}`;
    const reset = over('app-s', 1000, limits.appPerSecond, t) ?? over('app-m', 60_000, limits.appPerMinute, t);
    if (reset !== null) {
      s.refusedApp++;
      refused.add(uuid);
      const limit = String(over('app-s', 1000, limits.appPerSecond, t) !== null ? limits.appPerSecond : limits.appPerMinute);
      return {
        status: 429,
        body: { code: 99991400, msg: 'request trigger frequency limit' },
        headers: { 'x-ogw-ratelimit-limit': limit, 'x-ogw-ratelimit-reset': String(reset) },
      };
    }
    if (over(chat, 1000, limits.chatPerSecond, t) !== null) {
      s.refusedChat++;
      refused.add(uuid);
      return { status: 400, body: { code: 230020, msg: 'This operation triggers the frequency limit.' } };
    }
    take(
      [
        ['app-s', 1000],
        ['app-m', 60_000],
        [chat, 1000],
      ],
      t,
    );
    if (accepted.has(uuid)) s.duplicates++;
    accepted.add(uuid);
    return null;
  }

  function stats(): LimitStats {
    const leftRefused = [...refused].filter((u) => !accepted.has(u)).length;
    return { delivered: accepted.size, ...s, leftRefused };
  }

  return { gate, stats };
}
