// The size limits each platform puts on a message, as documented (not as our renderers budget them), so
// the adapter contract checks what a renderer returns against the platform rather than against itself.
// A check returns the violations it found; an empty list means the message would be accepted.

export type LimitCheck = (rendered: unknown) => string[];

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const chars = (s: string) => [...s].length;
type Obj = Record<string, unknown>;

/** Feishu: card ≤ 30 KB, text ≤ 150 KB (docs/platforms/feishu.md §4.4, error 230025). */
export const FEISHU_CARD_MAX_BYTES = 30 * 1024;
export const FEISHU_TEXT_MAX_BYTES = 150 * 1024;

function feishu(rendered: unknown): string[] {
  const m = rendered as { msg_type?: string; content?: unknown };
  if (typeof m.content !== 'string') return ['content is not a string'];
  const n = bytes(m.content);
  if (m.msg_type === 'interactive') return n <= FEISHU_CARD_MAX_BYTES ? [] : [`card is ${n} B, over 30 KB`];
  if (m.msg_type === 'text') return n <= FEISHU_TEXT_MAX_BYTES ? [] : [`text is ${n} B, over 150 KB`];
  return [`unknown msg_type ${String(m.msg_type)}`];
}

/** WeCom template card field limits (docs/platforms/wecom.md §4.2, doc 90236). */
export const WECOM_CARD = {
  title: 26,
  subtitle: 112,
  fields: 6,
  keyname: 5,
  value: 26,
  buttons: 6,
  buttonText: 10,
  taskIdBytes: 128,
  /** emphasis_content.title ≤ 10 and desc ≤ 15 characters (aibot-node-sdk TemplateCardEmphasisContent, doc 90236). */
  emphasisTitle: 10,
  emphasisDesc: 15,
  /** button key ≤ 1024 bytes (aibot-node-sdk TemplateCardButton.key, doc 90236). */
  buttonKeyBytes: 1024,
} as const;
/** WeCom message/send text ≤ 2048 bytes (§4.2); AI-bot stream content ≤ 20480 bytes (§4.6). */
export const WECOM_TEXT_MAX_BYTES = 2048;
export const WECOM_STREAM_MAX_BYTES = 20480;

function over(what: string, n: number, max: number, unit: string): string[] {
  return n <= max ? [] : [`${what} is ${n} ${unit}, over ${max}`];
}

export function wecomTemplateCard(tc: Obj): string[] {
  const L = WECOM_CARD;
  const out: string[] = [];
  const title = (tc.main_title as Obj | undefined)?.title;
  if (typeof title !== 'string' || !title) out.push('main_title.title missing');
  else out.push(...over('main_title.title', chars(title), L.title, 'characters'));
  if (typeof tc.sub_title_text === 'string') out.push(...over('sub_title_text', chars(tc.sub_title_text), L.subtitle, 'characters'));
  const fields = (tc.horizontal_content_list as Array<{ keyname: string; value: string }> | undefined) ?? [];
  out.push(...over('horizontal_content_list', fields.length, L.fields, 'items'));
  for (const f of fields)
    out.push(
      ...over(`keyname ${f.keyname}`, chars(f.keyname), L.keyname, 'characters'),
      ...over(`value of ${f.keyname}`, chars(f.value), L.value, 'characters'),
    );
  const buttons = (tc.button_list as Array<{ text: string }> | undefined) ?? [];
  out.push(...over('button_list', buttons.length, L.buttons, 'buttons'));
  for (const b of buttons as Array<{ text: string; key?: string }>) {
    out.push(...over(`button ${b.text}`, chars(b.text), L.buttonText, 'characters'));
    if (b.key !== undefined) out.push(...over(`key of ${b.text}`, bytes(b.key), L.buttonKeyBytes, 'B'));
  }
  const em = tc.emphasis_content as { title?: string; desc?: string } | undefined;
  if (em) {
    if (tc.card_type !== 'text_notice') out.push('emphasis_content outside a text_notice');
    out.push(...over('emphasis_content.title', chars(em.title ?? ''), L.emphasisTitle, 'characters'));
    out.push(...over('emphasis_content.desc', chars(em.desc ?? ''), L.emphasisDesc, 'characters'));
  }
  if (typeof tc.task_id !== 'string' || !/^[0-9A-Za-z_\-@]{1,128}$/.test(tc.task_id)) out.push(`bad task_id ${String(tc.task_id)}`);
  if (tc.card_type === 'text_notice' && !tc.card_action) out.push('text_notice without card_action');
  return out;
}

/** The self-built app's message/send body. */
function wecomApp(rendered: unknown): string[] {
  const m = rendered as Obj & { msgtype?: string };
  if (m.msgtype === 'text') return over('text', bytes(String((m.text as Obj).content)), WECOM_TEXT_MAX_BYTES, 'B');
  if (m.msgtype === 'template_card') return wecomTemplateCard(m.template_card as Obj);
  // A long report goes as markdown (message/send markdown shares text's 2048-byte limit).
  if (m.msgtype === 'markdown') return over('markdown', bytes(String((m.markdown as Obj).content)), WECOM_TEXT_MAX_BYTES, 'B');
  return [`unknown msgtype ${String(m.msgtype)}`];
}

/** The AI bot's passive reply: a stream (markdown), a template card, or both. */
function wecomBot(rendered: unknown): string[] {
  const r = rendered as { markdown?: string; card?: Obj };
  if (!r.markdown && !r.card) return ['empty reply'];
  return [
    ...(r.markdown ? over('stream', bytes(r.markdown), WECOM_STREAM_MAX_BYTES, 'B') : []),
    ...(r.card ? wecomTemplateCard(r.card) : []),
  ];
}

export const platformLimits = { feishu, wecomApp, wecomBot } satisfies Record<string, LimitCheck>;
