import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { AttemptsPort, ChatPort } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { SendTarget } from '../types.js';
import type { BotWs } from './bot-ws.js';
import { WecomApiError, type WecomClient } from './client.js';
import { parseRobotKeys, regionOfChat } from './groups.js';
import { BOT_MARKDOWN_MAX_BYTES, type RenderContext, renderAppMessage, renderMarkdown } from './render.js';

// Proactive delivery (the outbox, the Monday report, alerts, replies the direct attempt could not
// deliver). Groups: the AI bot first, then the region's group robot; members: the self-built app's
// message/send (docs/platforms/wecom.md §0, "Bot-first, Agent-fallback").

const REMEMBERED_KEYS = 5_000;
/** The attempts channel of the group robot, which has no duplicate check (docs/platforms/wecom.md §4.5). */
export const ROBOT_CHANNEL = 'wecom-robot';

/**
 * A task_id fixed per message (from its idempotency key), so every attempt sends the identical body
 * and WeCom's duplicate check recognises a retry (docs/platforms/wecom.md §4.2: [0-9A-Za-z_-@], ≤ 128).
 */
export function taskIdFor(key: string): string {
  return `wr_${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export interface OutboundDeps {
  chats: ChatPort;
  attempts: AttemptsPort;
  log: Logger;
  robotKeys: string | undefined;
  client: WecomClient;
  botWs: BotWs | null;
  renderContext: () => RenderContext;
}

export function createOutbound(d: OutboundDeps) {
  const robotKeys = parseRobotKeys(d.robotKeys);
  const sentKeys = new Set<string>();

  /**
   * The robot posts whatever it gets, twice if asked twice, so the attempt is recorded first: after a
   * crash mid-send the message is not posted again (at most once). A refusal by WeCom is certain, so
   * that attempt is forgotten and the outbox may try again.
   */
  async function robotPost(robotKey: string, reply: Reply, idempotencyKey: string): Promise<void> {
    if (!d.attempts.begin(ROBOT_CHANNEL, idempotencyKey)) {
      d.log.warn(
        { key: idempotencyKey },
        'WeCom group robot: an earlier attempt of this message may have been posted; not posting it again',
      );
      return;
    }
    try {
      await d.client.robotSend(robotKey, renderMarkdown(reply, BOT_MARKDOWN_MAX_BYTES));
    } catch (err) {
      if (err instanceof WecomApiError) d.attempts.failed(ROBOT_CHANNEL, idempotencyKey);
      throw err;
    }
  }

  async function sendToGroup(chatId: string, reply: Reply, idempotencyKey: string): Promise<void> {
    if (await d.botWs?.sendToChat(chatId, reply)) return;
    const key = robotKeys.get(regionOfChat(d.chats, chatId) ?? chatId);
    // Thrown so the outbox retries later (the long connection may be back by then).
    if (!key)
      throw new Error(
        "WeCom group post failed: the AI bot long connection is down and no WECOM_GROUP_ROBOT_KEYS entry matches this group's region",
      );
    await robotPost(key, reply, idempotencyKey);
  }

  /** message/send with the duplicate check and this message's own task_id; 42014 on a retry means the first went through. */
  async function sendToMember(userId: string, reply: Reply, idempotencyKey: string): Promise<void> {
    const taskId = taskIdFor(idempotencyKey);
    try {
      await d.client.sendToUser(userId, renderAppMessage(reply, { ...d.renderContext(), taskId }), { duplicateCheck: true });
    } catch (err) {
      if (!(err instanceof WecomApiError && err.errcode === 42014 && reply.kind === 'card')) throw err;
      d.log.info({ key: idempotencyKey }, "WeCom: this card's task_id exists, so an earlier attempt was delivered");
    }
  }

  async function send(target: SendTarget, reply: Reply, idempotencyKey: string): Promise<void> {
    if (sentKeys.has(idempotencyKey)) return;
    if (target.kind === 'chat') await sendToGroup(target.id, reply, idempotencyKey);
    else await sendToMember(target.id, reply, idempotencyKey);
    sentKeys.add(idempotencyKey);
    if (sentKeys.size > REMEMBERED_KEYS) sentKeys.delete(sentKeys.values().next().value!);
  }

  return { send, sendToMember };
}
