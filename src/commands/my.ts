import { myCard } from '../../cards/my.js';
import { addDays, weekStart } from '../domain/dates.js';
import { coachingThisWeek } from '../method/reports/coaching.js';
import type { Command } from './types.js';

export const myCommand: Command = {
  name: 'my',
  aliases: ['我的'],
  summary: '查看本周待办和上周完成率',
  examples: ['/我的'],
  run({ services, member }) {
    const today = services.today();
    const thisWeek = weekStart(today);
    const lastWeek = addDays(thisWeek, -7);
    const { dueItems, customers, actionTypes } = services.repos;
    const items = dueItems.forMemberBetween(member.id, thisWeek, addDays(thisWeek, 6)).filter((i) => i.status !== 'cancelled');
    const last = dueItems.forMemberBetween(member.id, lastWeek, addDays(lastWeek, 6)).filter((i) => i.status !== 'cancelled');
    const actionName = new Map(actionTypes.all().map((a) => [a.code, a.name]));
    const logged = services.repos.logs.forMemberBetween(member.id, thisWeek, today).filter((l) => l.status !== 'voided');
    return myCard({
      name: member.name,
      today,
      items: items.map((i) => ({
        id: i.id,
        dueDate: i.dueDate,
        customer: customers.byId(i.customerId)?.name ?? '',
        action: actionName.get(i.actionCode) ?? i.actionCode,
        status: i.status,
      })),
      coaching: member.role === 'rep' ? [] : coachingThisWeek(services, member.id),
      lastWeek: { due: last.length, done: last.filter((i) => i.status === 'done').length },
      // Only the lines the card shows are named (the first eight).
      logs: logged.map((l, n) => ({
        occurredOn: l.occurredOn,
        action: actionName.get(l.actionCode) ?? l.actionCode,
        customer: n < 8 ? (customers.byId(l.customerId)?.name ?? '') : '',
        rejected: l.status === 'rejected',
      })),
    });
  },
};
