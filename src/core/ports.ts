import type { CardActionEvent, InboundEvent, MessageEvent, Platform, SendTarget } from './events.js';
import type { Reply } from './reply.js';

// The ports an adapter is given (src/platforms/types.ts AdapterDeps). Defined here, in neutral
// terms, so that src/platforms/ imports nothing but src/core/: the wiring (src/adapters.ts) builds
// them from the router, the repos and the application layer.

export type DispatchResult = { duplicate: true; replies: [] } | { duplicate: false; replies: Reply[] };

/** Routes a neutral event to a command or a card action (src/commands/router.ts). */
export type Dispatch = (event: InboundEvent) => Promise<DispatchResult>;

/** The dedupe record of inbound events (SQLite, shared by every instance). */
export interface InboxPort {
  /**
   * Writes a verified event to the durable inbox BEFORE the platform is acked; false for a redelivery.
   * Throws when the write fails: the adapter must then not ack, so the platform delivers it again.
   */
  accept(event: MessageEvent | CardActionEvent): boolean;
  /** True the first time (platform, eventId) is processed; false for a redelivery. */
  claim(platform: Platform, eventId: string): boolean;
}

/** What a platform's directory says about a user; null fields where it says nothing. */
export interface Profile {
  name: string | null;
  department: string | null;
  /** The user's leader, as a user id of the same platform. */
  leaderId: string | null;
}

/** Looks a platform user up in the platform's directory; null when it cannot (out of range, refused). */
export type ProfileLookup = (userId: string) => Promise<Profile | null>;

export type Identity = { kind: 'member'; name: string } | { kind: 'pending'; reply: Reply };

/** Binding platform users to members, written once in src/method/people/identities.ts. */
export interface IdentityPort {
  /** The member this user is, binding a first-seen user by their directory profile; else why not. */
  resolve(platform: Platform, userId: string, lookup: ProfileLookup): Promise<Identity>;
  /** The console's member list (the local operator picks who they are). */
  roster(): Array<{ name: string; role: string }>;
  /** Binds a trusted local user to the member of that unique name (the console). */
  bindByName(platform: Platform, userId: string, name: string): void;
}

/** What the adapters may ask about chats the team bound with /bind. */
export interface ChatPort {
  /** The name of the region a chat is bound to, or null. */
  regionOfChat(platform: Platform, chatId: string): string | null;
}

/** The sending side of an adapter, as the outbox sees it. */
export interface PlatformSender {
  readonly platform: Platform;
  /** Proactive delivery; throws a PlatformError (src/core/errors.ts) carrying the retry decision. */
  send?(target: SendTarget, reply: Reply, idempotencyKey: string): Promise<void>;
}

/** The outbox, for a reply whose direct delivery failed: sent again with the outbox's backoff. */
export interface OutboxPort {
  /** Queues the reply under `key`, the same key the direct attempt used, so the platform drops a copy. */
  enqueue(platform: Platform, target: SendTarget, reply: Reply, key: string): void;
}

/**
 * A durable record of send attempts, for channels without a duplicate check (the WeCom group robot):
 * an attempt is recorded before the send, so a crash mid-send cannot make a second copy.
 */
export interface AttemptsPort {
  /** True when no attempt under this key was made before; records this one. */
  begin(channel: string, key: string): boolean;
  /** The attempt failed for certain (the platform answered an error): a later one may send. */
  failed(channel: string, key: string): void;
}
