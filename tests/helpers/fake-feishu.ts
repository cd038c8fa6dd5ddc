import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { feishuSettings } from '../../src/adapters.js';
import { loadConfig } from '../../src/config.js';
import { createFeishuAdapter, type FeishuAdapter, type FeishuAdapterOptions } from '../../src/platforms/feishu/index.js';
import type { AdapterDeps } from '../../src/platforms/types.js';
import type { Services } from '../../src/services.js';
import { wire } from './feishu-sign.js';
import { seedSmallTeam } from './team.js';
import { buildTestApp } from './test-app.js';

// A local fake of Feishu's open API: a real HTTP server on 127.0.0.1 (port 0) that records every
// call. The adapter reaches it through FEISHU_API_BASE, exactly as it reaches open.feishu.cn.

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface Scripted {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeUser {
  name: string;
  department_ids?: string[];
  leader_user_id?: string;
}

export interface FakeFeishu {
  url: string;
  server: Server;
  calls: RecordedCall[];
  users: Map<string, FakeUser>;
  departments: Map<string, string>;
  /** The next responses for calls whose path starts with `prefix`, before normal handling. */
  script(prefix: string, ...responses: Scripted[]): void;
  /** The current token stops working (code 99991663) until a new one is issued. */
  revokeToken(): void;
  /** Message create/reply calls, in order. */
  messages(): RecordedCall[];
  close(): Promise<void>;
}

const ok = (data: unknown = {}) => ({ status: 200, body: { code: 0, msg: 'success', data } });

export interface FakeFeishuOptions {
  /** Called for every authenticated call before normal handling; a response refuses it (the fan-out bench's rate limits). */
  gate?: (c: RecordedCall) => Scripted | null;
}

export async function startFakeFeishu(opts: FakeFeishuOptions = {}): Promise<FakeFeishu> {
  const calls: RecordedCall[] = [];
  const scripts: Array<{ prefix: string; r: Scripted }> = [];
  const users = new Map<string, FakeUser>();
  const departments = new Map<string, string>();
  let tokenN = 0;
  let sentN = 0;

  function route(c: RecordedCall): Scripted {
    const i = scripts.findIndex((s) => c.path.startsWith(s.prefix));
    if (i >= 0) return scripts.splice(i, 1)[0]!.r;
    if (c.path === '/open-apis/auth/v3/tenant_access_token/internal') {
      if (c.body?.app_secret !== 'app-secret') return { status: 200, body: { code: 10014, msg: 'app secret invalid' } };
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: `t-${++tokenN}`, expire: 7200 } };
    }
    if (c.path === '/callback/ws/endpoint') return { status: 200, body: { code: 1, msg: 'fake: no long connection here' } };
    if (c.headers.authorization !== `Bearer t-${tokenN}`) return { status: 400, body: { code: 99991663, msg: 'Invalid access token' } };
    const refused = opts.gate?.(c);
    if (refused) return refused;
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(c.path);
    if (user) {
      const u = users.get(decodeURIComponent(user[1]!));
      return u ? ok({ user: { open_id: user[1], ...u } }) : { status: 400, body: { code: 41050, msg: 'no user authority error' } };
    }
    const dep = /^\/open-apis\/contact\/v3\/departments\/([^/]+)$/.exec(c.path);
    if (dep) return ok({ department: { name: departments.get(decodeURIComponent(dep[1]!)) ?? '未知部门' } });
    if (c.method === 'POST' && /^\/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/.test(c.path))
      return ok({ message_id: `om_sent_${++sentN}` });
    if (c.method === 'PATCH' && c.path.startsWith('/open-apis/im/v1/messages/')) return ok({});
    return { status: 404, body: { code: 404, msg: 'fake: unknown path' } };
  }

  function send(res: ServerResponse, r: Scripted): void {
    res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
    res.end(JSON.stringify(r.body));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        /* keep raw */
      }
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        headers: req.headers,
        body,
      };
      calls.push(call);
      send(res, route(call));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    server,
    calls,
    users,
    departments,
    script: (prefix, ...rs) => {
      for (const r of rs) scripts.push({ prefix, r });
    },
    revokeToken: () => {
      tokenN++;
    },
    messages: () => calls.filter((c) => c.method === 'POST' && /^\/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/.test(c.path)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The text a recorded create/reply call carried: a text message's text, or the card JSON. */
export function messageText(c: RecordedCall): string {
  const content = JSON.parse(c.body.content as string) as { text?: string };
  return c.body.msg_type === 'text' ? (content.text ?? '') : (c.body.content as string);
}

export const FEISHU_TEST_ENV = {
  FEISHU_APP_ID: 'cli_0123456789abcdef',
  FEISHU_APP_SECRET: 'app-secret',
  FEISHU_VERIFICATION_TOKEN: 'v-token-1',
  FEISHU_ENCRYPT_KEY: 'e-key-1',
};

/** The real app with the Feishu adapter, the small team seeded, and a fake Feishu on loopback. */
export async function openFeishuApp(
  o: {
    env?: Record<string, string>;
    adapter?: FeishuAdapterOptions;
    wrapDeps?: (d: AdapterDeps, s: Services) => AdapterDeps;
    seed?: (s: Services) => void;
  } = {},
) {
  const fake = await startFakeFeishu();
  let adapter: FeishuAdapter | null = null;
  let services!: Services;
  const env = { ...FEISHU_TEST_ENV, FEISHU_API_BASE: fake.url, ...o.env };
  const settings = feishuSettings(loadConfig({ DATABASE_PATH: ':memory:', ...env }));
  const factory = (d: AdapterDeps) =>
    (adapter = createFeishuAdapter(o.wrapDeps ? o.wrapDeps(d, services) : d, settings, { sleep: async () => {}, ...o.adapter }));
  const built = await buildTestApp({
    env,
    adapters: [factory],
    seed: (s) => {
      services = s;
      seedSmallTeam(s);
      o.seed?.(s);
    },
  });
  const post = async (payload: unknown, w?: { encryptKey?: string; nowMs?: number }) => {
    const req = wire(payload, {
      encryptKey: w && 'encryptKey' in w ? w.encryptKey : built.services.config.FEISHU_ENCRYPT_KEY,
      nowMs: w?.nowMs ?? built.clock.now().getTime(),
    });
    return built.app.inject({ method: 'POST', url: '/feishu/events', headers: req.headers, payload: req.body });
  };
  // Closed when the test finishes; a test may close earlier (idempotent).
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await adapter?.stop?.();
      await built.app.close();
      await fake.close();
    })());
  onTestFinished(close);
  return {
    ...built,
    fake,
    adapter: adapter! as FeishuAdapter,
    post,
    bind(name: string, openId: string) {
      const m = built.services.repos.members.byName(name)[0]!;
      built.services.repos.members.bindIdentity(m.id, 'feishu', openId);
    },
    close,
  };
}

// ---- Long connection: the fake speaks the WSClient's protocol (protobuf pbbp2.Frame over a
// WebSocket, docs/platforms/feishu.md §1.6), so ws mode is tested end to end on loopback too. `ws` and
// `protobufjs` are the SDK's own dependencies; loaded untyped, hence the narrow local types.

interface WsSocket {
  send(data: Uint8Array): void;
  on(ev: 'message', fn: (d: Buffer) => void): void;
  close(): void;
}
interface WsServer {
  on(ev: 'connection', fn: (s: WsSocket) => void): void;
  close(): void;
}
interface ProtoType {
  encode(m: unknown): { finish(): Uint8Array };
  decode(b: Uint8Array): any;
}

const requireCjs = createRequire(import.meta.url);

function frameType(): ProtoType {
  const pb = requireCjs('protobufjs') as { Root: { fromJSON(j: unknown): { lookupType(n: string): ProtoType } } };
  return pb.Root.fromJSON({
    nested: {
      pbbp2: {
        nested: {
          Header: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
          Frame: {
            fields: {
              SeqID: { type: 'uint64', id: 1 },
              LogID: { type: 'uint64', id: 2 },
              service: { type: 'int32', id: 3 },
              method: { type: 'int32', id: 4 },
              headers: { rule: 'repeated', type: 'Header', id: 5 },
              payloadEncoding: { type: 'string', id: 6 },
              payloadType: { type: 'string', id: 7 },
              payload: { type: 'bytes', id: 8 },
              LogIDNew: { type: 'string', id: 9 },
            },
          },
        },
      },
    },
  }).lookupType('pbbp2.Frame');
}

export interface FakeLongConnection {
  /** Resolves when the adapter's WSClient has connected and pinged. */
  connected: Promise<void>;
  /** Pushes an event frame and resolves with the handler's result from the ack frame. */
  push(payload: unknown): Promise<unknown>;
  close(): void;
}

/** Serves /callback/ws/endpoint with a ws:// URL on the same loopback port and accepts the WSClient. */
export function fakeLongConnection(fake: FakeFeishu): FakeLongConnection {
  const Frame = frameType();
  const { WebSocketServer } = requireCjs('ws') as { WebSocketServer: new (o: { server: unknown; path: string }) => WsServer };
  const wss = new WebSocketServer({ server: fake.server, path: '/ws' });
  let socket: WsSocket | null = null;
  let onConnect: () => void = () => {};
  const connected = new Promise<void>((r) => {
    onConnect = r;
  });
  const waiting = new Map<string, (v: unknown) => void>();
  wss.on('connection', (s) => {
    socket = s;
    s.on('message', (buf) => {
      const f = Frame.decode(buf);
      // The client's first ping comes after it has wired its message handler: only then is it ready.
      if (f.method !== 1) {
        onConnect();
        return;
      }
      const id = (f.headers as Array<{ key: string; value: string }>).find((h) => h.key === 'message_id')?.value ?? '';
      const ack = JSON.parse(Buffer.from(f.payload as Uint8Array).toString('utf8')) as { code: number; data?: string };
      waiting.get(id)?.(ack.data ? JSON.parse(Buffer.from(ack.data, 'base64').toString('utf8')) : {});
    });
  });
  fake.script('/callback/ws/endpoint', {
    status: 200,
    body: {
      code: 0,
      data: {
        URL: `${fake.url.replace('http', 'ws')}/ws?device_id=d1&service_id=1`,
        ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
      },
    },
  });
  let n = 0;
  return {
    connected,
    push(payload) {
      const id = `ws_msg_${++n}`;
      const headers = [
        ['type', 'event'],
        ['message_id', id],
        ['sum', '1'],
        ['seq', '0'],
        ['trace_id', 't'],
      ].map(([key, value]) => ({ key, value }));
      const frame = Frame.encode({
        SeqID: n,
        LogID: n,
        service: 1,
        method: 1,
        headers,
        payload: Buffer.from(JSON.stringify(payload)),
      }).finish();
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket!.send(frame);
      });
    },
    close: () => {
      wss.close();
    },
  };
}
