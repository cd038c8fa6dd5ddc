import type { ChatPort } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { SendTarget } from '../types.js';
import type { BotWs } from './bot-ws.js';
import type { WecomClient } from './client.js';
import { parseRobotKeys, regionOfChat } from './groups.js';
import { BOT_MARKDOWN_MAX_BYTES, type RenderContext, renderAppMessage, renderMarkdown } from './render.js';

// Proactive delivery (the outbox, the Monday report, alerts). Groups: the AI bot first, then the
// region's group robot; members: the self-built app's message/send (docs/platforms/wecom.md §0, "Bot-first,
// Agent-fallback").

const REMEMBERED_KEYS = 5_000;

export function createOutbound(d: {
  chats: ChatPort;
  robotKeys: string | undefined;
  client: WecomClient;
  botWs: BotWs | null;
  renderContext: () => RenderContext;
}) {
  const robotKeys = parseRobotKeys(d.robotKeys);
  const sentKeys = new Set<string>();

  async function sendToGroup(chatId: string, reply: Reply): Promise<void> {
    if (await d.botWs?.sendToChat(chatId, reply)) return;
    const key = robotKeys.get(regionOfChat(d.chats, chatId) ?? chatId);
    // Thrown so the outbox retries later (the long connection may be back by then).
    if (!key)
      throw new Error(
        "WeCom group post failed: the AI bot long connection is down and no WECOM_GROUP_ROBOT_KEYS entry matches this group's region",
      );
    await d.client.robotSend(key, renderMarkdown(reply, BOT_MARKDOWN_MAX_BYTES));
  }

  async function send(target: SendTarget, reply: Reply, idempotencyKey: string): Promise<void> {
    if (sentKeys.has(idempotencyKey)) return;
    if (target.kind === 'chat') await sendToGroup(target.id, reply);
    // Alerts use WeCom's own duplicate check as a second guard (enable_duplicate_check, docs/platforms/wecom.md §4.2).
    else await d.client.sendToUser(target.id, renderAppMessage(reply, d.renderContext()), { duplicateCheck: true });
    sentKeys.add(idempotencyKey);
    if (sentKeys.size > REMEMBERED_KEYS) sentKeys.delete(sentKeys.values().next().value!);
  }

  return { send };
}
