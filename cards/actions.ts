import { type Button, type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import type { ActionDef } from '../src/domain/packs.js';
import { STAGE_LABELS, STAGES } from '../src/domain/stages.js';

// The actions a rep can log, by stage (docs/method.md step 2), and the prompts /记录 answers with when a
// word is missing or a log would repeat one: each says exactly what to type or click next.

/** One line per stage: 「孵化型：现场回访（onsite_revisit）、技术答疑（tech_qa）…」, then the uncounted ones. */
export function actionsByStageLines(actions: ActionDef[]): string[] {
  const list = (of: ActionDef[]) => of.map((a) => `${a.name}（${a.code}）`).join('、');
  const lines = STAGES.map((s) => [s, actions.filter((a) => a.stage === s)] as const)
    .filter(([, of]) => of.length > 0)
    .map(([s, of]) => `${STAGE_LABELS[s]}：${list(of)}`);
  const other = actions.filter((a) => a.stage === null);
  return other.length ? [...lines, `其他（可记录，不计入完成率）：${list(other)}`] : lines;
}

export function actionsHelpCard(actions: ActionDef[], command: string): CardReply {
  return card({
    title: '作战室 · 可记录的动作',
    colour: 'blue',
    lines: actionsByStageLines(actions),
    note: `动作可以写中文名、简称、拼音首字母或括号里的代码，例如 ${command} tech_qa 华东重工`,
  });
}

export interface LogChoice {
  label: string;
  action: string;
  customer: number;
}

/** Buttons that log today (or `date`) with one click; `base` carries the source message and the note. */
export function logChoicesCard(
  title: string,
  lines: string[],
  choices: LogChoice[],
  base: Record<string, string>,
  note: string,
): CardReply {
  const buttons: Button[] = choices
    .slice(0, 6)
    .map((c) => ({ label: c.label, action: 'log.choose', value: { ...base, action: c.action, customer: String(c.customer) } }));
  return card({ title, colour: 'blue', lines, buttons, note });
}

/** A second log of the same action, customer and date: recorded only after a click. */
export function repeatLogCard(what: string, date: LocalDate, existingId: number, value: Record<string, string>): CardReply {
  return card({
    title: '已经记录过了',
    colour: 'yellow',
    lines: [`${date} 的「${what}」已经记录过（记录 #${existingId}）。同一天的同一个动作通常只记一次；确实又做了一次，请点「再记一条」。`],
    buttons: [{ label: '再记一条', action: 'log.choose', value: { ...value, confirm: '1' }, style: 'primary' }],
    note: '不需要再记就忽略这条消息；记错了可以发送 /撤销。',
  });
}
