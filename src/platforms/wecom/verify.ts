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
 * receiveId: the CorpID for the self-built app; "" for an enterprise-internal AI bot
 * (doc 101033: "企业内部智能机器人场景中，ReceiveId为\"\""; wecom.md §1.3).
 */
export function createVerifier(opts: { token: string; encodingAesKey: string; receiveId: string }): CallbackVerifier {
  const key = aesKeyOf(opts.encodingAesKey);
  const fail = (why: string) => new PlatformVerificationError(`WeCom callback rejected: ${why}`, 'wecom');

  function open(query: CallbackQuery, received: string): string {
    const { msg_signature: sig, timestamp, nonce } = query;
    // A literal "+" in a query string is decoded as a space by form-style parsers; base64 never
    // contains spaces, so turning them back is safe (wecom.md §1.1 asks for a test with + / =).
    const encrypt = received.replace(/ /g, '+');
    if (!sig || !timestamp || !nonce || !encrypt) throw fail('missing msg_signature, timestamp, nonce or ciphertext');
    // The signature covers the <Encrypt> text (or echostr), not the raw body (wecom.md §1.2).
    if (!safeEqualHex(signatureOf(opts.token, timestamp, nonce, encrypt), sig.toLowerCase())) {
      throw fail('signature mismatch; check that the Token matches the one in the WeCom console');
    }
    let out;
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
