import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { backupTo, checkBackup, claimDatabase, restoreFrom, serverOn } from '../../src/db/backup.js';
import { openDb } from '../../src/db/client.js';
import { seedDemo } from '../../src/demo/seed.js';
import { runBackup } from '../../src/jobs/backup.js';
import { runIfDue } from '../../src/jobs/runner.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createServices } from '../../src/services.js';
import { FIXED_NOW } from '../helpers/test-app.js';

function fileServices(dir: string, env: Record<string, string> = {}) {
  const path = join(dir, 'warroom.db');
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent', ...env });
  const services = createServices({ config, db: openDb(path), clock: fixedClock(FIXED_NOW), log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  return { services, path };
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('backups', () => {
  it('a backup taken during a burst of writes restores with integrity_check ok and every acknowledged row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-backup-'));
    const { services, path } = fileServices(dir);
    seedDemo(services);
    const sqlite = services.db.$client;
    const insert = sqlite.prepare('INSERT INTO inbound_events (platform, event_id, received_at) VALUES (?, ?, ?)');
    let acked = 0;
    let done = false;
    // Writes keep landing, one committed row per event-loop turn, while the backup copies pages.
    const writer = (async () => {
      while (!done) {
        insert.run('console', `burst-${acked}`, Date.now());
        acked += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const file = join(dir, 'backups', 'copy.db');
    const pending = backupTo(sqlite, file);
    const ackedAtStart = acked;
    await pending;
    const ackedWhenDone = acked;
    done = true;
    await writer;
    expect(ackedWhenDone).toBeGreaterThan(ackedAtStart);
    expect(checkBackup(file)).toEqual([]);
    const copy = new Database(file, { readonly: true });
    // Every row committed before the backup finished is in it (SQLite restarts or updates the copy on writes).
    expect(count(copy, 'inbound_events')).toBeGreaterThanOrEqual(ackedWhenDone);
    const tables = [
      'regions',
      'members',
      'customers',
      'stage_changes',
      'orders',
      'due_items',
      'action_logs',
      'target_versions',
      'job_runs',
    ];
    const want = Object.fromEntries(tables.map((t) => [t, count(sqlite, t)]));
    copy.close();
    sqlite.close();

    restoreFrom(file, path, 'test');
    const restored = new Database(path);
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(Object.fromEntries(tables.map((t) => [t, count(restored, t)]))).toEqual(want);
    for (let i = 0; i < ackedWhenDone; i++)
      expect(restored.prepare('SELECT 1 FROM inbound_events WHERE event_id = ?').get(`burst-${i}`), `burst-${i}`).toBeTruthy();
    restored.close();
    expect(readdirSync(dir)).toContain('warroom.db.before-restore-test');
  }, 60_000);

  it('restore refuses a damaged file, a database from a newer version, and a database a server runs on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-restore-'));
    const { services, path } = fileServices(dir);
    writeFileSync(join(dir, 'garbage.db'), 'x'.repeat(4096));
    expect(checkBackup(join(dir, 'garbage.db')).join()).toMatch(/无法打开|检查.*失败|integrity/);
    expect(checkBackup(join(dir, 'missing.db')).join()).toContain('找不到备份文件');
    services.db.$client.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 9_999_999_999_999);
    services.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(checkBackup(path).join()).toContain('备份来自更新的版本');
    services.db.$client.close();
    // A live process holds the database: restore must refuse.
    const sleeper = spawn('sleep', ['30']);
    writeFileSync(`${path}.pid`, String(sleeper.pid));
    expect(serverOn(path)).toBe(sleeper.pid);
    sleeper.kill();
    const release = claimDatabase(path);
    expect(existsSync(`${path}.pid`)).toBe(true);
    // Another instance claimed it since: releasing ours leaves theirs.
    writeFileSync(`${path}.pid`, '999999');
    release();
    expect(existsSync(`${path}.pid`)).toBe(true);
    claimDatabase(path)();
    expect(serverOn(path)).toBeNull();
  });

  it('the nightly job is off without BACKUP_DIR, and keeps BACKUP_KEEP copies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-nightly-'));
    const off = fileServices(dir);
    expect(runBackup(off.services, new Date(FIXED_NOW)).status).toBe('skipped');
    // The scheduler does not even consider it.
    expect(runIfDue(off.services, 'backup', 'a', new Date('2026-11-26T18:00:00Z'))).toBeNull();
    off.services.db.$client.close();
    const backups = join(dir, 'nightly');
    const { services } = fileServices(dir, { BACKUP_DIR: backups, BACKUP_KEEP: '2' });
    for (const at of ['2026-11-24T18:00:00Z', '2026-11-25T18:00:00Z', '2026-11-26T18:00:00Z']) {
      const r = runBackup(services, new Date(at));
      expect(r.status).toBe('done');
      await r.pending;
    }
    expect(runBackup(services, new Date('2026-11-26T19:00:00Z')).status).toBe('already');
    // Due at SCHEDULE_BACKUP (02:23 team time) once BACKUP_DIR is set: the scheduler runs it for the 28th.
    const scheduled = runIfDue(services, 'backup', 'a', new Date('2026-11-27T18:30:00Z'));
    expect(scheduled).toMatchObject({ job: 'backup', status: 'done', period: '2026-11-28' });
    await scheduled!.pending;
    expect(readdirSync(backups).sort()).toEqual(['warroom-2026-11-27.db', 'warroom-2026-11-28.db']);
    expect(checkBackup(join(backups, 'warroom-2026-11-28.db'))).toEqual([]);
    services.db.$client.close();
  });
});
