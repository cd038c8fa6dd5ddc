import type { Logger } from 'pino';
import { PlatformError } from '../../core/errors.js';
import { createRateLimiter, realSleep } from './rate-limit.js';
import type { AppMessage, TemplateCard } from './render.js';

// A thin typed client for the self-built app's server API (there is no maintained TS SDK, docs/platforms/wecom.md
// §2.2). One instance per app, so one access-token cache per app ("每个应用的access_token是彼此独立的").

/** Drop the cached token and retry once on these (WxJava ACCESS_TOKEN_ERROR_CODES; docs/platforms/wecom.md §4.1). */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** -1 系统繁忙 and 45009 接口调用超过限制 are retried with backoff (docs/platforms/wecom.md §4.1, §4.3). */
const RETRYABLE = new Set([-1, 45009]);
/** Refresh 5 min before expires_in runs out (docs/platforms/wecom.md §4.1). */
const TOKEN_EARLY_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The recipient is gone (docs/platforms/wecom.md §4.3, "target gone"): 81013 every recipient invalid or
 * outside the app's visible range (the user left); 86001/86003 the chat id is invalid or the chat no
 * longer exists; 93000 the group robot's webhook is invalid or the robot was removed from the group.
 */
const TARGET_GONE = new Set([81013, 86001, 86003, 93000]);
/** Bugs in the request (44004 empty content, 42014 bad task_id): the same body fails the same way. */
const BAD_REQUEST = new Set([44004, 42014]);
/** 45009: "a minute-level block lasts 60 s" (docs/platforms/wecom.md §4.2). */
const RATE_BLOCK_MS = 60_000;

export class WecomApiError extends PlatformError {
  constructor(
    readonly path: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(
      `WeCom ${path} failed: ${errcode} ${errmsg}${errcode === 60020 ? " (add this server's egress IP to the app's 企业可信IP)" : ''}`,
      'wecom',
      {
        targetGone: TARGET_GONE.has(errcode),
        retryable: !BAD_REQUEST.has(errcode),
        retryAfterMs: errcode === 45009 ? RATE_BLOCK_MS : null,
      },
    );
  }
}

export interface WecomClientOptions {
  apiBase: string;
  corpId: string;
  secret: string;
  agentId: string;
  now: () => number;
  log: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Waits before each retry of -1/45009; its length is the number of retries. */
  backoffMs?: number[];
}

type ApiResult = { errcode?: number; errmsg?: string } & Record<string, unknown>;

export function createWecomClient(o: WecomClientOptions) {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? realSleep;
  const backoff = o.backoffMs ?? [500, 2_000, 8_000];
  // 30 messages a minute per member; more are dropped silently by WeCom (docs/platforms/wecom.md §4.2).
  const perMember = createRateLimiter({ limit: 30, windowMs: 60_000, now: o.now, sleep });
  // 20 messages a minute per group robot (docs/platforms/wecom.md §4.5).
  const perRobot = createRateLimiter({ limit: 20, windowMs: 60_000, now: o.now, sleep });
  let token: { value: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function http(path: string, query: Record<string, string>, body?: unknown): Promise<ApiResult> {
    const url = new URL(path, o.apiBase);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await doFetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) throw new WecomApiError(path, res.status, `HTTP ${res.status}`);
    return (await res.json()) as ApiResult;
  }

  async function fetchToken(): Promise<string> {
    const r = await http('/cgi-bin/gettoken', { corpid: o.corpId, corpsecret: o.secret });
    if (r.errcode || typeof r.access_token !== 'string')
      throw new WecomApiError('/cgi-bin/gettoken', r.errcode ?? -2, r.errmsg ?? 'no access_token');
    const ttl = typeof r.expires_in === 'number' ? r.expires_in : 7200;
    token = { value: r.access_token, expiresAt: o.now() + ttl * 1000 - TOKEN_EARLY_MS };
    return r.access_token;
  }

  /** Single refresh in flight: concurrent callers share one gettoken ("不能频繁调用gettoken接口"). */
  function accessToken(): Promise<string> {
    if (token && o.now() < token.expiresAt) return Promise.resolve(token.value);
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function call(path: string, body?: unknown, query: Record<string, string> = {}): Promise<ApiResult> {
    let tokenRetried = false;
    let busy = 0;
    for (;;) {
      const used = await accessToken();
      const r = await http(path, { ...query, access_token: used }, body);
      const code = r.errcode ?? 0;
      if (code === 0) return r;
      if (TOKEN_ERRORS.has(code) && !tokenRetried) {
        tokenRetried = true;
        if (token?.value === used) token = null; // another caller may already have refreshed it
        continue;
      }
      const wait = backoff[busy];
      if (RETRYABLE.has(code) && wait !== undefined) {
        busy++;
        o.log.warn({ path, errcode: code, retry: busy }, 'WeCom busy or rate-limited; backing off');
        await sleep(wait);
        continue;
      }
      throw new WecomApiError(path, code, r.errmsg ?? '');
    }
  }

  return {
    call,
    /** message/send to one member; returns the card's response_code (button cards only, docs/platforms/wecom.md §4.2). */
    async sendToUser(userId: string, msg: AppMessage, opts: { duplicateCheck?: boolean } = {}): Promise<{ responseCode?: string }> {
      await perMember.acquire(userId);
      // The longest window WeCom allows (4 h; the default is 1800 s, docs/platforms/wecom.md §4.2) so that every
      // outbox retry of an alert (about 3 h) is still recognised as the same message.
      const dup = opts.duplicateCheck ? { enable_duplicate_check: 1, duplicate_check_interval: 14400 } : {};
      const r = await call('/cgi-bin/message/send', { touser: userId, agentid: Number(o.agentId), ...msg, ...dup });
      if (typeof r.invaliduser === 'string' && r.invaliduser)
        o.log.warn({ path: 'message/send' }, "WeCom: recipient outside the app's visible range");
      return { responseCode: typeof r.response_code === 'string' ? r.response_code : undefined };
    },
    /** Replaces a clicked card for that user; each response_code works once within 72 h (docs/platforms/wecom.md §5.1). */
    async updateCard(userId: string, responseCode: string, card: TemplateCard): Promise<void> {
      await call('/cgi-bin/message/update_template_card', {
        userids: [userId],
        agentid: Number(o.agentId),
        response_code: responseCode,
        template_card: card,
      });
    },
    getUser: (userId: string) => call('/cgi-bin/user/get', undefined, { userid: userId }),
    getDepartment: (id: string) => call('/cgi-bin/department/get', undefined, { id }),
    /** Group robot webhook: the key in the URL is the credential, so it is never logged (docs/platforms/wecom.md §4.5). */
    async robotSend(key: string, markdown: string): Promise<void> {
      await perRobot.acquire(key);
      const r = await http('/cgi-bin/webhook/send', { key }, { msgtype: 'markdown', markdown: { content: markdown } });
      if (r.errcode) throw new WecomApiError('/cgi-bin/webhook/send', r.errcode, r.errmsg ?? '');
    },
  };
}

export type WecomClient = ReturnType<typeof createWecomClient>;
