import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONSOLE_GROUP, type CardActionEvent, type MessageEvent } from '../../core/events.js';

// The console's wire format: {"as": "<member name>", "text": "..."} and
// {"as": "...", "action": "log.undo", "value": {...}}. An optional "id" plays the platform's
// message id, so a client retry with the same id is a duplicate delivery.

export const consoleMessageSchema = z.object({
  as: z.string({ error: '请指定成员姓名 as' }).min(1, '请指定成员姓名 as'),
  text: z.string({ error: '消息内容 text 必须是文字' }).min(1, '消息内容 text 不能为空').max(2000, '消息太长：一条最多 2000 字，请分几条发送'),
  id: z.string().min(1, '消息编号 id 不能为空').max(100, '消息编号 id 最多 100 个字符').optional(),
  chat: z.enum(['dm', 'group'], { error: 'chat 只能是 dm 或 group' }).default('dm'),
});

export const consoleActionSchema = z.object({
  as: z.string({ error: '请指定成员姓名 as' }).min(1, '请指定成员姓名 as'),
  action: z.string({ error: '请指定按钮动作 action' }).min(1, '请指定按钮动作 action'),
  value: z.record(z.string(), z.string(), { error: '按钮参数 value 必须是文字键值' }).default({}),
  id: z.string().min(1, '消息编号 id 不能为空').max(100, '消息编号 id 最多 100 个字符').optional(),
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
