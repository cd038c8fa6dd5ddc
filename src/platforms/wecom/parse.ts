import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { ChatRef, InboundEvent, SenderRef } from '../../core/events.js';
import { PlatformVerificationError } from '../types.js';
import { decodeButtonKey } from './card-keys.js';

// Decrypted WeCom payloads → the neutral InboundEvent. Only this folder knows WeCom field names.

// parseTagValue:false keeps every value a string: MsgId can exceed 2^53 (vector A) or be
// non-numeric ("CAIQg/PKxgYY2sC9tpuAgAMg9/zKaw==", WxJava #3714), and a numeric <Content> must stay
// text (docs/platforms/wecom.md §3.1). processEntities:false: nothing in these payloads needs entity expansion.
const xml = new XMLParser({ parseTagValue: false, ignoreAttributes: true, processEntities: false, trimValues: true });

/** Extra data the app routes need besides the neutral event. */
export interface AppInbound {
  event: InboundEvent;
  /** template_card_event: single-use code for message/update_template_card (72 h, docs/platforms/wecom.md §5.1). */
  responseCode?: string;
  taskId?: string;
  /** <AgentID>: the app the callback is for, checked against WECOM_AGENT_ID. */
  agentId?: string;
}

function xmlRoot(text: string): Record<string, unknown> {
  const doc = xml.parse(text) as { xml?: unknown };
  if (!doc || typeof doc.xml !== 'object' || doc.xml === null) throw new Error('no <xml> root');
  return doc.xml as Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The <Encrypt> text of a POST body; the signature is computed over it (docs/platforms/wecom.md §1.2). */
export function encryptOfXml(body: string): string {
  try {
    return str(xmlRoot(body).Encrypt);
  } catch {
    throw new PlatformVerificationError('WeCom callback rejected: body is not the encrypted XML envelope', 'wecom');
  }
}

export function parseAppXml(plain: string): AppInbound {
  const x = xmlRoot(plain);
  return { ...parseAppFields(x), agentId: str(x.AgentID) || undefined };
}

function parseAppFields(x: Record<string, unknown>): AppInbound {
  const from = str(x.FromUserName);
  const msgType = str(x.MsgType);
  const chat: ChatRef = { platform: 'wecom', chatId: from, kind: 'dm' };
  const sender: SenderRef = { platform: 'wecom', userId: from };
  if (msgType === 'text' && from) {
    // Events have no MsgId; a text without one (never seen) falls back to sender + time.
    const id = `app:${str(x.MsgId) || `${from}:${str(x.CreateTime)}`}`;
    return { event: { kind: 'message', platform: 'wecom', eventId: id, messageId: id, chat, sender, text: str(x.Content).trim() } };
  }
  if (msgType === 'event' && str(x.Event) === 'template_card_event' && from) {
    const key = str(x.EventKey);
    const taskId = str(x.TaskId);
    const decoded = decodeButtonKey(key);
    if (!decoded) return { event: { kind: 'unsupported', platform: 'wecom', type: 'template_card_event:unknown_key' } };
    // No MsgId on events: dedupe on FromUserName + CreateTime + EventKey + TaskId (docs/platforms/wecom.md §3.3).
    const eventId = `app-evt:${from}:${str(x.CreateTime)}:${key}:${taskId}`;
    return {
      event: {
        kind: 'card_action',
        platform: 'wecom',
        eventId,
        chat,
        sender,
        action: decoded.action,
        value: decoded.value,
        messageId: taskId,
      },
      responseCode: str(x.ResponseCode) || undefined,
      taskId: taskId || undefined,
    };
  }
  const type = msgType === 'event' ? `event:${str(x.Event)}` : msgType || 'unknown';
  return { event: { kind: 'unsupported', platform: 'wecom', type } };
}

const botBodySchema = z.object({
  msgid: z.string().min(1),
  chatid: z.string().optional(),
  chattype: z.string().optional(),
  from: z.object({ userid: z.string().min(1) }),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  mixed: z.object({ msg_item: z.array(z.object({ msgtype: z.string(), text: z.object({ content: z.string() }).optional() })) }).optional(),
  response_url: z.string().optional(),
  aibotid: z.string().optional(),
  event: z
    .object({
      eventtype: z.string(),
      // Documented shape (docs/platforms/wecom.md §5.2, doc 101027): the click under template_card_event.
      template_card_event: z
        .object({ card_type: z.string().optional(), event_key: z.string().optional(), task_id: z.string().optional() })
        .optional(),
      // The flat shape the aibot-node-sdk type declarations describe; accepted too.
      event_key: z.string().optional(),
      task_id: z.string().optional(),
    })
    .optional(),
});

export interface BotInbound {
  event: InboundEvent;
  taskId?: string;
  responseUrl?: string;
  /** aibotid: the AI bot the callback is for, checked against WECOM_BOT_ID. */
  botId?: string;
}

/**
 * In a group the text starts with "@BotName"; WeCom separates a mention with U+2005 (matched by \s),
 * so a name with ordinary spaces is cut at U+2005 when there is one (docs/platforms/wecom.md §3.2).
 */
export function stripMentions(text: string): string {
  let t = text.trim();
  while (t.startsWith('@')) {
    const sep = t.indexOf('\u2005');
    const cut = sep > 0 ? sep : t.search(/\s/);
    if (cut < 0) return '';
    t = t.slice(cut + 1).trim();
  }
  return t;
}

export function parseBotBody(body: unknown): BotInbound {
  const botId = (body as { aibotid?: unknown } | null)?.aibotid;
  return { ...parseBotFields(body), botId: typeof botId === 'string' && botId ? botId : undefined };
}

function parseBotFields(body: unknown): BotInbound {
  const parsed = botBodySchema.safeParse(body);
  if (!parsed.success) return { event: { kind: 'unsupported', platform: 'wecom', type: 'bot:malformed' } };
  const b = parsed.data;
  const group = b.chattype === 'group' && !!b.chatid;
  // The group chat id is the target of proactive posts and of /bind (docs/platforms/wecom.md §3.2).
  const chat: ChatRef = group
    ? { platform: 'wecom', chatId: b.chatid!, kind: 'group' }
    : { platform: 'wecom', chatId: b.from.userid, kind: 'dm' };
  const sender: SenderRef = { platform: 'wecom', userId: b.from.userid };
  const eventId = `bot:${b.msgid}`;
  const raw =
    b.msgtype === 'text'
      ? b.text?.content
      : b.msgtype === 'mixed'
        ? b.mixed?.msg_item.map((i) => i.text?.content ?? '').join(' ')
        : undefined;
  if (raw !== undefined) {
    return {
      event: { kind: 'message', platform: 'wecom', eventId, messageId: eventId, chat, sender, text: stripMentions(raw) },
      responseUrl: b.response_url,
    };
  }
  if (b.msgtype === 'event' && b.event?.eventtype === 'template_card_event') {
    const click = b.event.template_card_event ?? b.event;
    const taskId = click.task_id ?? b.event.task_id;
    const decoded = decodeButtonKey(click.event_key ?? b.event.event_key ?? '');
    if (!decoded) return { event: { kind: 'unsupported', platform: 'wecom', type: 'bot:template_card_event:unknown_key' } };
    return {
      event: {
        kind: 'card_action',
        platform: 'wecom',
        eventId,
        chat,
        sender,
        action: decoded.action,
        value: decoded.value,
        messageId: taskId,
      },
      taskId,
    };
  }
  return {
    event: {
      kind: 'unsupported',
      platform: 'wecom',
      type: `bot:${b.msgtype === 'event' ? `event:${b.event?.eventtype ?? ''}` : b.msgtype}`,
    },
  };
}
