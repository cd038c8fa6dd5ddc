import Fastify, { type FastifyInstance } from 'fastify';
import { openFeishuApp } from '../tests/helpers/fake-feishu.js';
import { messagePayload, type WireRequest, wire } from '../tests/helpers/feishu-sign.js';

// Ack latency of POST /feishu/events for signed, encrypted /log events (verify + decrypt +
// dispatch + ack; the command runs after the ack), against a bare Fastify route answering {} in
// the same run. Loopback only, bounded loops. Target: ack p99 < 50 ms at 200 events/s.

const RATE = 200;
const PACED_EVENTS = 600; // 3 s at 200/s
const BURST_EVENTS = 1000;
const BURST_CONCURRENCY = 32;
const TARGET_P99_MS = 50;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function post(url: string, r: WireRequest): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: r.headers, body: r.body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`bench: ${url} answered ${res.status}`);
  return performance.now() - t0;
}

/** Sends at a fixed rate (open loop: late responses do not slow the schedule). */
async function paced(url: string, reqs: WireRequest[]): Promise<{ lat: number[]; seconds: number }> {
  const start = performance.now();
  const pending: Promise<number>[] = [];
  for (const [i, r] of reqs.entries()) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(post(url, r));
  }
  const lat = (await Promise.all(pending)).sort((a, b) => a - b);
  return { lat, seconds: (performance.now() - start) / 1000 };
}

/** Closed loop with N workers: the most events per second the route acks. */
async function burst(url: string, reqs: WireRequest[]): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < reqs.length) await post(url, reqs[next++]!);
  };
  await Promise.all(Array.from({ length: BURST_CONCURRENCY }, worker));
  return reqs.length / ((performance.now() - start) / 1000);
}

async function listen(app: FastifyInstance, path: string): Promise<string> {
  const addr = await app.listen({ port: 0, host: '127.0.0.1' });
  return `${addr}${path}`;
}

function events(prefix: string, n: number, encryptKey: string, nowMs: number): WireRequest[] {
  return Array.from({ length: n }, (_, i) =>
    wire(messagePayload({ text: '/log 现场回访 华东重工', messageId: `om_${prefix}_${i}`, userId: 'ou_bench', token: 'v-token-1' }), {
      encryptKey,
      nowMs,
    }),
  );
}

const fmt = (n: number) => n.toFixed(2);

export async function benchFeishu(): Promise<string> {
  const h = await openFeishuApp();
  const bare = Fastify();
  bare.post('/bare', async () => ({}));
  try {
    h.bind('小李', 'ou_bench');
    const key = h.services.config.FEISHU_ENCRYPT_KEY!;
    const now = h.clock.now().getTime();
    const feishuUrl = await listen(h.app, '/feishu/events');
    const bareUrl = await listen(bare, '/bare');
    await paced(feishuUrl, events('warm', 50, key, now)); // JIT and connection warm-up
    await h.adapter.idle();
    const f = await paced(feishuUrl, events('paced', PACED_EVENTS, key, now));
    const t0 = performance.now();
    await h.adapter.idle(); // the commands queued behind the acks; the bare run must not share the CPU with them
    const drainMs = performance.now() - t0;
    const b = await paced(bareUrl, events('bare', PACED_EVENTS, key, now));
    const fBurst = await burst(feishuUrl, events('burst', BURST_EVENTS, key, now));
    await h.adapter.idle();
    const bBurst = await burst(bareUrl, events('bburst', BURST_EVENTS, key, now));
    const replies = h.fake.messages().length;
    const p99 = pct(f.lat, 99);
    return [
      `feishu /feishu/events ack, ${PACED_EVENTS} signed+encrypted /log events at ${RATE}/s: p50 ${fmt(pct(f.lat, 50))} ms, p99 ${fmt(p99)} ms, max ${fmt(f.lat.at(-1)!)} ms (${fmt(PACED_EVENTS / f.seconds)} ev/s sent)`,
      `bare fastify route, same bodies at ${RATE}/s:                 p50 ${fmt(pct(b.lat, 50))} ms, p99 ${fmt(pct(b.lat, 99))} ms, max ${fmt(b.lat.at(-1)!)} ms`,
      `throughput (${BURST_EVENTS} events, ${BURST_CONCURRENCY} concurrent): feishu ${fBurst.toFixed(0)} acks/s, bare ${bBurst.toFixed(0)} acks/s`,
      `background work: ${replies} replies sent to the fake Feishu API; the paced run's commands finished ${fmt(drainMs)} ms after its last ack`,
      `target ack p99 < ${TARGET_P99_MS} ms at ${RATE} events/s: ${p99 < TARGET_P99_MS ? 'PASS' : 'FAIL'}`,
    ].join('\n');
  } finally {
    await bare.close();
    await h.close();
  }
}

// Run alone: npx tsx bench/feishu.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  benchFeishu().then(
    (s) => console.log(s),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
