import type { Logger } from 'pino';
import { retryDecisionOf } from '../../core/errors.js';
import type { CardActionEvent, ChatRef, MessageEvent } from '../../core/events.js';
import { acceptDurably, type InboundPorts, resolveAndDispatch } from '../../core/inbound.js';
import type { OutboxPort, ProfileLookup } from '../../core/ports.js';
import { isPrivate, type Reply, text } from '../../core/reply.js';
import type { Outbound } from './outbound.js';
import { uuidFor } from './outbound.js';
import { appIdOf, parseCardAction, parseMessage } from './parse.js';
import { type CardJson, renderCard } from './render.js';

// The handlers both transports share (webhook route and WSClient). Messages are acked at once
// and processed in the background; card clicks answer inline within the callback deadline.

/**
 * Callbacks must be answered within 3 s (docs/platforms/feishu.md §3.1). We leave margin for the network and
 * answer with a toast at this point; the slower result then patches the card.
 */
export const CARD_DEADLINE_MS = 2_000;
/** Callback chats carry no chat type; remember the kinds seen in messages (bounded). */
const CHAT_KIND_CACHE = 5_000;

export interface HandlerDeps extends InboundPorts {
  log: Logger;
  outbox: OutboxPort;
  /** FEISHU_APP_ID: events whose header.app_id differs are not ours. */
  appId: string;
  /** The directory look-up of a first-seen open_id (people.ts). */
  lookup: ProfileLookup;
  outbound: Outbound;
  cardDeadlineMs?: number;
}

export interface CallbackResponse {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  card?: { type: 'raw'; data: CardJson };
}

type Outcome = { replies: Reply[]; replaceCard: boolean } | null;

const summary = (r: Reply): string => (r.kind === 'text' ? r.text : r.title).slice(0, 60);

export function createHandlers(deps: HandlerDeps) {
  const { log, outbound, lane } = deps;
  const chatKinds = new Map<string, ChatRef['kind']>();
  const inflight = new Set<string>();

  function remember(chat: ChatRef): void {
    if (chatKinds.size >= CHAT_KIND_CACHE) chatKinds.delete(chatKinds.keys().next().value!);
    chatKinds.set(chat.chatId, chat.kind);
  }

  /** Messages dispatch through the serial lane; a click skips it, as it must answer within 3 s. */
  async function run(event: MessageEvent | CardActionEvent): Promise<Outcome> {
    const out = await resolveAndDispatch(deps, event, deps.lookup, event.kind === 'message');
    return out && { replies: out.replies, replaceCard: !out.pending && !isPrivate(out.replies[0]) };
  }

  /**
   * Groups: reply to the command message; DMs: post to the chat. A reply the API refused after the
   * client's own retries goes to the outbox under the same key, hence the same uuid
   * (docs/platforms/feishu.md §4.4), and is sent again with its backoff; a gone chat is not.
   */
  async function deliver(event: MessageEvent, replies: Reply[]): Promise<void> {
    for (const [i, r] of replies.entries()) {
      const key = `reply:${event.messageId}:${i}`;
      const uuid = uuidFor(`send:${key}`);
      try {
        if (event.chat.kind === 'group') await outbound.replyTo(event.messageId, r, uuid);
        else await outbound.sendTo('chat_id', event.chat.chatId, r, uuid);
      } catch (err) {
        if (retryDecisionOf(err).targetGone) throw err;
        log.warn({ err: (err as Error).message, key }, 'Feishu reply failed; queued in the outbox');
        deps.outbox.enqueue('feishu', { kind: 'chat', id: event.chat.chatId }, r, key);
      }
    }
  }

  async function processMessage(event: MessageEvent): Promise<void> {
    // A second delivery while the first is still being processed: the SQLite claim would drop it
    // anyway, this just saves the directory look-up.
    if (inflight.has(event.messageId)) return;
    inflight.add(event.messageId);
    try {
      const outcome = await run(event);
      if (outcome) await deliver(event, outcome.replies);
    } finally {
      inflight.delete(event.messageId);
    }
  }

  /** An event for another app (a shared key, a misrouted subscription) is answered 200 and dropped. */
  function foreign(data: unknown): boolean {
    const appId = appIdOf(data);
    if (appId === deps.appId) return false;
    log.warn({ appId: appId ?? null }, 'Feishu event for another app ignored (header.app_id is not FEISHU_APP_ID)');
    return true;
  }

  async function onMessage(data: unknown): Promise<Record<string, never>> {
    if (foreign(data)) return {};
    const event = parseMessage(data);
    if (event.kind !== 'message') {
      log.debug({ type: event.kind === 'unsupported' ? event.type : event.kind }, 'Feishu message ignored');
      return {};
    }
    remember(event.chat);
    // Durable before the ack: if this write throws, the route answers 503 (the long connection's
    // handler throws) and Feishu pushes the event again (docs/platforms/feishu.md §2.2).
    if (!(await acceptDurably(deps.inbox, event))) return {};
    lane.track(() => processMessage(event), { eventId: event.eventId });
    return {};
  }

  /** Extra replies beyond the one shown in the card go to the chat as messages. */
  async function afterClick(event: CardActionEvent, outcome: Outcome, patch: boolean): Promise<void> {
    if (!outcome?.replies.length) return;
    const [first, ...rest] = outcome.replies;
    if (patch && outcome.replaceCard && event.messageId) await outbound.patchCard(event.messageId, renderCard(first!));
    // The toast is short; the full "who are you" explanation goes to the person privately.
    if (!outcome.replaceCard) await outbound.sendTo('open_id', event.sender.userId, first!, uuidFor(`click:${event.eventId}`));
    for (const [i, r] of rest.entries()) {
      if (event.chat.chatId) await outbound.sendTo('chat_id', event.chat.chatId, r, uuidFor(`click:${event.eventId}`, i + 1));
    }
  }

  function respond(outcome: Outcome): CallbackResponse {
    const first = outcome?.replies[0];
    if (!first) return {};
    if (!outcome.replaceCard) return { toast: { type: 'error', content: summary(first) } };
    return { toast: { type: 'success', content: summary(first) }, card: { type: 'raw', data: renderCard(first) } };
  }

  async function onCardAction(data: unknown): Promise<CallbackResponse> {
    if (foreign(data)) return {};
    const event = parseCardAction(data, (id) => chatKinds.get(id) ?? 'group');
    if (event.kind !== 'card_action') return {};
    if (!(await acceptDurably(deps.inbox, event))) return {};
    const work = run(event).catch((err: unknown): Outcome => {
      log.error({ err, eventId: event.eventId }, 'Feishu card action failed');
      return { replies: [text('处理这次点击时出错了，请稍后再试或重新发送命令。')], replaceCard: false };
    });
    const late = Symbol('late');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof late>((r) => {
      timer = setTimeout(() => r(late), deps.cardDeadlineMs ?? CARD_DEADLINE_MS);
    });
    const first = await Promise.race([work, deadline]).finally(() => clearTimeout(timer));
    if (first === late) {
      lane.track(async () => afterClick(event, await work, true), { eventId: event.eventId });
      return { toast: { type: 'info', content: '正在处理，完成后会更新这张卡片。' } };
    }
    lane.track(() => afterClick(event, first, false), { eventId: event.eventId });
    return respond(first);
  }

  /** An event acked before a crash, taken up again from the inbox at start-up; a click patches its card. */
  function resume(event: MessageEvent | CardActionEvent): void {
    if (event.kind === 'message') lane.track(() => processMessage(event), { eventId: event.eventId, resumed: true });
    else lane.track(async () => afterClick(event, await run(event), true), { eventId: event.eventId, resumed: true });
  }

  return { onMessage, onCardAction, resume };
}

export type Handlers = ReturnType<typeof createHandlers>;
