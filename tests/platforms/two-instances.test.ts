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

// Two instances on one database file (docs/operations.md), each a real server process on loopback:
// 1,000 signed, encrypted Feishu /log events split across both, every one acked and stored once
// (issue 13 item 2). Before IMMEDIATE transactions, 95 of 100 were stored.

const N = 1000;
let dir = '';
const children: ChildServer[] = [];
let fake: FakeFeishu | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
  await fake?.close();
  fake = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const deliver = (url: string, i: number) => postNumberedLog(url, i, 'two', 10_000);

/** Sends ids [from, to) to one instance, at most 16 in flight. */
async function burst(url: string, from: number, to: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = from;
  const worker = async () => {
    while (next < to) statuses.push(await deliver(url, next++));
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return statuses;
}

describe('two instances on one file', () => {
  it('1,000 events split across both are all acked and stored exactly once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-two-'));
    const path = join(dir, 'warroom.db');
    const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    const services = createServices({ config, db: openDb(path), clock: systemClock, log: pino({ level: 'silent' }) });
    seedReferenceData(services);
    const team = seedSmallTeam(services);
    seedNumberedCustomers(services, team.region.id, team.li.id, N);
    services.repos.members.bindIdentity(team.li.id, 'feishu', 'ou_li');
    services.db.$client.close();
    fake = await startFakeFeishu();
    // One rep sends the whole burst: lift the per-member chat limit (src/http/inbound-guard.ts).
    const env = { ...FEISHU_TEST_ENV, FEISHU_API_BASE: fake.url, DATABASE_PATH: path, RATE_LIMIT_CHAT_PER_MINUTE: '10000' };
    const [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
    children.push(a!, b!);
    const statuses = (await Promise.all([burst(a!.url, 0, N / 2), burst(b!.url, N / 2, N)])).flat();
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const db = new Database(path, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const end = Date.now() + 150_000;
    while (count("SELECT count(*) AS n FROM inbound_events WHERE state = 'pending'") > 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 250));
    expect(count('SELECT count(*) AS n FROM action_logs')).toBe(N);
    expect(count('SELECT count(DISTINCT source_message_id) AS n FROM action_logs')).toBe(N);
    db.close();
  }, 240_000);
});
