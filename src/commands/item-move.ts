import { moveDatesCard, movedCard, movePickCard } from '../../cards/one-tap.js';
import { notice, type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import type { DueItem } from '../domain/types.js';
import { movableItem, movableThisWeek, moveDates, moveItem } from '../method/plans/item-move.js';
import type { Services } from '../services.js';
import { mayLogFor } from './log.js';
import type { ActionHandler } from './types.js';

// 「改期」 on the Thursday reminder and /我的 (cards/one-tap.ts): pick an item (when several are open),
// then a date inside its window. The rules are src/domain/item-moves.ts.

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

export const itemMovePickAction: ActionHandler = {
  action: 'item.movePick',
  run({ services, member }) {
    const items = movableThisWeek(services, member);
    if (items.length === 0) return text('本周没有还能改期的待办（已完成的、窗口已结束的不能改）。发送 /我的 查看本周待办。');
    if (items.length === 1) return datesReply(services, items[0]!);
    return movePickCard(items.map((i) => movableItem(services, i)));
  },
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
