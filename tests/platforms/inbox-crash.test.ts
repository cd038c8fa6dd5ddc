import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { openDb } from '../../src/db/client.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createServices } from '../../src/services.js';
import { type ChildServer, postNumberedLog, startChildServer } from '../helpers/child-server.js';
import { type FakeFeishu, FEISHU_TEST_ENV, startFakeFeishu } from '../helpers/fake-feishu.js';
import { seedNumberedCustomers, seedSmallTeam } from '../helpers/team.js';

// Acked means durable (issue 13 item 1): the real server in a child process, signed and encrypted
// Feishu events on loopback, SIGKILL mid-burst, restart on the same file, redeliver what was not
// acked (as Feishu does, docs/platforms/feishu.md §2.2), and every event is processed exactly once.

const N = 60;
let dir = '';
let child: ChildServer | null = null;
let fake: FakeFeishu | null = null;
afterEach(async () => {
  await child?.kill();
  child = null;
  await fake?.close();
  fake = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function seed(path: string): void {
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
  const services = createServices({ config, db: openDb(path), clock: systemClock, log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  const team = seedSmallTeam(services);
  seedNumberedCustomers(services, team.region.id, team.li.id, N);
  services.repos.members.bindIdentity(team.li.id, 'feishu', 'ou_li');
  services.db.$client.close();
}

/** Posts message i; true when the server acked it with 200. */
async function deliver(url: string, i: number): Promise<boolean> {
  try {
    return (await postNumberedLog(url, i, 'burst', 5_000)) === 200;
  } catch {
    return false; // the connection died with the process: not acked
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the inbox to drain');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('durable inbox across a crash', () => {
  it('every acked event is processed exactly once after SIGKILL mid-burst and a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-crash-'));
    const path = join(dir, 'warroom.db');
    seed(path);
    fake = await startFakeFeishu();
    // One rep sends the whole burst: lift the per-member chat limit (src/http/inbound-guard.ts).
    const env = { ...FEISHU_TEST_ENV, FEISHU_API_BASE: fake.url, DATABASE_PATH: path, RATE_LIMIT_CHAT_PER_MINUTE: '10000' };
    child = await startChildServer(env);
    const acked = new Set<number>();
    // The burst: all at once, so acks run ahead of the one-at-a-time processing; kill after 30 acks.
    const first = child;
    const sends = Array.from({ length: N }, (_, i) =>
      deliver(first.url, i).then((ok) => {
        if (ok) acked.add(i);
        if (acked.size === 30) void first.kill();
      }),
    );
    await Promise.all(sends);
    await first.kill();
    const db = new Database(path, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const pendingAtCrash = count("SELECT count(*) AS n FROM inbound_events WHERE state = 'pending'");
    expect(acked.size).toBeGreaterThanOrEqual(30);
    expect(pendingAtCrash).toBeGreaterThan(0); // the crash did catch acked work unfinished

    child = await startChildServer(env);
    const second = child;
    // Feishu redelivers what was not acked, and (at least once) some of what was.
    for (let i = 0; i < N; i++) if (!acked.has(i) || i % 7 === 0) expect(await deliver(second.url, i)).toBe(true);
    await until(
      () =>
        count("SELECT count(*) AS n FROM inbound_events WHERE state = 'pending'") === 0 &&
        count('SELECT count(*) AS n FROM action_logs') >= N,
      30_000,
    );
    const perMessage = db
      .prepare('SELECT source_message_id AS id, count(*) AS n FROM action_logs GROUP BY source_message_id')
      .all() as Array<{ id: string; n: number }>;
    db.close();
    expect(perMessage).toHaveLength(N);
    expect(perMessage.every((r) => r.n === 1)).toBe(true);
    for (const i of acked) expect(perMessage.some((r) => r.id === `om_burst_${i}`)).toBe(true);
  }, 90_000);
});
