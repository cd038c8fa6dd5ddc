import type { FastifyInstance } from 'fastify';
import type { Platform, SendTarget } from '../core/events.js';

export type { SendTarget };
import type { Reply } from '../core/reply.js';
import type { Router } from '../commands/router.js';
import type { Services } from '../services.js';

// What every platform adapter provides. Only src/platforms/<name>/ knows a platform's field names.

export interface PlatformAdapter {
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
}

export interface AdapterDeps {
  services: Services;
  router: Router;
}

export class PlatformVerificationError extends Error {
  constructor(message: string, readonly platform: Platform) {
    super(message);
  }
}
