import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEISHU_TEST_ENV, startFakeFeishu } from '../tests/helpers/fake-feishu.js';
import { messagePayload, wire } from '../tests/helpers/feishu-sign.js';

// Acks per second of POST /feishu/events (the real server, src/main.ts on a file database: verify,
// decrypt, claim in the durable inbox, ack) against a bare Fastify route, each in its own process,
// driven by autocannon from a third (bench/load-driver.ts). The fake Feishu API that receives the
// replies runs in this, the orchestrating, process. Bounded: a fixed number of events per run.

const EVENTS = 4000;
const CONNECTIONS = 32;
const SENDERS = 500;

export interface Child {
  proc: ChildProcess;
  out: () => string;
}

export function start(args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, out: () => out };
}

export function exited(c: Child): Promise<number> {
  return c.proc.exitCode !== null ? Promise.resolve(c.proc.exitCode) : new Promise((r) => c.proc.once('exit', (code) => r(code ?? 1)));
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

export async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench: ${what} not ready within ${timeoutMs} ms`);
}

/** Env of a real server (src/main.ts) with Feishu on the given fake API, jobs off, the chat rate limit raised for the bench. */
export function serverEnv(dbPath: string, port: number, apiBase: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...FEISHU_TEST_ENV,
    FEISHU_API_BASE: apiBase,
    DATABASE_PATH: dbPath,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    RATE_LIMIT_CHAT_PER_MINUTE: '10000',
    RATE_LIMIT_HTTP_PER_MINUTE: '100000',
    METRICS_TOKEN: 'bench-metrics-token-0123456789',
    ...extra,
  };
}

/** Signed, encrypted /log events, each with its own event id, message id and nonce, from many senders. */
export function signedEvents(prefix: string, n: number, nowMs: number) {
  return Array.from({ length: n }, (_, i) =>
    wire(
      messagePayload({
        text: '/log 现场回访 华东重工',
        messageId: `om_${prefix}_${i}`,
        userId: `ou_bench_${i % SENDERS}`,
        token: FEISHU_TEST_ENV.FEISHU_VERIFICATION_TOKEN,
      }),
      { encryptKey: FEISHU_TEST_ENV.FEISHU_ENCRYPT_KEY, nowMs },
    ),
  );
}

interface Drive {
  rps: number;
  acked: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

async function drive(dir: string, name: string, url: string, requests: unknown[]): Promise<Drive> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ url, requests, connections: CONNECTIONS, amount: requests.length }));
  const c = start(['bench/load-driver.ts', file]);
  if ((await exited(c)) !== 0) throw new Error(`bench: load driver failed: ${c.out()}`);
  return JSON.parse(c.out().trim().split('\n').at(-1)!) as Drive;
}

const line = (name: string, d: Drive) =>
  `${name.padEnd(40)} ${d.rps.toFixed(0).padStart(5)} acks/s  p50 ${d.p50} ms  p99 ${d.p99} ms  max ${d.max} ms  non-2xx ${d.non2xx}  errors ${d.errors}`;

export async function benchAcks(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-acks-'));
  const fake = await startFakeFeishu();
  const port = await freePort();
  const server = start(['src/main.ts'], serverEnv(join(dir, 'warroom.db'), port, fake.url));
  const bare = start(['bench/bare-server.ts']);
  try {
    const feishuUrl = `http://127.0.0.1:${port}/feishu/events`;
    await until('server', async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : null));
    const bareUrl = await until('bare server', async () => bare.out().match(/http:\S+\/bare/)?.[0] ?? null);
    const now = Date.now();
    await drive(dir, 'warm-f', feishuUrl, signedEvents('warm', 500, now));
    await drive(dir, 'warm-b', bareUrl, signedEvents('warmb', 500, now));
    const f = await drive(dir, 'feishu', feishuUrl, signedEvents('run', EVENTS, now));
    await new Promise((r) => setTimeout(r, 2000)); // let the server's queued commands drain before the bare run
    const b = await drive(dir, 'bare', bareUrl, signedEvents('runb', EVENTS, now));
    return [
      `acks/s, ${EVENTS} signed+encrypted events, ${CONNECTIONS} connections, autocannon in its own process, ${SENDERS} senders:`,
      line('feishu /feishu/events (src/main.ts)', f),
      line('bare fastify route', b),
      `ratio bare/feishu: ${(b.rps / f.rps).toFixed(2)}x; replies seen by the fake Feishu API: ${fake.messages().length}`,
      `every event acked 200: ${f.non2xx === 0 && f.errors === 0 ? 'PASS' : 'FAIL'}`,
    ].join('\n');
  } finally {
    server.proc.kill('SIGTERM');
    bare.proc.kill('SIGTERM');
    await Promise.all([exited(server), exited(bare)]);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
