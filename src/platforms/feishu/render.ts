import { type Button, type CardReply, type Chart, type Colour, type Field, type Reply, type Table, toPlainText } from '../../core/reply.js';

// Neutral Reply → Feishu card JSON 2.0 (docs/platforms/feishu.md §4.1–§4.2). JSON 2.0 rejects unknown
// properties, so every element below uses documented fields only.

/**
 * Cards are limited to 30 KB (docs/platforms/feishu.md §4.4, error 230025). We budget 28 KB of UTF-8 JSON so the
 * platform's own counting (which we cannot see) never tips a card over.
 */
export const MAX_CARD_BYTES = 28 * 1024;
/** Text messages may be 150 KB; a reply that long is a bug, so cut it far earlier. */
const MAX_TEXT_CHARS = 20_000;

export type CardJson = {
  schema: '2.0';
  config: { update_multi: true; summary?: { content: string } };
  header?: unknown;
  body: { elements: unknown[] };
};
export type FeishuMessage = { msg_type: 'text' | 'interactive'; content: string };

const TABLE_COLOURS: Record<Colour, string> = {
  blue: 'blue',
  green: 'green',
  yellow: 'yellow',
  orange: 'orange',
  red: 'red',
  grey: 'neutral',
};

const plain = (content: string, extra: Record<string, string> = {}) => ({ tag: 'plain_text', content, ...extra });
const div = (content: string, extra: Record<string, string> = {}) => ({ tag: 'div', text: plain(content, extra) });

/**
 * Text for a `markdown` element, its markdown and HTML characters written as entities so a customer's
 * name never turns into formatting (docs/platforms/feishu.md §4.2, rich text: special characters).
 */
export const mdEscape = (s: string): string => s.replace(/[&<>*_~`[\]#|\\]/g, (c) => `&#${c.codePointAt(0)};`);

/** Markdown font colours (docs/platforms/feishu.md §4.2); grey and blue are neutral figures. */
const FONT: Record<Colour, string | null> = { green: 'green', red: 'red', orange: 'orange', yellow: 'orange', blue: null, grey: 'grey' };

/** A key figure: bold, coloured when it says good or bad. */
function figure(value: string, emphasis: Colour | undefined): string {
  const bold = `**${mdEscape(value)}**`;
  const colour = emphasis ? FONT[emphasis] : null;
  return colour ? `<font color='${colour}'>${bold}</font>` : bold;
}

const markdown = (content: string, extra: Record<string, string> = {}) => ({ tag: 'markdown', content, ...extra });

/** The headline: the card's most important figure, first and large. */
function headlineElement(f: Field) {
  return markdown(`${mdEscape(f.label)} ${figure(f.value, f.emphasis ?? 'blue')}`, { text_size: 'heading' });
}

function fieldRow(f: Field) {
  const col = (weight: number, el: unknown) => ({ tag: 'column', width: 'weighted', weight, elements: [el] });
  const value = f.emphasis ? markdown(figure(f.value, f.emphasis)) : div(f.value);
  return { tag: 'column_set', columns: [col(1, div(f.label, { text_color: 'grey' })), col(3, value)] };
}

/** page_size is 1-10 and a card holds at most 5 tables (docs/platforms/feishu.md §4.2). */
const PAGE_MAX = 10;
const TABLES_MAX = 5;

/**
 * A team of 11-50 is split into even tables of at most 10 rows, so every rep is on the screen without
 * paging (12 reps: two tables of 6, not 10 on page 1 and 2 on page 2); more than that is one paged table.
 */
function tableElements(t: Table, rows: string[][]): unknown[] {
  if (rows.length <= PAGE_MAX || rows.length > PAGE_MAX * TABLES_MAX) return [tableElement(t, rows, 0)];
  const n = Math.ceil(rows.length / PAGE_MAX);
  const size = Math.ceil(rows.length / n);
  return Array.from({ length: n }, (_, i) => tableElement(t, rows.slice(i * size, (i + 1) * size), i * size));
}

function tableElement(t: Table, rows: string[][], offset: number) {
  const coloured = t.columns.map((_, c) => t.colours?.some((r) => r[c] != null) ?? false);
  return {
    tag: 'table',
    page_size: Math.max(1, Math.min(PAGE_MAX, rows.length)),
    columns: t.columns.map((name, c) => ({ name: `c${c}`, display_name: name, data_type: coloured[c] ? 'options' : 'text' })),
    rows: rows.map((r, i) =>
      Object.fromEntries(
        r.map((cell, c) => {
          if (!coloured[c]) return [`c${c}`, cell];
          const colour = t.colours?.[offset + i]?.[c];
          return [`c${c}`, [{ text: cell, color: colour ? TABLE_COLOURS[colour] : 'neutral' }]];
        }),
      ),
    ),
  };
}

/** Buttons carry an object value {action, value}; parse.ts reads it back from card.action.trigger. */
function buttonRow(buttons: Button[]) {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: buttons.map((b) => ({
      tag: 'column',
      width: 'auto',
      elements: [
        {
          tag: 'button',
          text: plain(b.label),
          type: b.style ?? 'default',
          // A link opens in Feishu's browser; everything else calls back (docs/platforms/feishu.md §4.2).
          behaviors: [b.url ? { type: 'open_url', default_url: b.url } : { type: 'callback', value: { action: b.action, value: b.value } }],
          ...(b.confirm ? { confirm: { title: plain(b.label), text: plain(b.confirm) } } : {}),
        },
      ],
    })),
  };
}

/** config.summary is the chat list's preview of the card; without it Feishu shows a generic one. */
function shell(elements: unknown[], title?: string, colour?: Colour): CardJson {
  const config = title ? { update_multi: true as const, summary: { content: title } } : { update_multi: true as const };
  const card: CardJson = { schema: '2.0', config, body: { elements } };
  if (title) card.header = { title: plain(title), template: colour ?? 'blue' };
  return card;
}

/**
 * A card chart (JSON 2.0 `chart`, a VChart spec; docs/platforms/feishu.md §4.2: no functions in the spec,
 * at most five charts per card). Weeks without a value are left out rather than drawn as zero.
 */
function chartElement(c: Chart) {
  const values = c.points.filter((p) => p.value !== null).map((p) => ({ x: p.label, y: p.value }));
  const spec: Record<string, unknown> = {
    type: 'line',
    title: { visible: true, text: c.title },
    data: { values },
    xField: 'x',
    yField: 'y',
    point: { visible: true },
    label: { visible: true },
  };
  if (c.threshold) spec.markLine = [{ y: c.threshold.value, label: { visible: true, text: c.threshold.label } }];
  return { tag: 'chart', aspect_ratio: '2:1', chart_spec: spec };
}

function build(reply: CardReply, rows: string[][] | null, cutNote: string | null): CardJson {
  const els: unknown[] = reply.headline ? [headlineElement(reply.headline)] : [];
  els.push(...(reply.lines ?? []).map((l) => div(l)));
  if (reply.chart) els.push(chartElement(reply.chart));
  for (const f of reply.fields ?? []) els.push(fieldRow(f));
  if (reply.table && rows) els.push(...tableElements(reply.table, rows));
  if (cutNote) els.push(div(cutNote, { text_color: 'grey', text_size: 'notation' }));
  if (reply.note) els.push(div(reply.note, { text_color: 'grey', text_size: 'notation' }));
  if (reply.buttons?.length) els.push(buttonRow(reply.buttons));
  return shell(els, reply.title, reply.colour);
}

export const cardBytes = (c: unknown): number => Buffer.byteLength(JSON.stringify(c), 'utf8');

function cutNoteFor(hidden: number, reply: CardReply): string {
  const how = reply.more ?? (reply.note ? '' : '缩小范围（例如指定成员或客户）后重新发送命令即可查看。');
  return `还有 ${hidden} 行未显示（飞书卡片最大 30 KB）。${how}`;
}

/** Largest row count whose card fits, by binary search; the note says how many were cut. */
function fitTable(reply: CardReply, rows: string[][]): CardJson | null {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cardBytes(build(reply, rows.slice(0, mid), cutNoteFor(rows.length - mid, reply))) <= MAX_CARD_BYTES) lo = mid;
    else hi = mid - 1;
  }
  const c = build(reply, rows.slice(0, lo), cutNoteFor(rows.length - lo, reply));
  return cardBytes(c) <= MAX_CARD_BYTES ? c : null;
}

/** Last resort (huge lines or fields): the plain text, cut to fit, with the buttons kept. */
function fitPlain(reply: CardReply): CardJson {
  const full = toPlainText({ ...reply, buttons: [] });
  let len = Math.floor(MAX_CARD_BYTES / 4);
  const make = (n: number) =>
    build(
      { ...reply, lines: [full.slice(0, n)], fields: [], table: undefined, note: '内容过长，已截断。请缩小范围后重新发送命令查看全部。' },
      null,
      null,
    );
  while (len > 0 && cardBytes(make(len)) > MAX_CARD_BYTES) len = Math.floor(len * 0.8);
  return make(len);
}

/** Any reply as a card: cards as designed, text as a header-less card (used to update a clicked card). */
export function renderCard(reply: Reply): CardJson {
  if (reply.kind === 'text') return shell([div(reply.text.slice(0, 8000))]);
  const whole = build(reply, reply.table?.rows ?? null, null);
  if (cardBytes(whole) <= MAX_CARD_BYTES) return whole;
  const rows = reply.table?.rows ?? [];
  return (rows.length > 1 ? fitTable(reply, rows) : null) ?? fitPlain(reply);
}

/** What the message APIs take: text replies stay plain text messages, cards become interactive. */
export function renderMessage(reply: Reply): FeishuMessage {
  if (reply.kind === 'text') return { msg_type: 'text', content: JSON.stringify({ text: reply.text.slice(0, MAX_TEXT_CHARS) }) };
  return { msg_type: 'interactive', content: JSON.stringify(renderCard(reply)) };
}
