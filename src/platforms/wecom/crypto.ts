import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// WeCom's callback crypto (加解密方案说明, doc 91144; docs/platforms/wecom.md §1.3), written here instead of using
// @wecom/crypto because that package's pkcs7Unpad silently accepts a bad pad and it does not check the
// receive id or compare signatures in constant time (docs/platforms/wecom.md §2.1).

/** WeCom pads to 32-byte blocks, not AES's 16: vector A pads with 30 bytes (docs/platforms/wecom.md §1.3). */
const PAD_BLOCK = 32;

export class WecomCryptoError extends Error {}

/** AESKey = Base64_Decode(EncodingAESKey + "="); 43 chars of [a-zA-Z0-9] → 32 bytes. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new WecomCryptoError('EncodingAESKey must be 43 letters or digits');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError('EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** sha1 of the four strings sorted and joined; lowercase hex. */
export function signatureOf(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Constant-time compare of two hex signatures. */
export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // spend comparable time either way
    return false;
  }
  return timingSafeEqual(x, y);
}

function unpadStrict(buf: Buffer): Buffer {
  const pad = buf[buf.length - 1] ?? 0;
  if (buf.length === 0 || buf.length % PAD_BLOCK !== 0 || pad < 1 || pad > PAD_BLOCK) {
    throw new WecomCryptoError('bad PKCS#7 padding');
  }
  for (let i = buf.length - pad; i < buf.length; i++) if (buf[i] !== pad) throw new WecomCryptoError('bad PKCS#7 padding');
  return buf.subarray(0, buf.length - pad);
}

function pad(buf: Buffer): Buffer {
  const n = PAD_BLOCK - (buf.length % PAD_BLOCK);
  return Buffer.concat([buf, Buffer.alloc(n, n)]);
}

export interface Decrypted {
  random: Buffer;
  message: string;
  receiveId: string;
}

/** Plaintext layout: random(16) + msg_len(4, big-endian) + msg + receiveid. */
export function decryptRaw(key: Buffer, encrypt: string): Decrypted {
  let plain: Buffer;
  try {
    // Node's auto-padding rejects WeCom's 32-byte pads (ERR_OSSL_BAD_DECRYPT), so unpad by hand.
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
  } catch {
    throw new WecomCryptoError('ciphertext is not a whole number of AES blocks');
  }
  const body = unpadStrict(plain);
  if (body.length < 20) throw new WecomCryptoError('plaintext too short');
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) throw new WecomCryptoError('message length exceeds plaintext');
  return {
    random: body.subarray(0, 16),
    message: body.subarray(20, 20 + len).toString('utf8'),
    receiveId: body.subarray(20 + len).toString('utf8'),
  };
}

/** The inverse of decryptRaw; `random` is fixed only in tests (official vectors re-encrypt byte for byte). */
export function encryptRaw(key: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const msg = Buffer.from(message, 'utf8'); // byte length, not char length (vector B's 你好)
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = pad(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]));
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}
