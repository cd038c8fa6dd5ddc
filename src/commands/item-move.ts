import { moveDatesCard, movedCard, movePickCard } from '../../cards/one-tap.js';
import { notice, type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import type { DueItem } from '../domain/types.js';
import { movableItem, movableThisWeek, moveDates, moveItem } from '../method/plans/item-move.js';
import type { Services } from '../services.js';
import { mayLogFor } from './log.js';
import type { ActionHandler, Command } from './types.js';

// 「改期」 on the Thursday reminder and /我的 (cards/one-tap.ts): each open item's own button goes to the dates
// inside its window; `/改期 [客户]` typed (for the items a card could not give a button) picks the item first.
// The rules are src/domain/item-moves.ts.

/** The item named by a button, if the clicker may act on it (its owner, or a manager of its region). */
function itemFor(services: Services, member: Member, id: unknown): { item: DueItem } | { reply: Reply } {
  const item = services.repos.dueItems.byId(Number(id));
  const customer = item ? services.repos.customers.byId(item.customerId) : null;
  if (!item || !customer) return { reply: text('这项待办已不存在，请发送 /我的 查看本周待办。') };
  if (!mayLogFor(member, customer)) return { reply: notice('这是其他同事的待办，只能由本人或主管改期。') };
  return { item };
}

function datesReply(services: Services, item: DueItem): Reply {
  const { refusal, dates } = moveDates(services, item);
  if (refusal) return text(refusal);
  return moveDatesCard({ ...movableItem(services, item), windowEnd: item.windowEnd }, dates);
}

const NOTHING_TO_MOVE = '本周没有还能改期的待办（已完成的、窗口已结束的不能改）。发送 /我的 查看本周待办。';

/** This week's movable items whose customer or action contains every word typed. */
function pickReply(services: Services, member: Member, words: string[]): Reply {
  const all = movableThisWeek(services, member).map((i) => ({ item: i, named: movableItem(services, i) }));
  if (all.length === 0) return text(NOTHING_TO_MOVE);
  const found = all.filter(({ named }) => words.every((w) => named.customer.includes(w) || named.action.includes(w)));
  if (found.length === 0)
    return text(`本周能改期的待办里没有「${words.join(' ')}」。发送 /改期 查看全部可改期的待办，例如 /改期 ${all[0]!.named.customer}`);
  if (found.length === 1) return datesReply(services, found[0]!.item);
  return movePickCard(found.map((f) => f.named));
}

/** The 「改期」 button of cards sent before each item had its own (kept so those cards still work). */
export const itemMovePickAction: ActionHandler = {
  action: 'item.movePick',
  run: ({ services, member }) => pickReply(services, member, []),
};

export const moveCommand: Command = {
  name: 'move',
  aliases: ['改期'],
  summary: '把本周一项待办改到另一天',
  examples: ['/改期 华东重工', '/改期', '/改期 现场回访 华东重工'],
  run: ({ services, member, args }) => pickReply(services, member, args),
};

export const itemMoveAction: ActionHandler = {
  action: 'item.move',
  run({ services, event, member }) {
    const found = itemFor(services, member, event.value.itemId);
    return 'reply' in found ? found.reply : datesReply(services, found.item);
  },
};

export const itemMoveToAction: ActionHandler = {
  action: 'item.moveTo',
  run({ services, event, member }) {
    const found = itemFor(services, member, event.value.itemId);
    if ('reply' in found) return found.reply;
    const { from, to } = event.value;
    if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return text('这个按钮已失效，请重新点「改期」。');
    const out = moveItem(services, member, found.item, from, to);
    if ('refusal' in out) return text(out.refusal);
    return movedCard(movableItem(services, out.moved), from);
  },
};
