import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/reply.js';
import { openDb } from '../../src/db/client.js';
import { dueItems } from '../../src/db/schema.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { CONSOLE_GROUP } from '../../src/platforms/console/parse.js';
import type { PlatformAdapter, SendTarget } from '../../src/platforms/types.js';
import { createServices, type Services } from '../../src/services.js';
import { seedSmallTeam } from '../helpers/team.js';
import { testServices } from '../helpers/test-app.js';

// Shared set-up for the job tests: the small team, its region bound to the console group, and
// extra due items so that 小李 is under 70% in the weeks of 11-16 and 11-23.

/** Monday 2026-11-30 09:07 in Asia/Shanghai: the scheduled Monday report of 2026-W49. */
export const MONDAY_0907 = '2026-11-30T01:07:00.000Z';

export function addItem(
  services: Services,
  memberId: number,
  customerId: number,
  dueDate: string,
  status: 'open' | 'done' = 'open',
  actionCode = 'tech_qa',
) {
  return services.db
    .insert(dueItems)
    .values({
      memberId,
      customerId,
      actionCode,
      period: `T-${dueDate}-${Math.random()}`,
      windowStart: dueDate,
      windowEnd: dueDate,
      dueDate,
      status,
    })
    .returning()
    .get();
}

export function seedJobsTeam(services: Services) {
  const team = seedSmallTeam(services);
  services.repos.regions.bindChat(team.region.id, 'console', CONSOLE_GROUP);
  addItem(services, team.li.id, team.customers.hdzg.id, '2026-11-17');
  addItem(services, team.li.id, team.customers.hdjx.id, '2026-11-18', 'done');
  addItem(services, team.li.id, team.customers.hdjx.id, '2026-11-19');
  // 老王 completes everything: never warned.
  addItem(services, team.wang.id, team.customers.jlj.id, '2026-11-24', 'done', 'satisfaction_survey');
  return team;
}

export function jobsSetup(now: string = MONDAY_0907, env: Record<string, string> = {}) {
  const { services, clock } = testServices(env, now);
  const team = seedJobsTeam(services);
  return { services, clock, team };
}

/** A send-capable adapter that records calls and, like Feishu's uuid, delivers a key only once. */
export function fakeAdapter(platform: PlatformAdapter['platform'] = 'console', behaviour?: (call: number) => void | Promise<void>) {
  const calls: Array<{ target: SendTarget; reply: Reply; key: string }> = [];
  const delivered = new Map<string, Reply>();
  const adapter: PlatformAdapter = {
    platform,
    register() {},
    render: (r) => r,
    async send(target, reply, key) {
      calls.push({ target, reply, key });
      await behaviour?.(calls.length);
      if (!delivered.has(key)) delivered.set(key, reply);
    },
  };
  return { adapter, calls, delivered };
}

/** A file database in a temp dir that several handles (instances) can open. */
export function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-jobs-'));
  const path = join(dir, 'warroom.db');
  const open = (now: string) => {
    const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    const clock = fixedClock(now);
    const services = createServices({ config, db: openDb(path), clock, log: pino({ level: 'silent' }) });
    seedReferenceData(services);
    return { services, clock };
  };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  onTestFinished(cleanup);
  return { path, open, cleanup };
}

export function outboxRows(
  services: Services,
): Array<{ idempotency_key: string; state: string; attempts: number; target_id: string; payload_json: string }> {
  return services.db.$client.prepare('SELECT * FROM outbox ORDER BY id').all() as never;
}
