import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isBusy, startupLock } from '../../src/db/client.js';
import { type ChildServer, startChildServer } from '../helpers/child-server.js';

// Two instances started together on an empty file with the demo (issue 13 item 5): migrations and the
// seed run under one exclusive start-up lock, so both come up and the demo is seeded once. Before,
// one crashed with "UNIQUE constraint failed: regions.name" in 1-2 runs of 3.

let dir = '';
const children: ChildServer[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('start-up lock', () => {
  it('is held by one starter at a time, and the database itself stays writable meanwhile', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-start-'));
    const path = join(dir, 'warroom.db');
    const release = startupLock(path);
    let second: unknown = null;
    try {
      startupLock(path, 0);
    } catch (err) {
      second = err;
    }
    expect(isBusy(second)).toBe(true);
    const db = new Database(path);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    db.close();
    release();
    startupLock(path, 0)();
  });

  it('two instances starting together on an empty file both come up, with one demo region', async () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-start-'));
    const path = join(dir, 'warroom.db');
    const env = { DATABASE_PATH: path, WARROOM_DEMO: '1' };
    const started = await Promise.allSettled([startChildServer(env, 90_000), startChildServer(env, 90_000)]);
    for (const s of started) if (s.status === 'fulfilled') children.push(s.value);
    expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const c of children) expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM regions WHERE name = '华东区'").get()).toEqual({ n: 1 });
    db.close();
  }, 120_000);
});
