// The neutral reply model: commands return these; each platform renders them.

export type Colour = 'blue' | 'green' | 'yellow' | 'orange' | 'red' | 'grey';

export interface Button {
  label: string;
  /** Action name routed to src/commands/actions.ts, e.g. 'log.undo'. */
  action: string;
  value: Record<string, string>;
  style?: 'primary' | 'danger' | 'default';
  /** A link button: opens this URL instead of sending the action (the dashboard, the battle map). */
  url?: string;
  /** Asks "are you sure?" with this text before the action is sent (发布, 不合格, 撤销). */
  confirm?: string;
}

export interface Field {
  label: string;
  value: string;
  /**
   * A key figure: the value is shown bold, in this colour where the platform can colour text
   * (green good, red bad, orange watch, blue/grey neutral). Unset: an ordinary row.
   */
  emphasis?: Colour;
}

export interface Table {
  columns: string[];
  rows: string[][];
  /** Optional colour per cell, same shape as rows; platforms that cannot colour show text. */
  colours?: (Colour | null)[][];
}

/** A small series chart: drawn where the platform can (a Feishu card chart); elsewhere the card's lines carry it as text. */
export interface Chart {
  title: string;
  kind: 'line';
  points: Array<{ label: string; value: number | null }>;
  unit?: string;
  /** A horizontal reference line, e.g. the 70% warning threshold. */
  threshold?: { value: number; label: string };
}

export interface TextReply {
  kind: 'text';
  text: string;
  /**
   * A notice for the person who clicked only (a refusal): platforms answer it privately (a toast,
   * a DM) and leave the shared card as it is, so one person's refused click does not strip a group
   * card of its buttons for everyone.
   */
  private?: boolean;
}

export interface CardReply {
  kind: 'card';
  title: string;
  colour: Colour;
  /** The card's most important figure: shown first, large and bold (its `emphasis` colours it). */
  headline?: Field;
  /** Short paragraphs shown above the fields. */
  lines?: string[];
  fields?: Field[];
  table?: Table;
  chart?: Chart;
  /** Shown under everything, small: hints such as how to see more. */
  note?: string;
  /** Where to see everything when a platform must cut the card (「发送 /看板 查看…」); renderers say it on the last line. */
  more?: string;
  buttons?: Button[];
}

export type Reply = TextReply | CardReply;

export const text = (t: string): TextReply => ({ kind: 'text', text: t });

/** A refusal of a click, for the clicker only (see TextReply.private). */
export const notice = (t: string): TextReply => ({ kind: 'text', text: t, private: true });

export const isPrivate = (r: Reply | undefined): boolean => r?.kind === 'text' && r.private === true;

export function card(c: Omit<CardReply, 'kind'>): CardReply {
  return { kind: 'card', ...c };
}

/** Plain-text rendering: the console's fallback and every platform's text fallback. */
export function toPlainText(reply: Reply): string {
  if (reply.kind === 'text') return reply.text;
  const out: string[] = [`【${reply.title}】`];
  if (reply.headline) out.push(`${reply.headline.label}：${reply.headline.value}`);
  for (const l of reply.lines ?? []) out.push(l);
  for (const f of reply.fields ?? []) out.push(`${f.label}：${f.value}`);
  if (reply.table) {
    out.push(reply.table.columns.join(' | '));
    for (const r of reply.table.rows) out.push(r.join(' | '));
  }
  if (reply.note) out.push(reply.note);
  if (reply.buttons?.length) out.push(reply.buttons.map((b) => `[${b.label}]`).join(' '));
  return out.join('\n');
}
