import { randomBytes } from 'node:crypto';
import { PlatformVerificationError } from '../types.js';
import { aesKeyOf, decryptRaw, encryptRaw, safeEqualHex, signatureOf, WecomCryptoError } from './crypto.js';

// Signature check + decryption for one callback endpoint (the app's, or the AI bot's). Every failure
// is a PlatformVerificationError, which the routes answer with 401 and nothing else.

export interface CallbackQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

export interface CallbackVerifier {
  /** Checks msg_signature over `encrypt`, decrypts it and checks the receive id; returns the plaintext. */
  open(query: CallbackQuery, encrypt: string): string;
  /** Encrypts a passive reply and signs it (the reply envelope's fields). */
  seal(plain: string, timestamp: string, nonce?: string): { encrypt: string; signature: string; timestamp: string; nonce: string };
}

/**
 * How far a callback's `timestamp` may be from our clock. WeCom's docs set no limit and do not say
 * whether a retry is re-signed, so this is not about retries (they arrive within seconds). It closes
 * one gap: a captured callback replayed after the dedupe table forgot its MsgId (INBOUND_RETENTION_MS,
 * 3 days) would run again. Any window shorter than that retention closes it, because a replay inside
 * the window meets its event in the dedupe table; an hour also tolerates a badly set server clock.
 */
export const TIMESTAMP_WINDOW_MS = 60 * 60 * 1000;

/**
 * receiveId: the CorpID for the self-built app; "" for an enterprise-internal AI bot
 * (doc 101033: "企业内部智能机器人场景中，ReceiveId为\"\""; docs/platforms/wecom.md §1.3).
 * now: the clock (ms) for the timestamp window; the routes always pass it. Without it (the
 * official test vectors, signed in 2014) only the signature and the ciphertext are checked.
 */
export function createVerifier(opts: { token: string; encodingAesKey: string; receiveId: string; now?: () => number }): CallbackVerifier {
  const key = aesKeyOf(opts.encodingAesKey);
  const fail = (why: string) => new PlatformVerificationError(`WeCom callback rejected: ${why}`, 'wecom');

  function open(query: CallbackQuery, received: string): string {
    const { msg_signature: sig, timestamp, nonce } = query;
    // A literal "+" in a query string is decoded as a space by form-style parsers; base64 never
    // contains spaces, so turning them back is safe (docs/platforms/wecom.md §1.1 asks for a test with + / =).
    const encrypt = received.replace(/ /g, '+');
    if (!sig || !timestamp || !nonce || !encrypt) throw fail('missing msg_signature, timestamp, nonce or ciphertext');
    // The signature covers the <Encrypt> text (or echostr), not the raw body (docs/platforms/wecom.md §1.2).
    if (!safeEqualHex(signatureOf(opts.token, timestamp, nonce, encrypt), sig.toLowerCase())) {
      throw fail('signature mismatch; check that the Token matches the one in the WeCom console');
    }
    // Signed seconds, so checked after the signature: only WeCom's own timestamps get this far.
    if (opts.now && !(Math.abs(opts.now() - Number(timestamp) * 1000) <= TIMESTAMP_WINDOW_MS)) {
      throw fail("timestamp outside the window (a replay, or this server's clock is wrong: check NTP)");
    }
    let out: ReturnType<typeof decryptRaw>;
    try {
      out = decryptRaw(key, encrypt);
    } catch (err) {
      if (err instanceof WecomCryptoError) throw fail(`${err.message}; check the EncodingAESKey`);
      throw err;
    }
    if (!safeEqualHex(out.receiveId, opts.receiveId)) throw fail('receive id does not match the configured corp id');
    return out.message;
  }

  function seal(plain: string, timestamp: string, nonce = randomBytes(8).toString('hex')) {
    const encrypt = encryptRaw(key, plain, opts.receiveId);
    return { encrypt, signature: signatureOf(opts.token, timestamp, nonce, encrypt), timestamp, nonce };
  }

  return { open, seal };
}
