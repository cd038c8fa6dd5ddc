import { createHash } from 'node:crypto';
import type { Reply } from '../../core/reply.js';
import type { FeishuClient } from './client.js';
import { type CardJson, renderMessage } from './render.js';

// Sending, replying and patching through the one client. Every send carries a uuid derived from
// a stable key: "持有相同uuid的请求1小时内至多成功发送一条消息" (docs/platforms/feishu.md §4.4), so a retry by our
// client, a redelivered event or a re-run job never posts twice within the hour.

/** The uuid field takes at most 50 characters; a hash keeps any key short and opaque. */
export function uuidFor(key: string, index = 0): string {
  return `${createHash('sha256').update(key).digest('hex').slice(0, 40)}-${index}`;
}

export type ReceiveIdType = 'chat_id' | 'open_id';

export function createOutbound(client: FeishuClient) {
  /** In groups: the reply API, so the answer sits under the command it answers. */
  async function replyTo(messageId: string, reply: Reply, uuid: string): Promise<void> {
    const m = renderMessage(reply);
    await client.request('POST', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/reply`, { body: { ...m, uuid } });
  }

  /** To a chat (DMs, group pushes) or to a person by open_id (a manager's DM). */
  async function sendTo(type: ReceiveIdType, id: string, reply: Reply, uuid: string): Promise<void> {
    const m = renderMessage(reply);
    await client.request('POST', '/open-apis/im/v1/messages', { query: { receive_id_type: type }, body: { receive_id: id, ...m, uuid } });
  }

  /** Replaces a card we sent (update_multi cards, ≤14 days old, 5 QPS per message; docs/platforms/feishu.md §3.3). */
  async function patchCard(messageId: string, card: CardJson): Promise<void> {
    await client.request('PATCH', `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`, {
      body: { content: JSON.stringify(card) },
    });
  }

  return { replyTo, sendTo, patchCard };
}

export type Outbound = ReturnType<typeof createOutbound>;
