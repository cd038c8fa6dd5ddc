import type { MovableItem } from '../../../cards/one-tap.js';
import type { Member } from '../../db/repos/members.repo.js';
import { addDays, weekStart } from '../../domain/dates.js';
import { moveChoices, moveDateRefusal, moveRefusal } from '../../domain/item-moves.js';
import type { DueItem } from '../../domain/types.js';
import type { Services } from '../../services.js';

// 「改期」 (issue 15 item 3): the rules are src/domain/item-moves.ts; here the reads, the names, and
// the write with its record of who moved the item and when (item_moves).

export function movableItem(services: Services, item: DueItem): MovableItem {
  const action = services.repos.actionTypes.all().find((a) => a.code === item.actionCode);
  return {
    id: item.id,
    customer: services.repos.customers.byId(item.customerId)?.name ?? `客户 #${item.customerId}`,
    action: action?.name ?? item.actionCode,
    dueDate: item.dueDate,
  };
}

/** The member's items of this week that may still move, for the first click. */
export function movableThisWeek(services: Services, member: Member): DueItem[] {
  const today = services.today();
  const monday = weekStart(today);
  return services.repos.dueItems
    .forMemberBetween(member.id, monday, addDays(monday, 6))
    .filter((i) => moveRefusal(i, today) === null && moveChoices(i, today, (d) => services.calendar.isWorkingDay(d)).length > 0);
}

export function moveDates(services: Services, item: DueItem): { refusal: string | null; dates: string[] } {
  const today = services.today();
  return { refusal: moveRefusal(item, today), dates: moveChoices(item, today, (d) => services.calendar.isWorkingDay(d)) };
}

/** Moves the item, or says in Chinese why not. `from` is the date the button was made for: a stale button is refused. */
export function moveItem(
  services: Services,
  member: Member,
  item: DueItem,
  from: string,
  to: string,
): { refusal: string } | { moved: DueItem } {
  const refusal = moveDateRefusal(item, to, services.today(), (d) => services.calendar.isWorkingDay(d));
  if (refusal) return { refusal };
  if (item.dueDate !== from) return { refusal: `这项待办已经改到 ${item.dueDate}，请重新点「改期」。` };
  const ok = services.db.transaction(() => services.repos.oneTap.moveItem(item.id, from, to, member.id, services.clock.now().getTime()));
  if (!ok) return { refusal: '这项待办刚刚有了变化（已完成或已改期），请发送 /我的 查看。' };
  return { moved: { ...item, dueDate: to } };
}
