import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONSOLE_GROUP, type CardActionEvent, type MessageEvent } from '../../core/events.js';

// The console's wire format: {"as": "<member name>", "text": "..."} and
// {"as": "...", "action": "log.undo", "value": {...}}. An optional "id" plays the platform's
// message id, so a client retry with the same id is a duplicate delivery.

export const consoleMessageSchema = z.object({
  as: z.string().min(1, '请指定成员姓名 as'),
  text: z.string().min(1, '消息内容 text 不能为空').max(2000),
  id: z.string().min(1).max(100).optional(),
  chat: z.enum(['dm', 'group']).default('dm'),
});

export const consoleActionSchema = z.object({
  as: z.string().min(1),
  action: z.string().min(1),
  value: z.record(z.string(), z.string()).default({}),
  id: z.string().min(1).max(100).optional(),
});

export { CONSOLE_GROUP };

export function parseConsoleMessage(body: z.infer<typeof consoleMessageSchema>): MessageEvent {
  const id = body.id ?? randomUUID();
  return {
    kind: 'message', platform: 'console', eventId: id, messageId: id,
    chat: body.chat === 'group' ? { platform: 'console', chatId: CONSOLE_GROUP, kind: 'group' } : { platform: 'console', chatId: `dm:${body.as}`, kind: 'dm' },
    sender: { platform: 'console', userId: body.as, name: body.as },
    text: body.text,
  };
}

export function parseConsoleAction(body: z.infer<typeof consoleActionSchema>): CardActionEvent {
  const id = body.id ?? randomUUID();
  return {
    kind: 'card_action', platform: 'console', eventId: id,
    chat: { platform: 'console', chatId: `dm:${body.as}`, kind: 'dm' },
    sender: { platform: 'console', userId: body.as, name: body.as },
    action: body.action, value: body.value,
  };
}
