import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { feishuSettings, resumeInbox } from '../../src/adapters.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb, SERVER_BUSY_TIMEOUT_MS } from '../../src/db/client.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createFeishuAdapter } from '../../src/platforms/feishu/index.js';
import { createServices } from '../../src/services.js';
import { type FakeFeishu, FEISHU_TEST_ENV, startFakeFeishu } from '../helpers/fake-feishu.js';
import { messagePayload, wire } from '../helpers/feishu-sign.js';
import { seedSmallTeam } from '../helpers/team.js';
import { FIXED_NOW } from '../helpers/test-app.js';

// Writes that survive a second writer (issue 13 item 2): another connection holds the write lock (as
// `npm run import`, a job of another instance or a `BEGIN EXCLUSIVE` in sqlite3 would); the server's
// own busy wait is a few ms and contended work is retried asynchronously, so the event loop keeps
// answering and nothing acked is lost or dropped as a duplicate.

let dir = '';
let fake: FakeFeishu | null = null;
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  await fake?.close();
  fake = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openOnFile() {
  dir = mkdtempSync(join(tmpdir(), 'warroom-busy-'));
  const path = join(dir, 'warroom.db');
  fake = await startFakeFeishu();
  const env = { DATABASE_PATH: path, LOG_LEVEL: 'silent', CONSOLE_ENABLED: 'true', ...FEISHU_TEST_ENV, FEISHU_API_BASE: fake.url };
  const config = loadConfig(env);
  const clock = fixedClock(FIXED_NOW);
  const services = createServices({
    config,
    db: openDb(path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS }),
    clock,
    log: pino({ level: 'silent' }),
  });
  seedReferenceData(services);
  const team = seedSmallTeam(services);
  services.repos.members.bindIdentity(team.li.id, 'feishu', 'ou_li');
  let feishu!: ReturnType<typeof createFeishuAdapter>;
  const built = await buildApp(services, [(d) => (feishu = createFeishuAdapter(d, feishuSettings(config), { sleep: async () => {} }))]);
  closers.push(
    () => {
      services.db.$client.close();
    },
    () => built.app.close(),
  );
  // The other writer: a second connection holding the write lock until released.
  const other = new Database(path);
  closers.push(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  });
  const lock = () => other.exec('BEGIN EXCLUSIVE');
  const release = () => other.exec('COMMIT');
  const logs = () => (other.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number }).n;
  return { ...built, services, clock, feishu, lock, release, logs };
}

const later = (ms: number, fn: () => void) =>
  new Promise<void>((r) =>
    setTimeout(() => {
      fn();
      r();
    }, ms),
  );

describe('a second writer holds the lock', () => {
  it('/healthz answers at once and says the database is busy', async () => {
    const t = await openOnFile();
    t.lock();
    const started = performance.now();
    const res = await t.app.inject({ url: '/healthz' });
    expect(performance.now() - started).toBeLessThan(100);
    expect(res.json()).toMatchObject({ database: { ok: true, busy: true } });
    t.release();
    expect((await t.app.inject({ url: '/healthz' })).json()).toMatchObject({ database: { busy: false } });
  });

  it('a console /log waits asynchronously for the lock (the event loop keeps serving) and is stored once', async () => {
    const t = await openOnFile();
    t.lock();
    const log = t.app.inject({
      method: 'POST',
      url: '/console/messages',
      payload: { as: '小李', text: '/log 现场回访 华东重工', id: 'c-busy-1' },
    });
    const health = await t.app.inject({ url: '/healthz' }); // answered while the /log is still waiting
    expect(health.json()).toMatchObject({ database: { busy: true } });
    await later(300, t.release);
    const res = await log;
    expect(res.statusCode).toBe(200);
    expect(res.json().replies[0].text).toContain('华东重工');
    expect(t.logs()).toBe(1);
  });

  it('a Feishu event is acked once durable; one that meets the lock while processing stays pending and is retried, never dropped', async () => {
    const t = await openOnFile();
    const p = messagePayload({
      text: '/log 现场回访 华东重工',
      messageId: 'om_busy_1',
      eventId: 'ev_busy_1',
      userId: 'ou_li',
      token: 'v-token-1',
    });
    const req = wire(p, { encryptKey: 'e-key-1', nowMs: t.clock.now().getTime() });
    t.lock();
    const post = t.app.inject({ method: 'POST', url: '/feishu/events', headers: req.headers, payload: req.body });
    await later(150, t.release);
    expect((await post).statusCode).toBe(200);
    await t.feishu.idle();
    expect(t.logs()).toBe(1);
    // Processing under the lock: the event is in the inbox, the lock is taken, then processing runs.
    const event = {
      kind: 'message' as const,
      platform: 'feishu' as const,
      eventId: 'om_busy_2',
      messageId: 'om_busy_2',
      chat: { platform: 'feishu' as const, chatId: 'oc_dm_ou_li', kind: 'dm' as const },
      sender: { platform: 'feishu' as const, userId: 'ou_li' },
      text: '/log 现场回访 华东精密机械',
    };
    t.services.repos.inbound.accept('feishu', 'om_busy_2', JSON.stringify(event), t.clock.now().getTime());
    t.lock();
    resumeInbox(t.services, [t.feishu]);
    await later(300, () => {
      expect(t.services.repos.inbound.get('feishu', 'om_busy_2')!.state).toBe('pending');
      t.release();
    });
    await t.feishu.idle();
    expect(t.logs()).toBe(2);
    expect(t.services.repos.inbound.get('feishu', 'om_busy_2')!.state).toBe('done');
    expect(fake!.messages()).toHaveLength(2);
  });
});
