import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decrypt as libDecrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { INBOUND_RETENTION_MS } from '../../src/jobs/prune.js';
import { PlatformVerificationError } from '../../src/platforms/types.js';
import { aesKeyOf, decryptRaw, encryptRaw, signatureOf } from '../../src/platforms/wecom/crypto.js';
import { createVerifier, TIMESTAMP_WINDOW_MS } from '../../src/platforms/wecom/verify.js';

// WeCom's official callback samples (docs/platforms/wecom.md §1.4), A from weworkapi_golang/php and B from
// weworkapi_python, for both decryption and byte-for-byte encryption.

interface Case {
  msg_signature: string;
  timestamp: string;
  nonce: string;
  plain: string;
  random: string;
  echostr?: string;
  encrypt?: string;
}
interface Vector {
  token: string;
  encoding_aes_key: string;
  receive_id: string;
  url_verification: Case;
  message: Case;
}
const vectors = JSON.parse(readFileSync(new URL('../fixtures/wecom/callback-vectors.json', import.meta.url), 'utf8')) as {
  A: Vector;
  B: Vector;
};

for (const [name, v] of Object.entries({ A: vectors.A, B: vectors.B })) {
  const key = aesKeyOf(v.encoding_aes_key);
  const cases: Array<[string, Case, string]> = [
    ['URL verification echostr', v.url_verification, v.url_verification.echostr!],
    ['message Encrypt', v.message, v.message.encrypt!],
  ];
  describe(`official vector ${name}`, () => {
    for (const [label, c, cipher] of cases) {
      it(`${label}: signature matches`, () => {
        expect(signatureOf(v.token, c.timestamp, c.nonce, cipher)).toBe(c.msg_signature);
      });
      it(`${label}: decrypts to the published plaintext and receive id`, () => {
        const out = decryptRaw(key, cipher);
        expect(out.message).toBe(c.plain);
        expect(out.receiveId).toBe(v.receive_id);
        expect(out.random.toString('ascii')).toBe(c.random);
      });
      it(`${label}: re-encrypts byte for byte with the same random`, () => {
        expect(encryptRaw(key, c.plain, v.receive_id, Buffer.from(c.random, 'ascii'))).toBe(cipher);
      });
      it(`${label}: verifier opens it with the configured receive id`, () => {
        const verifier = createVerifier({ token: v.token, encodingAesKey: v.encoding_aes_key, receiveId: v.receive_id });
        expect(verifier.open({ msg_signature: c.msg_signature, timestamp: c.timestamp, nonce: c.nonce }, cipher)).toBe(c.plain);
      });
    }
  });
}

describe('WeCom crypto checks', () => {
  const v = vectors.A;
  const verifier = createVerifier({ token: v.token, encodingAesKey: v.encoding_aes_key, receiveId: v.receive_id });
  const q = { msg_signature: v.message.msg_signature, timestamp: v.message.timestamp, nonce: v.message.nonce };

  it('refuses a forged signature', () => {
    expect(() => verifier.open({ ...q, msg_signature: '0'.repeat(40) }, v.message.encrypt!)).toThrow(PlatformVerificationError);
    expect(() => verifier.open({ ...q, msg_signature: 'short' }, v.message.encrypt!)).toThrow(PlatformVerificationError);
  });

  it('keeps the timestamp window shorter than the dedupe retention (so no replay gets through either)', () => {
    expect(TIMESTAMP_WINDOW_MS).toBeLessThan(INBOUND_RETENTION_MS);
    const at = (offsetMs: number) =>
      createVerifier({
        token: v.token,
        encodingAesKey: v.encoding_aes_key,
        receiveId: v.receive_id,
        now: () => Number(q.timestamp) * 1000 + offsetMs,
      });
    expect(at(TIMESTAMP_WINDOW_MS).open(q, v.message.encrypt!)).toBe(verifier.open(q, v.message.encrypt!));
    expect(() => at(TIMESTAMP_WINDOW_MS + 1000).open(q, v.message.encrypt!)).toThrow(/timestamp outside the window/);
    expect(() => at(-TIMESTAMP_WINDOW_MS - 1000).open(q, v.message.encrypt!)).toThrow(/timestamp outside the window/);
  });

  it('refuses another corp id as receive id', () => {
    const other = createVerifier({ token: v.token, encodingAesKey: v.encoding_aes_key, receiveId: 'ww0000000000000000' });
    expect(() => other.open(q, v.message.encrypt!)).toThrow(/receive id/);
  });

  it('refuses a bad PKCS#7 pad that @wecom/crypto would accept silently', () => {
    const key = aesKeyOf(v.encoding_aes_key);
    // Encrypt 32 bytes whose last byte (0x00) is not a valid pad value.
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const bad = Buffer.concat([c.update(Buffer.alloc(32, 0)), c.final()]).toString('base64');
    expect(() => decryptRaw(key, bad)).toThrow(/padding/);
    expect(() => libDecrypt(v.encoding_aes_key, bad)).not.toThrow();
  });

  it('encrypts a reply that the independent @wecom/crypto decrypts', () => {
    const sealed = verifier.seal('{"msgtype":"stream"}', '1795658400', 'n1');
    expect(signatureOf(v.token, '1795658400', 'n1', sealed.encrypt)).toBe(sealed.signature);
    expect(libDecrypt(v.encoding_aes_key, sealed.encrypt)).toMatchObject({ message: '{"msgtype":"stream"}', id: v.receive_id });
  });
});
