import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { PlatformVerificationError } from '../types.js';

// Request authenticity for webhook mode. Pure: the caller passes the raw body, headers and the
// clock's "now". Facts cited are in docs docs/platforms/feishu.md §1.5 and §1.7.

/**
 * The timestamp header is the time of this request (each push and retry is a new request), so a
 * small window suffices. A replay inside the window carries an event already claimed in SQLite,
 * which the router drops; a replay outside it is refused here.
 */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export interface FeishuSecrets {
  encryptKey?: string | undefined;
  verificationToken?: string | undefined;
}

type Headers = Record<string, string | string[] | undefined>;

export type Envelope = Record<string, unknown>;

export type Opened = { kind: 'challenge'; challenge: string } | { kind: 'event'; envelope: Envelope };

/** AES-256-CBC, key = SHA-256(encrypt key), IV = the first 16 bytes of the base64 payload (docs/platforms/feishu.md §1.7). */
export function decrypt(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32) throw new Error('encrypted payload too short');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** hex(sha256(timestamp + nonce + encryptKey + rawBody)): the platform signs the raw bytes, not re-serialised JSON. */
export function computeSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}

/** Constant-time string comparison; unequal lengths are compared against themselves to keep timing flat. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) {
    timingSafeEqual(ba, ba);
    return false;
  }
  return timingSafeEqual(ba, bb);
}

function header(h: Headers, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function fail(message: string): never {
  throw new PlatformVerificationError(message, 'feishu');
}

/** Throws PlatformVerificationError unless the signature matches and the timestamp is fresh. */
export function verifySignature(rawBody: string, headers: Headers, encryptKey: string, nowMs: number): void {
  const ts = header(headers, 'x-lark-request-timestamp');
  const nonce = header(headers, 'x-lark-request-nonce');
  const sig = header(headers, 'x-lark-signature');
  if (!ts || !nonce || !sig) fail('Feishu signature headers missing');
  const sentMs = Number(ts) * 1000; // seconds on the wire
  if (!Number.isFinite(sentMs) || Math.abs(nowMs - sentMs) > SIGNATURE_WINDOW_MS) fail('Feishu request timestamp outside the window');
  if (!safeEqual(sig.toLowerCase(), computeSignature(ts, nonce, encryptKey, rawBody))) {
    fail('Feishu signature mismatch: check FEISHU_ENCRYPT_KEY matches the Encrypt Key in the developer console');
  }
}

function parseJson(raw: string): Envelope {
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Envelope;
  } catch {
    /* fall through */
  }
  return fail('Feishu body is not a JSON object');
}

/** The Verification Token sits in header.token (schema 2.0) or at the top level (challenge, schema 1.0). */
function tokenOf(env: Envelope): string | undefined {
  const h = env.header as { token?: unknown } | undefined;
  const t = h?.token ?? env.token;
  return typeof t === 'string' ? t : undefined;
}

function checkToken(env: Envelope, expected: string | undefined): void {
  // The SDK does not check the token for events (docs/platforms/feishu.md §1.3), so we do.
  if (!expected) return;
  const got = tokenOf(env);
  if (!got || !safeEqual(got, expected)) fail('Feishu verification token mismatch: check FEISHU_VERIFICATION_TOKEN');
}

/**
 * Verifies, decrypts and classifies one webhook request. The url_verification challenge is not
 * signed ("不包括请求网址校验"), so it is answered after the token check only; everything else must
 * carry a valid signature whenever an encrypt key is configured.
 */
export function openRequest(rawBody: string, headers: Headers, secrets: FeishuSecrets, nowMs: number): Opened {
  const outer = parseJson(rawBody);
  let env = outer;
  if (typeof outer.encrypt === 'string') {
    if (!secrets.encryptKey) fail('Feishu sent an encrypted body but FEISHU_ENCRYPT_KEY is not set');
    try {
      env = parseJson(decrypt(secrets.encryptKey, outer.encrypt));
    } catch (err) {
      if (err instanceof PlatformVerificationError) throw err;
      fail('Feishu body could not be decrypted: check FEISHU_ENCRYPT_KEY');
    }
  }
  if (env.type === 'url_verification') {
    checkToken(env, secrets.verificationToken);
    if (typeof env.challenge !== 'string') fail('Feishu challenge missing');
    return { kind: 'challenge', challenge: env.challenge };
  }
  if (secrets.encryptKey) verifySignature(rawBody, headers, secrets.encryptKey, nowMs);
  checkToken(env, secrets.verificationToken);
  return { kind: 'event', envelope: env };
}
