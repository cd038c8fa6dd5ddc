import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { CardActionEvent, MessageEvent, Platform, SendTarget } from '../core/events.js';
import type { Lane } from '../core/lane.js';
import type { AttemptsPort, ChatPort, Dispatch, IdentityPort, InboxPort, OutboxPort, PlatformSender } from '../core/ports.js';
import type { Reply } from '../core/reply.js';

export type { SendTarget };

// What every platform adapter provides. Only src/platforms/<name>/ knows a platform's field names,
// and it imports only src/core/: everything else reaches it through AdapterDeps.

export interface PlatformAdapter extends PlatformSender {
  readonly platform: Platform;
  /** Mounts the adapter's HTTP routes (webhooks, the console API). */
  register(app: FastifyInstance): void | Promise<void>;
  /** Long-lived connections (Feishu/WeCom long-connection modes) start and stop here. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** A long-lived connection's state, for /readyz; absent when the platform has none (webhooks). */
  connected?(): boolean;
  /** Renders the neutral reply model into the platform's own message payload. */
  render(reply: Reply): unknown;
  /** Proactive delivery (outbox). The key lets the platform drop a duplicate send. */
  send?(target: SendTarget, reply: Reply, idempotencyKey: string): Promise<void>;
  /** Takes up an event acked before a crash (still pending in the inbox): process it and answer. */
  resume?(event: MessageEvent | CardActionEvent): void;
}

/** The neutral ports an adapter works with (src/core/ports.ts), built by src/adapters.ts. */
export interface AdapterDeps {
  log: Logger;
  clock: Clock;
  /** The one "ack, then work" lane (src/core/lane.ts). */
  lane: Lane;
  dispatch: Dispatch;
  inbox: InboxPort;
  identities: IdentityPort;
  chats: ChatPort;
  outbox: OutboxPort;
  attempts: AttemptsPort;
}

export class PlatformVerificationError extends Error {
  constructor(
    message: string,
    readonly platform: Platform,
  ) {
    super(message);
  }
}
