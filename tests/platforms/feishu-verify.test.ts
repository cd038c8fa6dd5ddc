import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  decrypt,
  openRequest,
  SIGNATURE_WINDOW_MS,
  safeEqual,
  verifySignature,
} from '../../src/platforms/feishu/verify.js';
import { PlatformVerificationError } from '../../src/platforms/types.js';
import { encryptFeishu, fixture, signFeishu, wire } from '../helpers/feishu-sign.js';
import { FIXED_NOW } from '../helpers/test-app.js';

const NOW = new Date(FIXED_NOW).getTime();
const vectors = fixture<Array<{ source: string; encrypt_key: string; encrypt: string; plain: string }>>('decrypt-vectors.json');

describe('feishu decryption', () => {
  for (const v of vectors) {
    it(`decrypts the official vector: ${v.source}`, () => {
      expect(decrypt(v.encrypt_key, v.encrypt)).toBe(v.plain);
    });
  }

  it('round-trips with the test helper (independent implementation)', () => {
    const body = JSON.stringify(fixture('im.message.receive_v1.group.json'));
    expect(decrypt('k', encryptFeishu('k', body))).toBe(body);
  });

  it('fails on a wrong key', () => {
    expect(() => decrypt('wrong', vectors[1]!.encrypt)).toThrow();
  });
});

describe('feishu signature', () => {
  const body = '{"encrypt":"abc"}';
  const ts = String(Math.floor(NOW / 1000));
  const headers = (sig: string, t = ts) => ({ 'x-lark-request-timestamp': t, 'x-lark-request-nonce': 'n1', 'x-lark-signature': sig });

  it('matches the documented algorithm over the raw body', () => {
    expect(computeSignature(ts, 'n1', 'key', body)).toBe(signFeishu(ts, 'n1', 'key', body));
    expect(() => verifySignature(body, headers(signFeishu(ts, 'n1', 'key', body)), 'key', NOW)).not.toThrow();
  });

  it('signs the raw bytes: whitespace the SDK would re-serialise away still verifies', () => {
    const spaced = '{ "encrypt" : "abc" }';
    expect(() => verifySignature(spaced, headers(signFeishu(ts, 'n1', 'key', spaced)), 'key', NOW)).not.toThrow();
  });

  it('refuses a forged signature, a changed body and missing headers', () => {
    const good = signFeishu(ts, 'n1', 'key', body);
    expect(() => verifySignature(body, headers('0'.repeat(64)), 'key', NOW)).toThrow(PlatformVerificationError);
    expect(() => verifySignature('{"encrypt":"abd"}', headers(good), 'key', NOW)).toThrow(PlatformVerificationError);
    expect(() => verifySignature(body, {}, 'key', NOW)).toThrow(PlatformVerificationError);
    expect(() => verifySignature(body, headers('short'), 'key', NOW)).toThrow(PlatformVerificationError);
  });

  it('refuses a timestamp outside the window (fixed clock)', () => {
    const old = String(Math.floor((NOW - SIGNATURE_WINDOW_MS - 1000) / 1000));
    expect(() => verifySignature(body, headers(signFeishu(old, 'n1', 'key', body), old), 'key', NOW)).toThrow(/timestamp/);
    const edge = String(Math.floor((NOW - SIGNATURE_WINDOW_MS + 1000) / 1000));
    expect(() => verifySignature(body, headers(signFeishu(edge, 'n1', 'key', body), edge), 'key', NOW)).not.toThrow();
  });

  it('compares in constant time without throwing on unequal lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('feishu openRequest', () => {
  const secrets = { encryptKey: 'mazhe.nerd', verificationToken: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6' };

  it('answers the encrypted challenge vector (unsigned, token checked)', () => {
    const raw = JSON.stringify({ encrypt: vectors[1]!.encrypt });
    expect(openRequest(raw, {}, secrets, NOW)).toEqual({ kind: 'challenge', challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' });
  });

  it('answers the plain challenge and refuses one with the wrong token', () => {
    const plain = fixture('url_verification.json');
    expect(openRequest(JSON.stringify(plain), {}, { verificationToken: 'xxxxxx' }, NOW)).toEqual({
      kind: 'challenge',
      challenge: 'ajls384kdjx98XX',
    });
    expect(() => openRequest(JSON.stringify(plain), {}, { verificationToken: 'other' }, NOW)).toThrow(PlatformVerificationError);
  });

  it('opens a signed, encrypted event and checks header.token', () => {
    const payload = fixture<any>('im.message.receive_v1.group.json');
    const ok = wire(
      { ...payload, header: { ...payload.header, token: secrets.verificationToken } },
      { encryptKey: secrets.encryptKey, nowMs: NOW },
    );
    const opened = openRequest(ok.body, ok.headers, secrets, NOW);
    expect(opened.kind).toBe('event');
    const bad = wire(payload, { encryptKey: secrets.encryptKey, nowMs: NOW }); // fixture token ≠ ours
    expect(() => openRequest(bad.body, bad.headers, secrets, NOW)).toThrow(/token/);
  });

  it('without an encrypt key, checks only the token (the platform sends no signature then)', () => {
    const payload = fixture<any>('im.message.receive_v1.group.json');
    const raw = JSON.stringify(payload);
    expect(openRequest(raw, {}, { verificationToken: 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV' }, NOW).kind).toBe('event');
    expect(() => openRequest(raw, {}, { verificationToken: 'nope' }, NOW)).toThrow(PlatformVerificationError);
  });

  it('refuses an encrypted body it cannot decrypt and a non-JSON body', () => {
    const raw = JSON.stringify({ encrypt: encryptFeishu('another key', '{"a":1}') });
    expect(() => openRequest(raw, {}, secrets, NOW)).toThrow(PlatformVerificationError);
    expect(() => openRequest('not json', {}, secrets, NOW)).toThrow(PlatformVerificationError);
  });
});
