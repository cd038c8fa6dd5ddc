import { randomBytes } from 'node:crypto';
import type { Button, CardReply, Reply } from '../../core/reply.js';
import { BUTTON_KEY_MAX_BYTES, encodeButtonKey } from './card-keys.js';

// The neutral Reply → WeCom payloads, within WeCom's limits. Card limits are those of the official
// aibot-node-sdk TemplateCard types (same card schema as message/send, docs/platforms/wecom.md §4.2, §5).

/** message/send text and markdown: ≤ 2048 bytes (docs/platforms/wecom.md §4.2; the official plugin chunks at 2048). */
export const TEXT_MAX_BYTES = 2048;
/** AI-bot stream reply content: ≤ 20480 bytes (aibot-node-sdk README, replyStream). */
export const STREAM_MAX_BYTES = 20480;
/** AI-bot proactive markdown: no documented limit found (docs/platforms/wecom.md §4.6); keep the webhook's 4096. */
export const BOT_MARKDOWN_MAX_BYTES = 4096;
const TITLE_MAX = 26; // main_title.title "建议不超过 26 个字"
const SUBTITLE_MAX = 112; // sub_title_text "建议不超过 112 个字"
const HCONTENT_MAX = 6; // horizontal_content_list "列表长度不超过 6"
const KEYNAME_MAX = 5; // keyname "建议不超过 5 个字"
const HVALUE_MAX = 26; // value "建议不超过 26 个字"
const BUTTONS_MAX = 6; // button_list "列表长度不超过 6"
const BUTTON_TEXT_MAX = 10; // button text "建议不超过 10 个字"
const NOTE_MAX = 40;
const DEFAULT_MORE_HINT = '请缩小范围后重新发送命令查看其余内容';

export type TemplateCard = Record<string, unknown> & { card_type: string; task_id: string };
export type AppMessage = { msgtype: 'text'; text: { content: string } } | { msgtype: 'template_card'; template_card: TemplateCard };

export interface RenderContext {
  taskId: string;
  /** text_notice cards must carry card_action (a URL); PUBLIC_BASE_URL or WeCom's home page. */
  cardUrl: string;
}

/** task_id: unique per app, only [0-9A-Za-z_-@], ≤ 128 bytes (docs/platforms/wecom.md §4.2; 42014 otherwise). */
export function newTaskId(nowMs: number): string {
  return `wr_${nowMs.toString(36)}_${randomBytes(6).toString('hex')}`;
}

export function isValidTaskId(id: string): boolean {
  return /^[0-9A-Za-z_\-@]{1,128}$/.test(id);
}

/** Cuts at a character boundary so that text + suffix fits in maxBytes of UTF-8. */
export function truncateBytes(text: string, maxBytes: number, suffix = '…（内容过长，已截断）'): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(suffix, 'utf8');
  let used = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > budget) break;
    used += n;
    out += ch;
  }
  return out + suffix;
}

const cut = (s: string, max: number): string => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);
const STYLE: Record<NonNullable<Button['style']>, number> = { primary: 1, default: 2, danger: 3 };

/** Body lines (paragraphs, overflow fields, table rows) that fit in sub_title_text, and how many did not. */
function subtitle(card: CardReply, extraFields: string[]): { text: string; omitted: number } {
  const rows = card.table ? [card.table.columns.join(' | '), ...card.table.rows.map((r) => r.join(' | '))] : [];
  const all = [...(card.lines ?? []), ...extraFields, ...rows];
  const shown: string[] = [];
  let chars = 0;
  for (const line of all) {
    // NOTE_MAX chars stay free for the "how to see the rest" note.
    if (chars + [...line].length + 1 > SUBTITLE_MAX - NOTE_MAX) {
      if (shown.length === 0) shown.push(cut(line, SUBTITLE_MAX - NOTE_MAX - 1)); // never an empty body
      break;
    }
    shown.push(line);
    chars += [...line].length + 1;
  }
  return { text: shown.join('\n'), omitted: all.length - shown.length };
}

function buttonsOf(card: CardReply): { list: Array<{ text: string; style: number; key: string }>; dropped: number } {
  const list: Array<{ text: string; style: number; key: string }> = [];
  let dropped = 0;
  (card.buttons ?? []).forEach((b, i) => {
    const key = encodeButtonKey(i, b.action, b.value);
    if (list.length >= BUTTONS_MAX || Buffer.byteLength(key) > BUTTON_KEY_MAX_BYTES) { dropped++; return; }
    list.push({ text: cut(b.label, BUTTON_TEXT_MAX), style: STYLE[b.style ?? 'default'], key });
  });
  return { list, dropped };
}

/** button_interaction for cards with buttons, text_notice otherwise. */
export function renderTemplateCard(card: CardReply, ctx: RenderContext): TemplateCard {
  const fields = card.fields ?? [];
  const horizontal = fields.slice(0, HCONTENT_MAX).map((f) => ({ keyname: cut(f.label, KEYNAME_MAX), value: cut(f.value, HVALUE_MAX) }));
  const body = subtitle(card, fields.slice(HCONTENT_MAX).map((f) => `${f.label}：${f.value}`));
  const buttons = buttonsOf(card);
  const more = body.omitted + buttons.dropped;
  const note = more > 0 ? `另有 ${more} 项未显示，${card.note ?? DEFAULT_MORE_HINT}` : card.note;
  const sub = [body.text, note ? cut(note, NOTE_MAX) : ''].filter(Boolean).join('\n');
  const base: TemplateCard = {
    card_type: buttons.list.length ? 'button_interaction' : 'text_notice',
    main_title: { title: cut(card.title, TITLE_MAX) },
    task_id: ctx.taskId,
    ...(sub ? { sub_title_text: sub } : {}),
    ...(horizontal.length ? { horizontal_content_list: horizontal } : {}),
  };
  if (buttons.list.length) return { ...base, button_list: buttons.list };
  return { ...base, card_action: { type: 1, url: ctx.cardUrl } };
}

/** The self-built app's message/send body (without touser/agentid). */
export function renderAppMessage(reply: Reply, ctx: RenderContext): AppMessage {
  if (reply.kind === 'text') return { msgtype: 'text', text: { content: truncateBytes(reply.text, TEXT_MAX_BYTES) } };
  return { msgtype: 'template_card', template_card: renderTemplateCard(reply, ctx) };
}

/** Markdown for the AI bot's stream/markdown messages and the group-robot webhook. */
export function renderMarkdown(reply: Reply, maxBytes: number): string {
  if (reply.kind === 'text') return truncateBytes(reply.text, maxBytes);
  const out = [`**${reply.title}**`, ...(reply.lines ?? [])];
  for (const f of reply.fields ?? []) out.push(`${f.label}：${f.value}`);
  if (reply.table) {
    out.push(reply.table.columns.join(' | '));
    for (const r of reply.table.rows) out.push(r.join(' | '));
  }
  if (reply.note) out.push(`> ${reply.note}`);
  const more = `\n…（内容过长，已截断。${reply.note ?? DEFAULT_MORE_HINT}）`;
  return truncateBytes(out.join('\n'), maxBytes, more);
}
