import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainDatabaseFailure } from '../../src/db/open-errors.js';

// npm start against a database it cannot use: one line naming DATABASE_PATH, the path and what to
// do, exit code 1, and a stack only with LOG_LEVEL=debug.

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', JOBS_ENABLED: 'false', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('database start-up errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-start-'));
  writeFileSync(join(dir, 'plain-file'), 'not a folder');
  writeFileSync(join(dir, 'garbage.db'), 'this is not a SQLite database, just text long enough to have a header'.repeat(20));
  mkdirSync(join(dir, 'a-folder.db'));
  const cases = [
    { path: join(dir, 'plain-file', 'warroom.db'), fix: /regular file, not a folder/ },
    { path: join(dir, 'garbage.db'), fix: /not a SQLite database or is damaged.*npm run restore/ },
    { path: join(dir, 'a-folder.db'), fix: /SQLite cannot open it/ },
  ];

  it('end in one line naming DATABASE_PATH, the path and the fix, exit 1, no stack', async () => {
    const runs = await Promise.all(cases.map((c) => start({ DATABASE_PATH: c.path })));
    for (const [i, r] of runs.entries()) {
      const c = cases[i]!;
      expect(r.code, c.path).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toContain(`DATABASE_PATH=${c.path}`);
      expect(lines[0]).toMatch(c.fix);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it('show the stack with LOG_LEVEL=debug', async () => {
    const r = await start({ DATABASE_PATH: cases[0]!.path, LOG_LEVEL: 'debug' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toContain('DATABASE_PATH=');
    expect(r.stderr).toMatch(/\n\s+at /);
  }, 60_000);

  it('name the fix for a read-only file, a full disk and a failed migration', () => {
    const ro = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(explainDatabaseFailure('data/w.db', ro)).toMatch(
      /^Cannot open the database DATABASE_PATH=data\/w\.db: the file or its folder is read-only/,
    );
    expect(explainDatabaseFailure('x.db', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toMatch(
      /disk is full/,
    );
    expect(
      explainDatabaseFailure('x.db', new Error('Failed to run the query', { cause: new Error('table `members` already exists') })),
    ).toMatch(/migration failed/);
  });
});
