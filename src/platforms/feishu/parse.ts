import { z } from 'zod';
import type { CardActionEvent, ChatRef, InboundEvent, MessageEvent } from '../../core/events.js';

// Turns the data a Feishu handler receives into a neutral InboundEvent. Both transports deliver
// the same shape: the SDK's EventDispatcher flattens schema 2.0 as {...header, ...event}
// (docs/platforms/feishu.md §1.3), so `token` on a card callback is the card-update token, not the
// Verification Token (that one is checked in verify.ts before dispatch).

const idSchema = z.object({ open_id: z.string().min(1) });

const messageSchema = z.object({
  event_id: z.string().optional(),
  sender: z.object({ sender_id: idSchema, sender_type: z.string().optional() }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string(), name: z.string().optional() })).optional(),
  }),
});

const cardSchema = z.object({
  event_id: z.string().min(1),
  operator: idSchema,
  action: z.object({
    value: z.unknown(),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z.object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
});

type Mention = { key: string };

/**
 * Removes mention placeholders: every `@_user_N` listed in `mentions` (the bot and anyone else),
 * and `@_all`, which may arrive without a mentions entry (docs/platforms/feishu.md §2.1).
 */
export function stripMentions(text: string, mentions: Mention[] = []): string {
  let out = text;
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) out = out.split(m.key).join(' ');
  return out
    .replace(/@_all\b/g, ' ')
    .replace(/@_user_\d+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function textOf(content: string): string | null {
  try {
    const v = JSON.parse(content) as { text?: unknown };
    return typeof v.text === 'string' ? v.text : null;
  } catch {
    return null;
  }
}

/**
 * The app an event was sent to: schema 2.0 header.app_id, flattened to the top by the SDK
 * (docs/platforms/feishu.md §1.3). Undefined when absent.
 */
export function appIdOf(data: unknown): string | undefined {
  const v = (data as { app_id?: unknown } | null)?.app_id;
  return typeof v === 'string' ? v : undefined;
}

const unsupported = (type: string): InboundEvent => ({ kind: 'unsupported', platform: 'feishu', type });

/** im.message.receive_v1 → message. Dedupe key is message_id: the doc says not to rely on event_id (§2.1). */
export function parseMessage(data: unknown): InboundEvent {
  const p = messageSchema.safeParse(data);
  if (!p.success) return unsupported('im.message.receive_v1:malformed');
  const { sender, message } = p.data;
  if (sender.sender_type && sender.sender_type !== 'user') return unsupported('im.message.receive_v1:non-user');
  if (message.message_type !== 'text') return unsupported(`im.message.receive_v1:${message.message_type}`);
  const raw = textOf(message.content);
  if (raw === null) return unsupported('im.message.receive_v1:bad-content');
  const kind = message.chat_type === 'p2p' ? 'dm' : 'group';
  const mentions = message.mentions ?? [];
  const text = stripMentions(raw, mentions);
  const onlyAtAll = /@_all\b/.test(raw) && mentions.length === 0;
  // "@所有人" announcements are not addressed to the bot. A group message with no mention at all
  // only arrives with the group_msg scope; then only slash commands are for us.
  if (kind === 'group' && (onlyAtAll || (mentions.length === 0 && !/^[/／]/.test(text)))) {
    return unsupported('im.message.receive_v1:not-addressed');
  }
  if (!text) return unsupported('im.message.receive_v1:empty');
  const event: MessageEvent = {
    kind: 'message',
    platform: 'feishu',
    eventId: message.message_id,
    messageId: message.message_id,
    chat: { platform: 'feishu', chatId: message.chat_id, kind },
    sender: { platform: 'feishu', userId: sender.sender_id.open_id },
    text,
  };
  return event;
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (x == null) continue;
    out[k] = Array.isArray(x) ? x.map(String).join(',') : typeof x === 'object' ? JSON.stringify(x) : String(x);
  }
  return out;
}

/**
 * card.action.trigger → card_action. Our buttons carry an object value {action, value}
 * (render.ts); the SDK only supports object values (docs/platforms/feishu.md §3.1). Form inputs, if any, are
 * merged into value as strings. The callback has no chat type, so the caller supplies it.
 */
export function parseCardAction(data: unknown, chatKind: (chatId: string) => ChatRef['kind']): InboundEvent {
  const p = cardSchema.safeParse(data);
  if (!p.success) return unsupported('card.action.trigger:malformed');
  const value = p.data.action.value as { action?: unknown; value?: unknown } | null;
  if (!value || typeof value !== 'object' || typeof value.action !== 'string') return unsupported('card.action.trigger:foreign-value');
  const chatId = p.data.context?.open_chat_id ?? '';
  const event: CardActionEvent = {
    kind: 'card_action',
    platform: 'feishu',
    eventId: p.data.event_id,
    chat: { platform: 'feishu', chatId, kind: chatKind(chatId) },
    sender: { platform: 'feishu', userId: p.data.operator.open_id },
    action: value.action,
    value: { ...stringRecord(p.data.action.form_value), ...stringRecord(value.value) },
    ...(p.data.context?.open_message_id ? { messageId: p.data.context.open_message_id } : {}),
  };
  return event;
}
