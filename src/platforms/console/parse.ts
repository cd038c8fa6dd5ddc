import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type CardActionEvent, CONSOLE_GROUP, type MessageEvent } from '../../core/events.js';

// The console's wire format: {"as": "<member name>", "text": "..."} and
// {"as": "...", "action": "log.undo", "value": {...}}. An optional "id" plays the platform's
// message id, so a client retry with the same id is a duplicate delivery.

// Every refusal is Chinese: the console's user reads it as the bot's answer.
const AS = z.string('请指定成员姓名 as').min(1, '请指定成员姓名 as').max(50, '成员姓名 as 太长');
const ID = z.string('消息编号 id 须为文字').min(1, '消息编号 id 不能为空').max(100, '消息编号 id 最长 100 个字符').optional();

export const consoleMessageSchema = z.object(
  {
    as: AS,
    text: z.string('消息内容 text 须为文字').min(1, '消息内容 text 不能为空').max(2000, '消息太长：一条最多 2000 字，请分几条发送'),
    id: ID,
    chat: z.enum(['dm', 'group'], 'chat 只能是 dm 或 group').default('dm'),
  },
  '请求内容须为 JSON 对象',
);

export const consoleActionSchema = z.object(
  {
    as: AS,
    action: z.string('按钮动作 action 须为文字').min(1, '按钮动作 action 不能为空'),
    value: z.record(z.string(), z.string('按钮的值须为文字'), '按钮的值 value 须为对象').default({}),
    id: ID,
  },
  '请求内容须为 JSON 对象',
);

export { CONSOLE_GROUP };

/** 「@作战室 /记录 …」 reads as it would in a group: leading @mentions (up to a space) are dropped. */
export function stripConsoleMentions(text: string): string {
  let t = text.trim();
  while (t.startsWith('@')) {
    const cut = t.search(/\s/);
    if (cut < 0) return '';
    t = t.slice(cut + 1).trim();
  }
  return t;
}

export function parseConsoleMessage(body: z.infer<typeof consoleMessageSchema>): MessageEvent {
  const id = body.id ?? randomUUID();
  return {
    kind: 'message',
    platform: 'console',
    eventId: id,
    messageId: id,
    chat:
      body.chat === 'group'
        ? { platform: 'console', chatId: CONSOLE_GROUP, kind: 'group' }
        : { platform: 'console', chatId: `dm:${body.as}`, kind: 'dm' },
    sender: { platform: 'console', userId: body.as, name: body.as },
    text: stripConsoleMentions(body.text),
  };
}

export function parseConsoleAction(body: z.infer<typeof consoleActionSchema>): CardActionEvent {
  const id = body.id ?? randomUUID();
  return {
    kind: 'card_action',
    platform: 'console',
    eventId: id,
    chat: { platform: 'console', chatId: `dm:${body.as}`, kind: 'dm' },
    sender: { platform: 'console', userId: body.as, name: body.as },
    action: body.action,
    value: body.value,
  };
}
