import { randomBytes } from 'node:crypto';
import type { Button, CardReply, Colour, Reply } from '../../core/reply.js';
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
const DEFAULT_MORE_HINT = '请缩小范围后重新发送命令查看其余内容';

export type TemplateCard = Record<string, unknown> & { card_type: string; task_id: string };
export type AppMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard };
export type BotMessage = { msgtype: 'markdown'; markdown: { content: string } } | { msgtype: 'template_card'; template_card: TemplateCard };

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

/**
 * sub_title_text: whole lines (the headline when it is not an emphasis_content, paragraphs, fields that do not fit
 * the horizontal list, table rows, the note) while they fit in 112 characters. When some do not, the last line says
 * how many and how to see them (never a silent cut); only a single first line too long for the card is cut.
 */
function subtitle(card: CardReply, head: string[], extraFields: string[], dropped: number): string {
  const all = [...head, ...(card.lines ?? []), ...extraFields, ...tableLines(card), ...(card.note ? [card.note] : [])];
  const size = (ls: string[]) => ls.reduce((n, l) => n + [...l].length, 0) + Math.max(0, ls.length - 1);
  const moreLine = (n: number) => `另有 ${n} 项未显示，${card.more ?? DEFAULT_MORE_HINT}`;
  if (dropped === 0 && size(all) <= SUBTITLE_MAX) return all.join('\n');
  const shown: string[] = [];
  // A line too long for what is left is skipped, not cut; shorter lines after it (table rows) may still fit.
  for (const line of all) {
    if (size([...shown, line, moreLine(all.length - shown.length - 1 + dropped)]) > SUBTITLE_MAX) continue;
    shown.push(line);
  }
  const hidden = all.length - shown.length + dropped;
  if (shown.length === 0 && all.length) {
    // Never an empty body: the first line, cut to leave room for the "how to see the rest" line.
    shown.push(cut(all[0]!, SUBTITLE_MAX - [...moreLine(hidden)].length - 1));
    return [...shown, moreLine(hidden - 1)].join('\n');
  }
  return hidden > 0 ? [...shown, moreLine(hidden)].join('\n') : shown.join('\n');
}

const tableLines = (card: CardReply): string[] =>
  card.table ? [card.table.columns.join(' | '), ...card.table.rows.map((r) => r.join(' | '))] : [];

/**
 * A field goes in horizontal_content_list only when its label and value fit whole (keyname ≤ 5, value ≤ 26
 * characters, docs/platforms/wecom.md §4.2); the others become body lines, so no label is cut mid-word
 * (「2026…: 50%」 was a week label cut to five characters).
 */
function splitFields(card: CardReply): { horizontal: Array<{ keyname: string; value: string }>; rest: string[] } {
  const horizontal: Array<{ keyname: string; value: string }> = [];
  const rest: string[] = [];
  for (const f of card.fields ?? []) {
    const fits = [...f.label].length <= KEYNAME_MAX && [...f.value].length <= HVALUE_MAX && horizontal.length < HCONTENT_MAX;
    if (fits) horizontal.push({ keyname: f.label, value: f.value });
    else rest.push(`${f.label}：${f.value}`);
  }
  return { horizontal, rest };
}

type WecomButton = { text: string; style: number; key: string } | { type: 1; text: string; style: number; url: string };

function buttonsOf(card: CardReply): { list: WecomButton[]; dropped: number } {
  const list: WecomButton[] = [];
  let dropped = 0;
  (card.buttons ?? []).forEach((b, i) => {
    // A link button jumps to its page (button type 1); it sends no event.
    if (b.url) {
      if (list.length < BUTTONS_MAX)
        list.push({ type: 1, text: cut(b.label, BUTTON_TEXT_MAX), style: STYLE[b.style ?? 'default'], url: b.url });
      else dropped++;
      return;
    }
    const key = encodeButtonKey(i, b.action, b.value);
    if (list.length >= BUTTONS_MAX || Buffer.byteLength(key) > BUTTON_KEY_MAX_BYTES) {
      dropped++;
      return;
    }
    list.push({ text: cut(b.label, BUTTON_TEXT_MAX), style: STYLE[b.style ?? 'default'], key });
  });
  return { list, dropped };
}

const EMPHASIS_TITLE_MAX = 10; // emphasis_content.title "建议不超过 10 个字"
const EMPHASIS_DESC_MAX = 15; // emphasis_content.desc "建议不超过 15 个字"

/**
 * The headline as emphasis_content (关键数据样式, text_notice only, doc 90236; docs/platforms/wecom.md §4.2) when it
 * fits whole; otherwise it is the body's first line.
 */
function emphasisOf(card: CardReply, buttons: boolean): { title: string; desc: string } | null {
  const h = card.headline;
  if (!h || buttons) return null;
  return [...h.value].length <= EMPHASIS_TITLE_MAX && [...h.label].length <= EMPHASIS_DESC_MAX ? { title: h.value, desc: h.label } : null;
}

const headLine = (card: CardReply): string[] => (card.headline ? [`${card.headline.label}：${card.headline.value}`] : []);

/** button_interaction for cards with buttons, text_notice otherwise. */
export function renderTemplateCard(card: CardReply, ctx: RenderContext): TemplateCard {
  const { horizontal, rest } = splitFields(card);
  const buttons = buttonsOf(card);
  const emphasis = emphasisOf(card, buttons.list.length > 0);
  const sub = subtitle(card, emphasis ? [] : headLine(card), rest, buttons.dropped);
  const base: TemplateCard = {
    card_type: buttons.list.length ? 'button_interaction' : 'text_notice',
    main_title: { title: cut(card.title, TITLE_MAX) },
    task_id: ctx.taskId,
    ...(emphasis ? { emphasis_content: emphasis } : {}),
    ...(sub ? { sub_title_text: sub } : {}),
    ...(horizontal.length ? { horizontal_content_list: horizontal } : {}),
  };
  // Tapping the card opens its own page when it has one (the dashboard link), not the base URL.
  const link = card.buttons?.find((b) => b.url)?.url;
  if (buttons.list.length) return { ...base, button_list: buttons.list, ...(link ? { card_action: { type: 1, url: link } } : {}) };
  return { ...base, card_action: { type: 1, url: link ?? ctx.cardUrl } };
}

/**
 * Whether a card without buttons fits a text_notice whole: title, every field and every body line. A card that
 * does not (a report, a table) goes as markdown instead, which carries every line (issue: the Monday report in a
 * WeCom group lost its per-rep table to 「另有 16 项未显示」).
 */
export function fitsTemplateCard(card: CardReply): boolean {
  // Callback buttons need a template card; link buttons go as markdown links when the body is long.
  if (card.buttons?.some((b) => !b.url)) return true;
  if ([...card.title].length > TITLE_MAX) return false;
  const { rest } = splitFields(card);
  const head = emphasisOf(card, false) ? [] : headLine(card);
  const body = [...head, ...(card.lines ?? []), ...rest, ...tableLines(card), ...(card.note ? [card.note] : [])];
  return body.reduce((n, l) => n + [...l].length + 1, 0) - 1 <= SUBTITLE_MAX;
}

/** The self-built app's message/send body (without touser/agentid): the message type chosen by content. */
export function renderAppMessage(reply: Reply, ctx: RenderContext): AppMessage {
  if (reply.kind === 'text') return { msgtype: 'text', text: { content: truncateBytes(reply.text, TEXT_MAX_BYTES) } };
  if (!fitsTemplateCard(reply)) return { msgtype: 'markdown', markdown: { content: renderMarkdown(reply, TEXT_MAX_BYTES) } };
  return { msgtype: 'template_card', template_card: renderTemplateCard(reply, ctx) };
}

/** An AI-bot message (proactive push or passive reply) for one reply, chosen by content like renderAppMessage. */
export function renderBotMessage(reply: Reply, ctx: RenderContext, maxBytes = BOT_MARKDOWN_MAX_BYTES): BotMessage {
  if (reply.kind === 'card' && fitsTemplateCard(reply)) return { msgtype: 'template_card', template_card: renderTemplateCard(reply, ctx) };
  return { msgtype: 'markdown', markdown: { content: renderMarkdown(reply, maxBytes) } };
}

const COLOUR_FONT = { green: 'info', blue: 'info', yellow: 'warning', orange: 'warning', red: 'warning', grey: 'comment' } as const;

/** A key figure in WeCom markdown: info (green) for good, warning (orange-red) for bad (docs/platforms/wecom.md §4.2). */
const mdFigure = (value: string, emphasis: Colour): string => `<font color="${COLOUR_FONT[emphasis]}">${value}</font>`;

/** The card as WeCom markdown lines: bold title and labels, table rows as lines, the note as a comment. */
function markdownLines(reply: CardReply, coloured = true): { head: string[]; rows: string[]; links: string[]; tail: string[] } {
  const head = [`**${reply.title}**`];
  if (reply.headline) head.push(`**${reply.headline.label}：${mdFigure(reply.headline.value, reply.headline.emphasis ?? 'blue')}**`);
  head.push(...(reply.lines ?? []));
  for (const f of reply.fields ?? []) head.push(`**${f.label}**：${f.emphasis ? `**${mdFigure(f.value, f.emphasis)}**` : f.value}`);
  const t = reply.table;
  if (t) head.push(`**${t.columns.join(' · ')}**`);
  const rows = (t?.rows ?? []).map((r, i) =>
    r
      .map((cell, c) => {
        const colour = coloured ? t?.colours?.[i]?.[c] : null;
        return colour && cell ? `<font color="${COLOUR_FONT[colour]}">${cell}</font>` : cell;
      })
      .join(' · '),
  );
  const links = (reply.buttons ?? []).filter((b) => b.url).map((b) => `[${b.label}](${b.url})`);
  return { head, rows, links, tail: [...links, ...(reply.note ? [`<font color="comment">${reply.note}</font>`] : [])] };
}

/**
 * Markdown for the app, the AI bot's stream/markdown messages and the group-robot webhook. Cut, if at all, at
 * whole lines, from the end of the table, and the last line says how many are missing and how to see them:
 * never a silent cut, never half a line.
 */
export function renderMarkdown(reply: Reply, maxBytes: number): string {
  if (reply.kind === 'text') return truncateBytes(reply.text, maxBytes);
  // Cell colours cost about 30 bytes each: a table that fits only without them loses the colours, not rows.
  let lines = markdownLines(reply);
  if (Buffer.byteLength([...lines.head, ...lines.rows, ...lines.tail].join('\n'), 'utf8') > maxBytes) lines = markdownLines(reply, false);
  const { head, rows, links, tail } = lines;
  const join = (n: number) => {
    const more = n < rows.length ? [`……另有 ${rows.length - n} 行未显示。${reply.more ?? DEFAULT_MORE_HINT}`, ...links] : tail;
    return [...head, ...rows.slice(0, n), ...more].join('\n');
  };
  for (let n = rows.length; n >= 0; n--) {
    const out = join(n);
    if (Buffer.byteLength(out, 'utf8') <= maxBytes) return out;
  }
  return truncateBytes(join(0), maxBytes, `\n…（内容过长，已截断。${reply.more ?? DEFAULT_MORE_HINT}）`);
}
