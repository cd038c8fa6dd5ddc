import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FEISHU_TEST_ENV } from './fake-feishu.js';
import { messagePayload, wire } from './feishu-sign.js';

// Runs the real server (`tsx src/main.ts`) as a child process on loopback, so a test can SIGKILL
// it mid-burst and start it again on the same database file.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  url: string;
  proc: ChildProcess;
  kill(): Promise<void>;
}

/** Starts src/main.ts with `env` and resolves with its URL once it listens (PORT=0: any free port). */
export function startChildServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ChildServer> {
  // node itself with tsx as a loader, not the tsx CLI: the CLI runs the server in a grandchild that a
  // SIGKILL to the CLI would leave running.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const kill = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`child server did not start:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.stdout!.resume(); // keep draining so the child never blocks on a full pipe
      resolve({ url: m[1]!, proc, kill });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child server exited (${code}):\n${out.slice(-2000)}`));
    });
  });
}

/**
 * Posts a signed, encrypted Feishu `/log` of 样本客户<i> (tests/helpers/team.ts seedNumberedCustomers) from ou_li
 * to a child server; resolves with the HTTP status, or rejects when the connection dies or times out.
 */
export async function postNumberedLog(url: string, i: number, idPrefix: string, timeoutMs: number): Promise<number> {
  const payload = messagePayload({
    text: `/log 现场回访 样本客户${String(i).padStart(4, '0')}`,
    messageId: `om_${idPrefix}_${i}`,
    eventId: `ev_${idPrefix}_${i}`,
    userId: 'ou_li',
    token: FEISHU_TEST_ENV.FEISHU_VERIFICATION_TOKEN,
  });
  const req = wire(payload, { encryptKey: FEISHU_TEST_ENV.FEISHU_ENCRYPT_KEY, nowMs: Date.now() });
  const res = await fetch(`${url}/feishu/events`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.text();
  return res.status;
}
