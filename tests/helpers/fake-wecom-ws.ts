import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for WeCom's AI-bot long-connection endpoint (wss://openws.work.weixin.qq.com), speaking
// the protocol of @wecom/aibot-node-sdk (dist/index.esm.js, WsCmd and WsConnectionManager.handleFrame):
//   client → server  {cmd:"aibot_subscribe", headers:{req_id:"aibot_subscribe_…"}, body:{bot_id, secret}}
//   server → client  {headers:{req_id}, errcode:0, errmsg:"ok"}          (auth, heartbeat and reply acks)
//   client → server  {cmd:"ping", headers:{req_id:"ping_…"}}               (heartbeat, every 30 s)
//   server → client  {cmd:"aibot_msg_callback" | "aibot_event_callback", headers:{req_id}, body:{…callback JSON…}}
//   client → server  {cmd:"aibot_respond_msg" | "aibot_respond_update_msg" | "aibot_send_msg", headers:{req_id}, body}
// The SDK waits for an ack of every reply frame (5 s), so every frame is acked with its own req_id.
// `ws` is the SDK's own dependency (hoisted into node_modules); it has no type declarations here, hence the
// small interfaces below.

interface Socket {
  send(data: string): void;
  ping(): void;
  close(): void;
  on(ev: 'message', fn: (data: Buffer) => void): void;
  once(ev: 'pong', fn: () => void): void;
}
interface Server {
  address(): AddressInfo;
  clients: Set<Socket>;
  on(ev: 'connection', fn: (s: Socket) => void): void;
  on(ev: 'listening', fn: () => void): void;
  close(fn: () => void): void;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as {
  WebSocketServer: new (o: { port: number; host: string }) => Server;
};

export interface WsFrameRecord {
  cmd: string;
  reqId: string;
  body: Record<string, unknown>;
}

export interface FakeWecomWs {
  url: string;
  /** Every frame the bot sent after authenticating (replies, card updates, proactive sends, pings). */
  frames: WsFrameRecord[];
  /** Resolves once a client has subscribed with the expected bot id and secret. */
  authenticated: Promise<void>;
  /** Subscribe attempts refused for a wrong bot id or secret. */
  refused: number;
  /** Pushes a message (aibot_msg_callback) or, for msgtype "event", an event (aibot_event_callback); returns its req_id. */
  push(body: Record<string, unknown>): string;
  /**
   * Resolves once the client has read everything pushed so far: a WebSocket ping is answered after the frames
   * before it, and the SDK hands a callback frame to the adapter synchronously (which puts it on its lane).
   */
  barrier(): Promise<void>;
  /** Resolves when the bot has sent `n` frames answering `reqId` (no timers: resolved as frames arrive). */
  answered(reqId: string, n?: number): Promise<WsFrameRecord[]>;
  close(): Promise<void>;
}

export async function startFakeWecomWs(bot: { id: string; secret: string }): Promise<FakeWecomWs> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.on('listening', resolve));
  const frames: WsFrameRecord[] = [];
  const waiters: Array<() => void> = [];
  let socket: Socket | null = null;
  let markAuthenticated!: () => void;
  const authenticated = new Promise<void>((resolve) => {
    markAuthenticated = resolve;
  });
  const state = { refused: 0 };
  const ack = (s: Socket, reqId: string, errcode = 0) =>
    s.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg: errcode ? 'invalid bot_id or secret' : 'ok' }));

  wss.on('connection', (s) => {
    s.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { cmd?: string; headers?: { req_id?: string }; body?: Record<string, unknown> };
      const reqId = f.headers?.req_id ?? '';
      if (f.cmd === 'aibot_subscribe') {
        const ok = f.body?.bot_id === bot.id && f.body?.secret === bot.secret;
        if (!ok) state.refused++;
        ack(s, reqId, ok ? 0 : 40058);
        if (ok) {
          socket = s;
          markAuthenticated();
        }
        return;
      }
      frames.push({ cmd: f.cmd ?? '', reqId, body: f.body ?? {} });
      ack(s, reqId);
      for (const w of waiters.splice(0)) w();
    });
  });

  const matching = (reqId: string) => frames.filter((f) => f.reqId === reqId);
  return {
    url: `ws://127.0.0.1:${wss.address().port}`,
    frames,
    authenticated,
    get refused() {
      return state.refused;
    },
    push(body) {
      if (!socket) throw new Error('no authenticated connection');
      const cmd = body.msgtype === 'event' ? 'aibot_event_callback' : 'aibot_msg_callback';
      const reqId = `${cmd}_${randomBytes(6).toString('hex')}`;
      socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
      return reqId;
    },
    barrier() {
      const s = socket;
      if (!s) return Promise.resolve();
      return new Promise<void>((resolve) => {
        s.once('pong', resolve);
        s.ping();
      });
    },
    async answered(reqId, n = 1) {
      while (matching(reqId).length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return matching(reqId);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.close();
        wss.close(() => resolve());
      }),
  };
}

/** The visible text of a reply frame: the stream's markdown and the template card, as the contract reads them. */
export function wsFrameText(f: WsFrameRecord): string {
  const stream = f.body.stream as { content?: string } | undefined;
  const markdown = f.body.markdown as { content?: string } | undefined;
  return [stream?.content, markdown?.content, f.body.template_card ? JSON.stringify(f.body.template_card) : undefined]
    .filter(Boolean)
    .join('\n');
}
