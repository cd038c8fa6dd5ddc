import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Member } from '../../db/repos/members.repo.js';
import type { Services } from '../../services.js';

// Signed dashboard links (/看板). The token is base64url(JSON payload) + '.' + base64url(HMAC-SHA256
// of that text). It carries the member's role so the page scopes what it shows; the expiry comes
// from services.clock, so tests (and a wrong system clock) cannot disagree with the bot.

export interface LinkPayload {
  /** Member id. */
  m: number;
  role: Member['role'];
  /** Region id, null for an admin without a region. */
  g: number | null;
  /** Expiry, epoch ms. */
  exp: number;
}

export type VerifyResult = { ok: true; payload: LinkPayload } | { ok: false; reason: 'invalid' | 'expired' };

const b64 = (buf: Buffer) => buf.toString('base64url');
const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

export function signToken(secret: string, payload: LinkPayload): string {
  const body = b64(Buffer.from(JSON.stringify(payload), 'utf8'));
  return `${body}.${b64(mac(secret, body))}`;
}

export function verifyToken(secret: string, token: string | undefined, nowMs: number): VerifyResult {
  const [body, sig, extra] = (token ?? '').split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  // Constant-time compare; the length check first is required by timingSafeEqual and leaks nothing secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let payload: LinkPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkPayload;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof payload.exp !== 'number' || typeof payload.m !== 'number') return { ok: false, reason: 'invalid' };
  if (payload.exp <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

/**
 * DASHBOARD_SECRET, or a random secret generated once and kept in `<data dir>/dashboard-secret`
 * (beside DATABASE_PATH) so that links survive restarts. An in-memory database (tests) keeps it
 * in memory for the life of the process.
 */
export function dashboardSecret(services: Services): string {
  if (services.config.DASHBOARD_SECRET) return services.config.DASHBOARD_SECRET;
  return services.memo.get('dashboard-secret', () => readOrCreateSecret(services));
}

function readOrCreateSecret(services: Services): string {
  let secret: string;
  if (services.config.DATABASE_PATH === ':memory:') {
    secret = b64(randomBytes(32));
  } else {
    const file = join(dirname(resolve(services.config.DATABASE_PATH)), 'dashboard-secret');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // 'wx' fails if another process created it meanwhile; then its secret (read below) wins.
      try {
        writeFileSync(file, `${b64(randomBytes(32))}\n`, { mode: 0o600, flag: 'wx' });
      } catch {
        /* raced */
      }
    }
    secret = readFileSync(file, 'utf8').trim();
  }
  return secret;
}

/** The full link for a member, valid DASHBOARD_LINK_DAYS from now. */
export function dashboardLink(services: Services, member: Member): { url: string; expiresAt: Date } {
  const { config } = services;
  const exp = services.clock.now().getTime() + config.DASHBOARD_LINK_DAYS * 86_400_000;
  const token = signToken(dashboardSecret(services), { m: member.id, role: member.role, g: member.regionId, exp });
  const base = (config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
  return { url: `${base}/warroom?t=${token}`, expiresAt: new Date(exp) };
}
