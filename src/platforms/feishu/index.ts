import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../core/reply.js';
import type { AdapterDeps, PlatformAdapter, SendTarget } from '../types.js';
import { createFeishuClient } from './client.js';
import { createDispatcher } from './dispatcher.js';
import { createHandlers } from './handlers.js';
import { createOutbound, uuidFor } from './outbound.js';
import { createDirectory } from './people.js';
import { renderMessage } from './render.js';
import { feishuRoutes } from './routes.js';
import { createFeishuWs, type FeishuWs } from './ws.js';

// The Feishu adapter: webhook (POST /feishu/events) or long connection (WSClient), chosen by
// FEISHU_MODE. Setup for operators: docs/operations.md "Feishu setup". Platform facts: docs/platforms/feishu.md.

/**
 * Dedupe claims (src/db/repos/inbound-events.repo.ts) must outlive Feishu's retries at 15 s, 5 min,
 * 1 h and 6 h (≈7.1 h, docs/platforms/feishu.md §2.2). The prune job must keep rows at least this long.
 */
export const FEISHU_DEDUPE_RETENTION_MS = 24 * 3600 * 1000;

/** The adapter's own settings, built from the configuration by src/adapters.ts. */
export interface FeishuSettings {
  appId: string;
  appSecret: string;
  verificationToken?: string | undefined;
  encryptKey?: string | undefined;
  mode: 'webhook' | 'ws';
  apiBase: string;
}

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

export function createFeishuAdapter(deps: AdapterDeps, s: FeishuSettings, opts: FeishuAdapterOptions = {}): FeishuAdapter {
  const { log, clock, lane } = deps;
  const client = createFeishuClient({
    apiBase: s.apiBase,
    appId: s.appId,
    appSecret: s.appSecret,
    clock,
    log,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  const outbound = createOutbound(client);
  const handlers = createHandlers({
    ...deps,
    appId: s.appId,
    outbound,
    lookup: createDirectory(client).lookup,
    ...(opts.cardDeadlineMs ? { cardDeadlineMs: opts.cardDeadlineMs } : {}),
  });
  const dispatcher = createDispatcher(handlers, log);
  let ws: FeishuWs | null = null;

  async function register(app: FastifyInstance): Promise<void> {
    if (s.mode !== 'webhook') return; // long connection: no public URL at all
    const secrets = { encryptKey: s.encryptKey, verificationToken: s.verificationToken };
    await app.register(feishuRoutes({ secrets, clock, dispatcher }));
  }

  async function send(target: SendTarget, reply: Reply, key: string): Promise<void> {
    // A member target's id is their open_id (member_identities.external_id for 'feishu').
    await outbound.sendTo(target.kind === 'chat' ? 'chat_id' : 'open_id', target.id, reply, uuidFor(`send:${key}`));
  }

  return {
    platform: 'feishu',
    register,
    async start() {
      if (s.mode !== 'ws') return;
      ws = createFeishuWs({ appId: s.appId, appSecret: s.appSecret, apiBase: s.apiBase, dispatcher, log });
      await ws.start();
    },
    async stop() {
      await ws?.stop();
      ws = null;
      await lane.idle();
    },
    render: renderMessage,
    send,
    resume: handlers.resume,
    idle: lane.idle,
    // /readyz: in long-connection mode the service is ready only while the connection is up.
    ...(s.mode === 'ws' ? { connected: () => ws?.status() === 'connected' } : {}),
  };
}
