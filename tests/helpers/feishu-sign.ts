import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Builds what Feishu would put on the wire: the official payload examples with our ids swapped
// in, AES-encrypted and signed the way the platform does it (docs/platforms/feishu.md §1.7). Written
// independently of src/platforms/feishu/verify.ts so the tests check it rather than mirror it.

const FIXTURES = new URL('../fixtures/feishu/', import.meta.url);

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

/** AES-256-CBC with key SHA-256(encryptKey), base64(iv + ciphertext). */
export function encryptFeishu(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signFeishu(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body, 'utf8')
    .digest('hex');
}

export interface WireRequest {
  body: string;
  headers: Record<string, string>;
}

/** Encrypts (when a key is given) and signs a payload at the given time (ms). */
export function wire(payload: unknown, opts: { encryptKey?: string; nowMs: number; nonce?: string }): WireRequest {
  const body = opts.encryptKey
    ? JSON.stringify({ encrypt: encryptFeishu(opts.encryptKey, JSON.stringify(payload)) })
    : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.encryptKey) {
    const ts = String(Math.floor(opts.nowMs / 1000));
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    Object.assign(headers, {
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signFeishu(ts, nonce, opts.encryptKey, body),
    });
  }
  return { body, headers };
}

/** The app id the tests configure (FEISHU_TEST_ENV); events carry it in header.app_id. */
export const TEST_APP_ID = 'cli_0123456789abcdef';

let seq = 0;
const nextId = () => `${Date.now().toString(16)}${(++seq).toString(16).padStart(8, '0')}`;

export interface MessageSpec {
  text: string;
  messageId: string;
  userId: string;
  chat?: 'p2p' | 'group';
  chatId?: string;
  eventId?: string;
  token?: string;
  /** Mentions: key → name; the text should contain the keys. */
  mentions?: Record<string, string>;
  /** header.app_id; default TEST_APP_ID. */
  appId?: string;
}

type Json = Record<string, any>;

/** The official group-message example with our ids, chat type, text and mentions. */
export function messagePayload(s: MessageSpec): Json {
  const p = fixture<Json>('im.message.receive_v1.group.json');
  p.header.event_id = s.eventId ?? `ev_${nextId()}`;
  p.header.app_id = s.appId ?? TEST_APP_ID;
  if (s.token) p.header.token = s.token;
  p.event.sender.sender_id.open_id = s.userId;
  const m = p.event.message;
  m.message_id = s.messageId;
  m.chat_type = s.chat ?? 'p2p';
  m.chat_id = s.chatId ?? (m.chat_type === 'p2p' ? `oc_dm_${s.userId}` : 'oc_group_1');
  m.content = JSON.stringify({ text: s.text });
  m.mentions = Object.entries(s.mentions ?? {}).map(([key, name], i) => ({
    key,
    name,
    id: { open_id: `ou_mention_${i}` },
    tenant_key: 't',
  }));
  return p;
}

export interface CardSpec {
  userId: string;
  value: unknown;
  messageId?: string;
  chatId?: string;
  eventId?: string;
  token?: string;
  appId?: string;
}

/** The official card.action.trigger example with our operator, value and message. */
export function cardPayload(s: CardSpec): Json {
  const p = fixture<Json>('card.action.trigger.json');
  p.header.event_id = s.eventId ?? `cb_${nextId()}`;
  p.header.app_id = s.appId ?? TEST_APP_ID;
  if (s.token) p.header.token = s.token;
  p.event.operator.open_id = s.userId;
  p.event.action.value = s.value;
  delete p.event.action.form_value;
  delete p.event.delivery_type;
  p.event.context = { open_message_id: s.messageId ?? 'om_card_1', open_chat_id: s.chatId ?? 'oc_group_1' };
  return p;
}
