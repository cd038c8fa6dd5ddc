import { notice, type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { rematchCustomerAction } from '../method/logs/reject-log.js';
import { isManagerOf } from '../method/metrics/region-data.js';
import type { Services } from '../services.js';
import type { ActionHandler, Command } from './types.js';

const UNDO_WINDOW_MS = 24 * 3600 * 1000;

/** Voids a log and rematches its customer+action (another valid log may take the item over), in one transaction. */
function voidLog(services: Services, logId: number): void {
  services.db.transaction(() => {
    const log = services.repos.logs.byId(logId)!;
    services.repos.logs.setStatus(logId, 'voided');
    rematchCustomerAction(services, log.customerId, log.actionCode);
  });
}

function describe(services: Services, logId: number): string {
  const log = services.repos.logs.byId(logId)!;
  const customer = services.repos.customers.byId(log.customerId);
  const action = services.repos.actionTypes.all().find((a) => a.code === log.actionCode);
  return `${log.occurredOn} ${action?.name ?? log.actionCode} · ${customer?.name ?? ''}`;
}

export const undoCommand: Command = {
  name: 'undo',
  aliases: ['撤销'],
  summary: '撤销你 24 小时内的最后一条记录',
  examples: ['/撤销'],
  run({ services, member }) {
    const since = services.clock.now().getTime() - UNDO_WINDOW_MS;
    const last = services.repos.logs.lastValidBy(member.id, since);
    if (!last) return text('你在 24 小时内没有可撤销的记录。更早的记录请联系主管处理。');
    voidLog(services, last.id);
    return text(`已撤销：${describe(services, last.id)}。如需重新记录，请发送 /记录 <动作> <客户>。`);
  },
};

/** The person who typed it, or a manager of the customer's region (not any manager anywhere). */
function mayUndo(member: Member, loggedById: number, regionId: number | null): boolean {
  return member.id === loggedById || (regionId !== null && isManagerOf(member, regionId));
}

export const undoAction: ActionHandler = {
  action: 'log.undo',
  run({ services, event, member }): Reply {
    const log = services.repos.logs.byId(Number(event.value.logId));
    if (!log) return text('没有找到这条记录。');
    if (!mayUndo(member, log.loggedById, services.repos.customers.byId(log.customerId)?.regionId ?? null))
      return notice('只有记录人本人或主管可以撤销这条记录。');
    if (log.status === 'voided') return text(`这条记录已经撤销过了：${describe(services, log.id)}。`);
    if (services.clock.now().getTime() - log.createdAt > UNDO_WINDOW_MS && member.role === 'rep') {
      return notice('这条记录已超过 24 小时，不能自行撤销，请联系主管。');
    }
    voidLog(services, log.id);
    return text(`已撤销：${describe(services, log.id)}。`);
  },
};
