import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../core/reply.js';
import type { AdapterDeps, PlatformAdapter, SendTarget } from '../types.js';
import { createFeishuClient } from './client.js';
import { createDispatcher } from './dispatcher.js';
import { createHandlers } from './handlers.js';
import { createOutbound, uuidFor } from './outbound.js';
import { createPeople } from './people.js';
import { renderMessage } from './render.js';
import { feishuRoutes } from './routes.js';
import { createTasks } from './tasks.js';
import { createFeishuWs, type FeishuWs } from './ws.js';

// The Feishu adapter: webhook (POST /feishu/events) or long connection (WSClient), chosen by
// FEISHU_MODE. Setup for operators: docs/operations.md "Feishu setup". Platform facts: docs/platforms/feishu.md.

/**
 * Dedupe claims (src/db/repos/inbound-events.repo.ts) must outlive Feishu's retries at 15 s, 5 min,
 * 1 h and 6 h (≈7.1 h, docs/platforms/feishu.md §2.2). The prune job must keep rows at least this long.
 */
export const FEISHU_DEDUPE_RETENTION_MS = 24 * 3600 * 1000;

export interface FeishuAdapterOptions {
  /** Tests pass a fake; production uses global fetch against FEISHU_API_BASE. */
  fetch?: typeof fetch;
  /** Retry waits; tests pass a no-op so backoff does not slow them down. */
  sleep?: (ms: number) => Promise<void>;
  cardDeadlineMs?: number;
}

export type FeishuAdapter = PlatformAdapter & {
  /** Resolves when all work started after an ack has finished (tests, bench, shutdown). */
  idle(): Promise<void>;
};

export function createFeishuAdapter(deps: AdapterDeps, opts: FeishuAdapterOptions = {}): FeishuAdapter {
  const { services, router } = deps;
  const c = services.config;
  if (!c.FEISHU_APP_ID || !c.FEISHU_APP_SECRET) throw new Error('Feishu adapter needs FEISHU_APP_ID and FEISHU_APP_SECRET');
  const client = createFeishuClient({
    apiBase: c.FEISHU_API_BASE, appId: c.FEISHU_APP_ID, appSecret: c.FEISHU_APP_SECRET,
    clock: services.clock, log: services.log, ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  const outbound = createOutbound(client);
  const tasks = createTasks(services.log);
  const handlers = createHandlers({
    services, router, outbound, tasks, people: createPeople(services, client),
    ...(opts.cardDeadlineMs ? { cardDeadlineMs: opts.cardDeadlineMs } : {}),
  });
  const dispatcher = createDispatcher(handlers, services.log);
  let ws: FeishuWs | null = null;

  async function register(app: FastifyInstance): Promise<void> {
    if (c.FEISHU_MODE !== 'webhook') return; // long connection: no public URL at all
    const secrets = { encryptKey: c.FEISHU_ENCRYPT_KEY, verificationToken: c.FEISHU_VERIFICATION_TOKEN };
    await app.register(feishuRoutes({ secrets, clock: services.clock, dispatcher }));
  }

  async function send(target: SendTarget, reply: Reply, key: string): Promise<void> {
    // A member target's id is their open_id (member_identities.external_id for 'feishu').
    await outbound.sendTo(target.kind === 'chat' ? 'chat_id' : 'open_id', target.id, reply, uuidFor(`send:${key}`));
  }

  return {
    platform: 'feishu',
    register,
    async start() {
      if (c.FEISHU_MODE !== 'ws') return;
      ws = createFeishuWs({ appId: c.FEISHU_APP_ID!, appSecret: c.FEISHU_APP_SECRET!, apiBase: c.FEISHU_API_BASE, dispatcher, log: services.log });
      await ws.start();
    },
    async stop() {
      await ws?.stop();
      ws = null;
      await tasks.idle();
    },
    render: renderMessage,
    send,
    idle: tasks.idle,
    // /readyz: in long-connection mode the service is ready only while the connection is up.
    ...(c.FEISHU_MODE === 'ws' ? { connected: () => ws?.status() === 'connected' } : {}),
  };
}
