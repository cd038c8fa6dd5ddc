import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import { PlatformError, type RetryDecision } from '../../core/errors.js';

// The one HTTP client for Feishu's open API (fetch against FEISHU_API_BASE). It owns the tenant
// token cache and the retry policy of docs/platforms/feishu.md §4.4; callers just say what to send.

/** Refresh this long before expiry, as the SDK does (docs/platforms/feishu.md §1.1: `expire − 3 min`). */
const TOKEN_MARGIN_MS = 3 * 60 * 1000;
const MAX_ATTEMPTS = 4;
const REQUEST_TIMEOUT_MS = 10_000;
/** Rate-limit codes (doc "频控策略" and message API docs, docs/platforms/feishu.md §4.4). */
const RATE_LIMIT_CODES = new Set([99991400, 230020, 11232]);
/** "Invalid access token": the SDK never invalidates its cache on it (docs/platforms/feishu.md §1.1). */
const INVALID_TOKEN = 99991663;

/**
 * The recipient is gone (docs/platforms/feishu.md §4.4, "target gone"): 230002 the bot is not in the
 * group (removed, or the group was disbanded); 230013 the user is outside the bot's availability
 * (left the company or the app's range). No retry can deliver these.
 */
const TARGET_GONE = new Set([230002, 230013]);
/** A malformed request (230001 invalid parameter, 230025 content too long): resending the same body fails the same way. */
const BAD_REQUEST = new Set([230001, 230025]);

export class FeishuApiError extends PlatformError {
  constructor(
    message: string,
    readonly code: number,
    readonly status: number,
    decision: Partial<RetryDecision> = {},
  ) {
    super(message, 'feishu', decision);
  }
}

/** The outbox's retry decision for a failed call (after this client's own retries). */
function decisionOf(a: Attempt): Partial<RetryDecision> {
  const code = a.body.code ?? -1;
  return {
    targetGone: TARGET_GONE.has(code),
    retryable: !BAD_REQUEST.has(code),
    retryAfterMs: a.resetSec !== null && a.resetSec >= 0 ? a.resetSec * 1000 : null,
  };
}

export interface FeishuClientOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
}

interface ApiBody {
  code?: number;
  msg?: string;
  data?: unknown;
  tenant_access_token?: string;
  expire?: number;
}
interface Attempt {
  status: number;
  body: ApiBody;
  resetSec: number | null;
}

export type FeishuClient = ReturnType<typeof createFeishuClient>;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait the server's x-ogw-ratelimit-reset if given; else 500 ms × 3^n with jitter (node-sdk channel's policy). */
export function retryDelayMs(attempt: number, resetSec: number | null): number {
  if (resetSec !== null && resetSec >= 0) return Math.min(resetSec, 60) * 1000;
  const base = 500 * 3 ** attempt;
  return Math.min(base + Math.floor(Math.random() * base * 0.2), 10_000);
}

function isRetryable(a: Attempt): boolean {
  return a.status === 429 || a.status >= 500 || RATE_LIMIT_CODES.has(a.body.code ?? 0);
}

export function createFeishuClient(opts: FeishuClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? realSleep;
  const base = opts.apiBase.replace(/\/+$/, '');
  let token: { value: string; expiresAt: number } | null = null;
  let refreshing: Promise<string> | null = null;

  async function call(method: string, path: string, ro: RequestOptions, auth: string | null): Promise<Attempt> {
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(ro.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (auth) headers.authorization = `Bearer ${auth}`;
    const res = await doFetch(url, {
      method,
      headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(ro.body === undefined ? {} : { body: JSON.stringify(ro.body) }),
    });
    const textBody = await res.text();
    let body: ApiBody = {};
    try {
      body = textBody ? (JSON.parse(textBody) as ApiBody) : {};
    } catch {
      /* a gateway error page */
    }
    const reset = res.headers.get('x-ogw-ratelimit-reset');
    return { status: res.status, body, resetSec: reset !== null && reset !== '' ? Number(reset) : null };
  }

  async function fetchToken(): Promise<string> {
    const a = await call(
      'POST',
      '/open-apis/auth/v3/tenant_access_token/internal',
      { body: { app_id: opts.appId, app_secret: opts.appSecret } },
      null,
    );
    if (a.body.code !== 0 || !a.body.tenant_access_token) {
      throw new FeishuApiError(
        `Feishu tenant token refused (code ${a.body.code ?? a.status}): check FEISHU_APP_ID / FEISHU_APP_SECRET`,
        a.body.code ?? -1,
        a.status,
      );
    }
    const ttlMs = (a.body.expire ?? 7200) * 1000;
    token = { value: a.body.tenant_access_token, expiresAt: opts.clock.now().getTime() + ttlMs - TOKEN_MARGIN_MS };
    return token.value;
  }

  /** One refresh at a time: concurrent senders share it. */
  async function tenantToken(): Promise<string> {
    if (token && token.expiresAt > opts.clock.now().getTime()) return token.value;
    refreshing ??= fetchToken().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function attempt(method: string, path: string, ro: RequestOptions): Promise<Attempt> {
    try {
      return await call(method, path, ro, await tenantToken());
    } catch (err) {
      if (err instanceof FeishuApiError) throw err;
      return { status: 599, body: { msg: (err as Error).message }, resetSec: null }; // network error: retry like a 5xx
    }
  }

  /** Calls the API with retries; resolves with `data`, throws FeishuApiError with the platform code. */
  async function request<T = unknown>(method: string, path: string, ro: RequestOptions = {}): Promise<T> {
    let refreshed = false;
    for (let n = 0; ; n++) {
      const a = await attempt(method, path, ro);
      // Refresh once and retry: the cached token was revoked or rotated before its expiry.
      if (a.body.code === INVALID_TOKEN && !refreshed) {
        refreshed = true;
        token = null;
        continue;
      }
      if (a.status < 300 && a.body.code === 0) return a.body.data as T;
      if (!isRetryable(a) || n + 1 >= MAX_ATTEMPTS) {
        throw new FeishuApiError(
          `Feishu ${method} ${path} failed: code ${a.body.code ?? '-'} ${a.body.msg ?? ''}`.trim(),
          a.body.code ?? -1,
          a.status,
          decisionOf(a),
        );
      }
      const wait = retryDelayMs(n, a.resetSec);
      opts.log.warn({ path, status: a.status, code: a.body.code, waitMs: wait }, 'Feishu API busy, retrying with the same request');
      await sleep(wait);
    }
  }

  return { request, tenantToken };
}
