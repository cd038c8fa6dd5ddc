import { type CardReply, card, type Reply, toPlainText } from '../../core/reply.js';
import { fitsTemplateCard, type RenderContext, renderMarkdown, renderTemplateCard, STREAM_MAX_BYTES, type TemplateCard } from './render.js';

// Turns the router's replies into what one AI-bot reply can carry: one stream (markdown) and at most
// one template card ("template_card 同一消息只能回复一次", aibot-node-sdk replyStreamWithCard).

export interface BotReply {
  markdown?: string;
  card?: TemplateCard;
}

export function composeBotReply(replies: Reply[], ctx: RenderContext): BotReply {
  // A card that would lose lines in a template card goes in the markdown stream instead (render.ts).
  const first = replies.find((r): r is CardReply => r.kind === 'card' && fitsTemplateCard(r));
  const rest = replies.filter((r) => r !== first);
  const markdown = rest.length
    ? renderMarkdown({ kind: 'text', text: rest.map((r) => renderMarkdown(r, STREAM_MAX_BYTES)).join('\n\n') }, STREAM_MAX_BYTES)
    : undefined;
  return { markdown, card: first ? renderTemplateCard(first, ctx) : undefined };
}

/** A clicked card is replaced by one card: the replies merged, buttons kept (≤ 6 after rendering). */
export function mergeForUpdate(replies: Reply[]): CardReply {
  const only = replies[0];
  if (replies.length === 1 && only?.kind === 'card') return only;
  const firstCard = replies.find((r): r is CardReply => r.kind === 'card');
  return card({
    title: firstCard?.title ?? '作战室',
    colour: firstCard?.colour ?? 'blue',
    ...(firstCard?.headline ? { headline: firstCard.headline } : {}),
    lines: replies.map((r) => (r === firstCard ? (r.lines ?? []).join('\n') : toPlainText(r))).filter(Boolean),
    fields: firstCard?.fields,
    buttons: replies.flatMap((r) => (r.kind === 'card' ? (r.buttons ?? []) : [])),
    note: firstCard?.note,
    ...(firstCard?.more ? { more: firstCard.more } : {}),
  });
}

/** The plaintext of a callback-mode passive reply (doc 101031 formats; encrypted by the caller). */
export function callbackReplyPlain(reply: BotReply, streamId: string): Record<string, unknown> | null {
  const stream = reply.markdown ? { id: streamId, finish: true, content: reply.markdown } : undefined;
  if (stream && reply.card) return { msgtype: 'stream_with_template_card', stream, template_card: reply.card };
  if (reply.card) return { msgtype: 'template_card', template_card: reply.card };
  if (stream) return { msgtype: 'stream', stream };
  return null;
}
