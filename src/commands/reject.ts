import { notice, type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { parseChatDate } from '../domain/chat-dates.js';
import { periodLabel } from '../domain/period-label.js';
import { customerSourceReady } from '../method/logs/customer-index.js';
import { customerPool, poolKey } from '../method/logs/customer-pool.js';
import { actionCandidates, resolveLogArgs } from '../method/logs/log-resolve.js';
import { rejectLog } from '../method/logs/reject-log.js';
import { isManagerOf } from '../method/metrics/region-data.js';
import type { Services } from '../services.js';
import type { ActionHandler, Command } from './types.js';

const usage = (cmd = '/不合格') => `用法：${cmd} <记录编号>，或 ${cmd} <客户> <动作> [日期]，例如：${cmd} 华东重工 现场回访 昨天`;
const USAGE = usage();

function describe(services: Services, logId: number): string {
  const log = services.repos.logs.byId(logId)!;
  const customer = services.repos.customers.byId(log.customerId);
  const action = services.repos.actionTypes.all().find((a) => a.code === log.actionCode);
  const owner = services.repos.members.byId(log.memberId);
  return `${log.occurredOn} ${action?.name ?? log.actionCode} · ${customer?.name ?? ''}（${owner?.name ?? ''}，记录 #${log.id}）`;
}

/** Checks the manager's right over the log's customer, rejects, and words the outcome. */
export function rejectAndReply(services: Services, member: Member, logId: number): Reply {
  const log = services.repos.logs.byId(logId);
  const customer = log ? services.repos.customers.byId(log.customerId) : null;
  if (!log || !customer) return text(`没有找到记录 #${logId}。${USAGE}`);
  if (!isManagerOf(member, customer.regionId)) return notice('只有本区域的主管可以把记录标记为不合格。如认为记录有问题，请联系主管。');
  const out = rejectLog(services, logId);
  if (out.kind === 'missing') return text(`没有找到记录 #${logId}。`);
  if (out.kind === 'already') return text(`这条记录已经是不合格：${describe(services, logId)}。`);
  if (out.kind === 'voided') return text(`这条记录已被撤销，不需要再标记：${describe(services, logId)}。`);
  const parts = [`已标记为不合格：${describe(services, logId)}。这条记录不再计入完成率。`];
  if (out.freed && out.takenOverBy)
    parts.push(
      `它原来完成的待办（${periodLabel(out.freed.period)}，计划 ${out.freed.dueDate.slice(5)}）改由记录 #${out.takenOverBy} 完成。`,
    );
  else if (out.freed)
    parts.push(
      `它原来完成的待办（${periodLabel(out.freed.period)}，计划 ${out.freed.dueDate.slice(5)}）已重新打开，需要再做一次合格的动作。`,
    );
  return text(parts.join(''));
}

/**
 * "客户 动作 [日期]": the log that completed a due item of that customer+action (the latest such), else
 * the latest valid one; on that date when given. Rejecting a repeat that completed nothing changes nothing.
 */
async function findByDescription(services: Services, member: Member, args: string[], cmd: string): Promise<number | string> {
  const today = services.today();
  const customers = await customerSourceReady(services, customerPool(services, member), poolKey(member), args.slice(0, 2));
  const parsed = resolveLogArgs(args, actionCandidates(services.repos.actionTypes.all()), customers, today);
  if (parsed.kind === 'usage' || parsed.kind === 'single') return usage(cmd);
  if (parsed.kind === 'bad_date') return parsed.message;
  if (parsed.action.kind !== 'one')
    return `请写清楚动作：「${parsed.actionWord}」${parsed.action.kind === 'none' ? '没有找到' : '有多个相近的动作'}。${usage(cmd)}`;
  if (parsed.customer.kind !== 'one')
    return `请写清楚客户：「${parsed.customerWord}」${parsed.customer.kind === 'none' ? '没有找到' : '有多个相近的客户'}。${usage(cmd)}`;
  const dated = args[2] !== undefined && parseChatDate(args[2], today).kind === 'date';
  const customer = parsed.customer.match.item;
  const action = parsed.action.match.item;
  const logs = services.repos.logs
    .forCustomer(customer.id)
    .filter((l) => l.actionCode === action.code && l.status === 'valid' && (!dated || l.occurredOn === parsed.date))
    .sort((a, b) => (a.occurredOn !== b.occurredOn ? (a.occurredOn < b.occurredOn ? 1 : -1) : b.id - a.id));
  if (!logs[0]) return `没有找到「${customer.name}」${dated ? ` ${parsed.date} ` : ''}的有效「${action.name}」记录。`;
  return (logs.find((l) => services.repos.dueItems.byLog(l.id) !== null) ?? logs[0]).id;
}

export const rejectCommand: Command = {
  name: 'reject',
  aliases: ['不合格'],
  summary: '主管把一条动作记录标记为不合格（不计入完成率）',
  examples: ['/不合格 12', '/不合格 华东重工 现场回访 昨天'],
  roles: ['manager', 'admin'],
  async run({ services, member, args, invokedAs }) {
    if (args.length === 0) return text(usage(invokedAs));
    const id =
      args.length === 1 && /^#?\d+$/.test(args[0]!)
        ? Number(args[0]!.replace('#', ''))
        : await findByDescription(services, member, args, invokedAs ?? '/不合格');
    return typeof id === 'string' ? text(id) : rejectAndReply(services, member, id);
  },
};

/** The 不合格 button on a log confirmation card: shown to everyone in the chat, usable by managers only. */
export const rejectAction: ActionHandler = {
  action: 'log.reject',
  run({ services, event, member }) {
    if (member.role === 'rep') return notice('只有主管可以把记录标记为不合格。如认为记录有问题，请联系主管。');
    const logId = Number(event.value.logId);
    if (!Number.isInteger(logId) || logId <= 0) return text('这个按钮已失效。');
    return rejectAndReply(services, member, logId);
  },
};
