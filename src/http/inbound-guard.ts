import type { Router } from '../commands/router.js';
import { cleanText } from '../core/clean-text.js';
import { TransientError } from '../core/errors.js';
import type { CardActionEvent, InboundEvent, MessageEvent } from '../core/events.js';
import { text } from '../core/reply.js';
import { isBusy } from '../db/client.js';
import type { Services } from '../services.js';
import type { Metrics } from './metrics.js';

// Wraps the router that every adapter calls: the one place all chat input passes, whatever the
// platform. It cleans the text before any command sees it (so nothing stored carries control
// characters or bidi overrides), limits each member's rate, and counts for /metrics.

const WINDOW_MS = 60_000;

/** Cleaned copy of a message or card action; other kinds pass as they are. */
export function cleanEvent(event: InboundEvent): InboundEvent {
  if (event.kind !== 'message' && event.kind !== 'card_action') return event;
  const sender = { ...event.sender, ...(event.sender.name === undefined ? {} : { name: cleanText(event.sender.name) }) };
  if (event.kind === 'message') return { ...event, sender, text: cleanText(event.text) };
  const value = Object.fromEntries(Object.entries(event.value).map(([k, v]) => [k, cleanText(String(v))]));
  return { ...event, sender, value };
}

/** Sliding one-minute window per sender; the state lives in the app, not the module. */
function createLimiter(services: Services, perMinute: number) {
  const seen = new Map<string, number[]>();
  return (key: string): 'ok' | 'first-over' | 'over' => {
    const now = services.clock.now().getTime();
    const recent = (seen.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    recent.push(now);
    seen.set(key, recent);
    if (seen.size > 10_000) for (const [k, ts] of seen) if (now - ts[ts.length - 1]! >= WINDOW_MS) seen.delete(k);
    if (recent.length <= perMinute) return 'ok';
    return recent.length === perMinute + 1 ? 'first-over' : 'over';
  };
}

/** Marks a refused event done (the sender was told to wait); false when it was already done (a redelivery). */
function closeRefused(services: Services, event: MessageEvent | CardActionEvent): boolean {
  try {
    return services.repos.inbound.claim(event.platform, event.eventId, services.clock.now().getTime());
  } catch (err) {
    if (isBusy(err)) throw new TransientError('database busy: another process holds the write lock', err);
    throw err;
  }
}

export function guardRouter(services: Services, router: Router, metrics: Metrics): Router {
  const limit = createLimiter(services, services.config.RATE_LIMIT_CHAT_PER_MINUTE);
  return {
    commands: router.commands,
    async dispatch(raw) {
      const event = cleanEvent(raw);
      if (event.kind !== 'message' && event.kind !== 'card_action') return router.dispatch(event);
      metrics.received.inc({ platform: event.platform });
      const verdict = limit(`${event.platform}:${event.sender.userId}`);
      if (verdict !== 'ok') {
        services.log.warn({ platform: event.platform, eventId: event.eventId }, 'chat rate limit hit');
        // Done in the inbox, or the refused event would stay pending and be resumed at every start.
        if (!closeRefused(services, event)) return { duplicate: true, replies: [] };
        // One explanation per flood; the rest are dropped silently, or the bot would flood back.
        return {
          duplicate: false,
          replies:
            verdict === 'first-over'
              ? [text(`你发送得太快了：每分钟最多 ${services.config.RATE_LIMIT_CHAT_PER_MINUTE} 条命令。请稍等一分钟再发送。`)]
              : [],
        };
      }
      const end = metrics.commandSeconds.startTimer({ kind: event.kind });
      const out = await router.dispatch(event);
      end();
      (out.duplicate ? metrics.deduplicated : metrics.acked).inc({ platform: event.platform });
      return out;
    },
  };
}
