import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { messagePayload, wire } from '../tests/helpers/feishu-sign.js';

// The load generator of `npm run bench -- acks`, in a process of its own so its CPU is not charged
// to either server: autocannon, cycling through pre-signed requests (each event has its own id,
// nonce and signature, so the durable inbox never sees a duplicate). Reads a JSON job file, prints
// autocannon's summary as one JSON line.

interface Job {
  url: string;
  requests: Array<{ body: string; headers: Record<string, string> }>;
  /** Instead of `requests`: Feishu messages signed when sent (the stall bench's long phases outlast a pre-signed timestamp's window). */
  feishu?: { prefix: string; encryptKey: string; token: string; messages: Array<{ openId: string; text: string }> };
  connections: number;
  amount: number;
  /** Requests per second over all connections (the stall bench); absent: as fast as the server acks. */
  overallRate?: number;
}

interface Summary {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

const autocannon = createRequire(import.meta.url)('autocannon') as (opts: unknown) => Promise<Summary> & { stop(): void };
const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
let i = 0;
const signed = (n: number, f: NonNullable<Job['feishu']>) => {
  const m = f.messages[n % f.messages.length]!;
  const payload = messagePayload({ text: m.text, messageId: `om_${f.prefix}_${n}`, userId: m.openId, token: f.token });
  return wire(payload, { encryptKey: f.encryptKey, nowMs: Date.now() });
};
const run = autocannon({
  url: job.url,
  connections: job.connections,
  amount: job.amount,
  ...(job.overallRate ? { overallRate: job.overallRate } : {}),
  requests: [
    {
      method: 'POST',
      setupRequest: (req: Record<string, unknown>) => {
        const n = i++;
        const r = job.feishu ? signed(n, job.feishu) : job.requests[n % job.requests.length]!;
        return { ...req, body: r.body, headers: r.headers };
      },
    },
  ],
});
// SIGTERM ends the run early and still prints its summary (the stall bench stops the load when a phase ends).
process.once('SIGTERM', () => run.stop());
const result = await run;
const done = result.non2xx === 0 ? job.amount : job.amount - result.non2xx;
console.log(
  JSON.stringify({
    rps: result.requests.average,
    acked: done,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    total: result.requests.total,
  }),
);
