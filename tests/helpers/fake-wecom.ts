import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { wecomSettings } from '../../src/adapters.js';
import { loadConfig } from '../../src/config.js';
import { createWecomAdapter, type WecomAdapter, type WecomAdapterOptions } from '../../src/platforms/wecom/index.js';
import type { Services } from '../../src/services.js';
import { seedSmallTeam } from './team.js';
import { buildTestApp } from './test-app.js';
import { appEnvelope, appTextXml, sealed, TEST_APP, TEST_BOT } from './wecom-crypto.js';

// A local fake of the WeCom server API on 127.0.0.1 (port 0), pointed at by WECOM_API_BASE. It records
// every call and answers like WeCom; `failNext` scripts error codes for retry tests.

export interface FakeCall {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
}

export interface FakeUser {
  name: string;
  department?: number[];
  main_department?: number;
  direct_leader?: string[];
}

export interface FakeWecom {
  base: string;
  calls: FakeCall[];
  callsTo(path: string): FakeCall[];
  users: Map<string, FakeUser>;
  departments: Map<string, { department_leader: string[] }>;
  /** The next calls to `path` answer these errcodes, one per call. */
  failNext(path: string, ...errcodes: number[]): void;
  /** The next calls to `path` answer these HTTP statuses (a gateway error), one per call. */
  failHttp(path: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

export async function startFakeWecom(): Promise<FakeWecom> {
  const calls: FakeCall[] = [];
  const users = new Map<string, FakeUser>();
  const departments = new Map<string, { department_leader: string[] }>();
  const failures = new Map<string, number[]>();
  const httpFailures = new Map<string, number[]>();
  let tokenSeq = 0;
  let codeSeq = 0;

  function answer(call: FakeCall): Record<string, unknown> {
    const scripted = failures.get(call.path)?.shift();
    if (scripted !== undefined) return { errcode: scripted, errmsg: 'scripted failure' };
    switch (call.path) {
      case '/cgi-bin/gettoken':
        return { errcode: 0, errmsg: 'ok', access_token: `tok-${++tokenSeq}`, expires_in: 7200 };
      case '/cgi-bin/message/send':
        return {
          errcode: 0,
          errmsg: 'ok',
          msgid: `msg-${calls.length}`,
          ...(call.body?.msgtype === 'template_card' ? { response_code: `rc-${++codeSeq}` } : {}),
        };
      case '/cgi-bin/user/get': {
        const u = users.get(call.query.userid ?? '');
        return u ? { errcode: 0, errmsg: 'ok', userid: call.query.userid, ...u } : { errcode: 60111, errmsg: 'userid not found' };
      }
      case '/cgi-bin/department/get': {
        const d = departments.get(call.query.id ?? '');
        return d
          ? { errcode: 0, errmsg: 'ok', department: { id: Number(call.query.id), ...d } }
          : { errcode: 60123, errmsg: 'invalid party id' };
      }
      default:
        return { errcode: 0, errmsg: 'ok' };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const call: FakeCall = { path: url.pathname, query: Object.fromEntries(url.searchParams), body: await readBody(req) };
      calls.push(call);
      const status = httpFailures.get(call.path)?.shift();
      if (status !== undefined) return void res.writeHead(status, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(call)));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    users,
    departments,
    failNext: (path, ...codes) => failures.set(path, [...(failures.get(path) ?? []), ...codes]),
    failHttp: (path, ...statuses) => httpFailures.set(path, [...(httpFailures.get(path) ?? []), ...statuses]),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The visible text of a recorded message/send or webhook call. */
export function outboundText(call: FakeCall): string {
  const b = call.body ?? {};
  const t = b.text as { content?: string } | undefined;
  const m = b.markdown as { content?: string } | undefined;
  if (t?.content) return t.content;
  if (m?.content) return m.content;
  return JSON.stringify(b.template_card ?? b);
}
// ---- A test app with the WeCom adapter wired to the fake -------------------------------------------

export async function openWecomApp(
  o: { env?: Record<string, string>; adapter?: WecomAdapterOptions; seed?: (s: Services) => void; now?: string } = {},
) {
  const fake = await startFakeWecom();
  let adapter!: WecomAdapter;
  const env = {
    WECOM_CORP_ID: TEST_APP.receiveId,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'test-secret',
    WECOM_TOKEN: TEST_APP.token,
    WECOM_ENCODING_AES_KEY: TEST_APP.encodingAesKey,
    WECOM_BOT_MODE: 'callback',
    WECOM_BOT_TOKEN: TEST_BOT.token,
    WECOM_BOT_ENCODING_AES_KEY: TEST_BOT.encodingAesKey,
    WECOM_API_BASE: fake.base,
    ...o.env,
  };
  const settings = wecomSettings(loadConfig({ DATABASE_PATH: ':memory:', ...env }));
  const built = await buildTestApp({
    env,
    ...(o.now ? { now: o.now } : {}),
    seed:
      o.seed ??
      ((s) => {
        seedSmallTeam(s);
      }),
    adapters: [(deps) => (adapter = createWecomAdapter(deps, settings, { sleep: async () => {}, ...o.adapter }))],
  });
  const bind = (memberName: string, userId: string) => {
    const m = built.services.repos.members.byName(memberName)[0];
    if (!m) throw new Error(`no member ${memberName}`);
    built.services.repos.members.bindIdentity(m.id, 'wecom', userId);
  };
  /** POSTs an encrypted app callback carrying `plainXml`. */
  const postApp = (plainXml: string, opts: { forge?: boolean } = {}) => {
    const s = sealed(TEST_APP, plainXml, opts);
    return built.app.inject({
      method: 'POST',
      url: `/wecom/app?${s.query}`,
      headers: { 'content-type': 'text/xml' },
      payload: appEnvelope(s.encrypt),
    });
  };
  const sendText = (text: string, from: string, msgId: string, forge = false) => postApp(appTextXml({ from, text, msgId }), { forge });
  // Closed when the test finishes; a test may close earlier (idempotent).
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await adapter.stop?.();
      await built.app.close();
      await fake.close();
    })());
  onTestFinished(close);
  return {
    ...built,
    fake,
    bind,
    postApp,
    sendText,
    get adapter() {
      return adapter;
    },
    close,
  };
}
