import { actionsByStageLines, logChoicesCard } from '../../cards/actions.js';
import { type Reply, text } from '../core/reply.js';
import type { Customer } from '../db/repos/customers.repo.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Resolution } from '../domain/fuzzy.js';
import type { ActionDef } from '../domain/packs.js';
import { STAGE_LABELS } from '../domain/stages.js';

// What /记录 answers when a word is missing or not understood: the choices that fit, as buttons that
// log with one click, and the line to type otherwise. `cmd` is the command as the user typed it.

export const usage = (cmd: string) => `用法：${cmd} <动作> <客户> [日期] [备注]，例如：${cmd} 高层拜访 华东重工 昨天 见了王总`;

function closest<T>(r: Resolution<T>, label: (t: T) => string): string {
  const list = r.kind === 'none' ? r.closest : r.kind === 'ambiguous' ? r.matches : [r.match];
  return list.map((m) => label(m.item)).join('、');
}

export function unknownAction(word: string, r: Resolution<ActionDef>, actions: ActionDef[], cmd: string): Reply {
  const near = closest(r, (a) => a.name);
  return text(
    [
      `没有找到动作「${word}」。${near ? `最接近的是：${near}。` : ''}可记录的动作：`,
      ...actionsByStageLines(actions),
      `例如：${cmd} 技术答疑 华东重工`,
    ].join('\n'),
  );
}

export function unknownCustomer(word: string, r: Resolution<Customer>, cmd: string): Reply {
  const near = closest(r, (c) => c.name);
  return text(
    `没有找到客户「${word}」。${near ? `最接近的是：${near}。` : ''}发送 /我的 查看你名下的客户，再发送 ${cmd} <动作> <客户全名>。`,
  );
}

/** `/记录 华东重工`: the customer's pack actions, each a button that logs it for today. */
export function customerOnly(customer: Customer, actions: ActionDef[], base: Record<string, string>, cmd: string): Reply {
  const pack = actions.filter((a) => a.stage === customer.stage);
  const lines = [`「${customer.name}」是${STAGE_LABELS[customer.stage]}客户，动作包：${pack.map((a) => a.name).join('、') || '（无）'}。`];
  const choices = pack.map((a) => ({ label: a.name, action: a.code, customer: customer.id }));
  return logChoicesCard(
    `记录「${customer.name}」的哪个动作？`,
    lines,
    choices,
    base,
    `点一下记为今天完成；其他日期请发送 ${cmd} <动作> ${customer.name} <日期>。`,
  );
}

/** `/记录 高层拜访`: the member's customers, those whose pack has the action first. */
export function actionOnly(action: ActionDef, member: Member, pool: Customer[], base: Record<string, string>, cmd: string): Reply {
  const own = member.role === 'rep' ? pool.filter((c) => c.ownerId === member.id) : pool;
  const sorted = [...own].sort((a, b) => Number(b.stage === action.stage) - Number(a.stage === action.stage));
  if (sorted.length === 0) return text(`你名下还没有客户，无法记录「${action.name}」。请联系主管分配客户。`);
  const lines = [`你的客户：${sorted.map((c) => c.name).join('、')}`];
  const choices = sorted.map((c) => ({ label: c.name, action: action.code, customer: c.id }));
  return logChoicesCard(
    `「${action.name}」是哪个客户？`,
    lines,
    choices,
    base,
    `点一下记为今天完成；其他日期请发送 ${cmd} ${action.name} <客户> <日期>。`,
  );
}

/** One word that is neither a known action nor a known customer. */
export function singleUnknown(word: string, cmd: string): Reply {
  return text(`「${word}」既不是动作也不是客户名。${usage(cmd)}。发送 /帮助 动作 查看全部动作。`);
}
