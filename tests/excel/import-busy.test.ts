import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb, SERVER_BUSY_TIMEOUT_MS } from '../../src/db/client.js';
import { importXlsx } from '../../src/method/excel/import.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createServices, type Services } from '../../src/services.js';
import { FIXED_NOW } from '../helpers/test-app.js';
import { seedTeamWithOrders, workbook } from './fixtures.js';

// An import beside another writer (npm run job, a fix typed in sqlite3, the heavy worker): the apply
// is retried with backoff on timers while the lock is taken, and a lock that stays taken gets a
// Chinese problem in the report, nothing written, instead of an error (issue 13 item 2).

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function onFile(): { services: Services; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-import-busy-'));
  const path = join(dir, 'warroom.db');
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
  const db = openDb(path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  const services = createServices({ config, db, clock: fixedClock(FIXED_NOW), log: pino({ level: 'silent' }) });
  cleanup.push(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  seedReferenceData(services);
  seedTeamWithOrders(services);
  return { services, path };
}

function holdWriteLock(path: string): () => void {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  let held = true;
  const release = () => {
    if (held) other.exec('ROLLBACK');
    held = false;
    other.close();
  };
  cleanup.push(() => held && release());
  return release;
}

const customers = (s: Services) => s.repos.customers.all().length;

describe('an import while another connection holds the write lock', { timeout: 60_000 }, () => {
  it('is applied once the lock is let go', async () => {
    const { services, path } = onFile();
    const release = holdWriteLock(path);
    const file = await workbook({ 客户: [['甲公司', '小李', '成长型', null, '300万', null, null]] });
    // Let go well after the file is read and checked: the apply meets the lock and retries.
    setTimeout(release, 1_000);
    const r = await importXlsx(services, file);
    expect(r).toMatchObject({ ok: true, applied: true });
    expect(customers(services)).toBe(4);
  });

  it('reports the busy database in Chinese and writes nothing when the lock is never let go', async () => {
    const { services, path } = onFile();
    holdWriteLock(path);
    const r = await importXlsx(services, await workbook({ 客户: [['甲公司', '小李', '成长型', null, '300万', null, null]] }));
    expect(r).toMatchObject({ ok: false, applied: false, result: null });
    expect(r.plan.problems).toEqual([expect.objectContaining({ reason: expect.stringContaining('数据库正忙') })]);
    expect(customers(services)).toBe(3);
  });
});
