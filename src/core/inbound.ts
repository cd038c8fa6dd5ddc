import { retryTransient } from './errors.js';
import type { CardActionEvent, MessageEvent } from './events.js';
import type { Lane } from './lane.js';
import type { Dispatch, IdentityPort, InboxPort, ProfileLookup } from './ports.js';
import type { Reply } from './reply.js';

// The step every adapter takes after parsing: who is this (binding a first-seen user), then the
// router. A person who cannot be bound gets one explanation, claimed like any event so a redelivery
// does not repeat it.

export interface InboundPorts {
  lane: Lane;
  dispatch: Dispatch;
  inbox: InboxPort;
  identities: IdentityPort;
}

export type Handled = { replies: Reply[]; pending: boolean } | null;

/**
 * Null for a duplicate. `serial` runs the dispatch in the lane's one-at-a-time queue (messages);
 * a card click that must answer within 3 s skips the queue.
 */
export function resolveAndDispatch(
  p: InboundPorts,
  event: MessageEvent | CardActionEvent,
  lookup: ProfileLookup,
  serial: boolean,
): Promise<Handled> {
  // A busy database (TransientError) leaves the event pending; it is retried here with backoff, and
  // if the steps run out, at the next start (the inbox's resume). Never dropped as a duplicate.
  return retryTransient(() => once(p, event, lookup, serial));
}

async function once(p: InboundPorts, event: MessageEvent | CardActionEvent, lookup: ProfileLookup, serial: boolean): Promise<Handled> {
  const who = await p.identities.resolve(event.platform, event.sender.userId, lookup);
  if (who.kind === 'pending') {
    if (!p.inbox.claim(event.platform, event.eventId)) return null;
    return { replies: [who.reply], pending: true };
  }
  const named = { ...event, sender: { ...event.sender, name: who.name } };
  const out = serial ? await p.lane.serial(() => p.dispatch(named)) : await p.dispatch(named);
  return out.duplicate ? null : { replies: out.replies, pending: false };
}

/** Writes the event to the inbox before the ack, retrying a busy database for about 1.5 s (inside Feishu's 3 s). */
export function acceptDurably(inbox: InboundPorts['inbox'], event: MessageEvent | CardActionEvent): Promise<boolean> {
  return retryTransient(async () => inbox.accept(event), ACCEPT_BACKOFF_MS);
}

const ACCEPT_BACKOFF_MS = [10, 20, 50, 100, 200, 400, 700] as const;
