import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardSecret, signToken, verifyToken } from '../../src/method/access/link.js';
import { testServices } from '../helpers/test-app.js';

const payload = { m: 7, role: 'rep' as const, g: 1, exp: 2_000 };

describe('signed dashboard tokens', () => {
  it('verifies its own signature until the expiry, from the given clock', () => {
    const token = signToken('s'.repeat(32), payload);
    expect(verifyToken('s'.repeat(32), token, 1_999)).toEqual({ ok: true, payload });
    expect(verifyToken('s'.repeat(32), token, 2_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed payload, a changed or truncated signature, another secret and junk', () => {
    const secret = 's'.repeat(32);
    const token = signToken(secret, payload);
    const [body, sig] = token.split('.') as [string, string];
    const raised = Buffer.from(JSON.stringify({ ...payload, role: 'manager' })).toString('base64url');
    for (const bad of [`${raised}.${sig}`, `${body}.${sig.slice(1)}`, `${body}.${sig}.x`, `${body}.`, 'abc', undefined]) {
      expect(verifyToken(secret, bad, 0)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(verifyToken('t'.repeat(32), token, 0)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('the secret', () => {
  it('uses DASHBOARD_SECRET when set', () => {
    const { services } = testServices({ DASHBOARD_SECRET: 'configured-secret-123' });
    expect(dashboardSecret(services)).toBe('configured-secret-123');
  });

  it('is generated once and kept in the data directory, so links survive a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-secret-'));
    const env = { DATABASE_PATH: join(dir, 'warroom.db') };
    const first = dashboardSecret(testServices(env).services);
    const file = join(dir, 'dashboard-secret');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(dashboardSecret(testServices(env).services)).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(40);
  });
});
