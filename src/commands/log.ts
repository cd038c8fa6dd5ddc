import { repeatLogCard } from '../../cards/actions.js';
import { logChoicesCard } from '../../cards/log.js';
import { notice, type Reply, text } from '../core/reply.js';
import type { Customer } from '../db/repos/customers.repo.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Match } from '../domain/fuzzy.js';
import type { ActionDef } from '../domain/packs.js';
import { customerSourceReady } from '../method/logs/customer-index.js';
import { customerPool, fresh, poolKey } from '../method/logs/customer-pool.js';
import { dateRefusal, sameDayLog } from '../method/logs/log-checks.js';
import { actionCandidates, resolveLogArgs } from '../method/logs/log-resolve.js';
import { type LogRequest, logConfirmation, writeLog } from '../method/logs/log-write.js';
import type { Services } from '../services.js';
import { actionOnly, customerOnly, singleUnknown, unknownAction, unknownCustomer, usage } from './log-prompts.js';
import type { ActionHandler, Command } from './types.js';

/** A note longer than this is refused with a Chinese reply; a log note is a line, not a report. */
// Below the router's 500-character command limit, so a long note gets this more precise answer.
export const NOTE_MAX_CHARS = 400;

export function mayLogFor(member: Member, customer: Customer): boolean {
  if (member.role === 'rep') return customer.ownerId === member.id;
  return member.role === 'admin' || customer.regionId === member.regionId;
}

function choices(actions: Match<ActionDef>[], customers: Match<Customer>[], base: Record<string, string>, cmd: string): Reply {
  const pairs = customers.flatMap((c) =>
    actions.map((a) => ({ action: { code: a.item.code, name: a.item.name }, customer: { id: c.item.id, name: c.item.name } })),
  );
  return logChoicesCard(pairs, base, cmd);
}

export const logCommand: Command = {
  name: 'log',
  aliases: ['记录', '记'],
  summary: '记录一次客户动作',
  examples: [
    '/记录 高层拜访 华东重工',
    '/log 现场回访 华东重工 昨天 试产顺利',
    '/记录 华东重工 技术答疑 11-20',
    '/记录 华东重工（列出它的动作）',
  ],
  async run({ services, event, member, args, invokedAs }) {
    const cmd = invokedAs ?? '/记录';
    const actions = services.repos.actionTypes.all();
    const pool = customerPool(services, member);
    // A large region's name index may be building: awaited in slices, never on the event loop at once.
    const customers = await customerSourceReady(services, pool, poolKey(member), args.slice(0, 2));
    const parsed = resolveLogArgs(args, actionCandidates(actions), customers, services.today());
    if (parsed.kind === 'usage') return text(usage(cmd));
    if (parsed.kind === 'bad_date') return text(`${parsed.message}例如：${cmd} 技术答疑 华东重工 昨天`);
    const base = { date: services.today(), note: '', source: event.messageId };
    if (parsed.kind === 'single') {
      const { action, customer } = parsed;
      const a = action.kind === 'one' ? action.match.score : 0;
      const c = customer.kind === 'one' ? customer.match.score : 0;
      if (c > a && customer.kind === 'one') return customerOnly(customer.match.item, actions, base, cmd);
      if (action.kind === 'one') return actionOnly(action.match.item, member, pool, base, cmd);
      return singleUnknown(parsed.word, cmd);
    }
    const { action, customer } = parsed;
    if (action.kind === 'none') return unknownAction(parsed.actionWord, action, actions, cmd);
    if (customer.kind === 'none') return unknownCustomer(parsed.customerWord, customer, cmd);
    const length = [...(parsed.note ?? '')].length;
    if (length > NOTE_MAX_CHARS)
      return text(`备注最多 ${NOTE_MAX_CHARS} 字，这条有 ${length} 字，没有记录。请精简后重新发送 ${cmd}，详细内容可以另发消息。`);
    const dated = { ...base, date: parsed.date, note: parsed.note ?? '' };
    if (action.kind === 'ambiguous' || customer.kind === 'ambiguous') {
      const am = action.kind === 'one' ? [action.match] : action.matches;
      const cm = customer.kind === 'one' ? [customer.match] : customer.matches;
      return choices(am, cm, dated, cmd);
    }
    return commit(services, {
      member,
      action: action.match.item,
      customer: fresh(services, customer.match.item),
      date: parsed.date,
      note: parsed.note,
      platform: event.platform,
      sourceId: event.messageId,
      value: dated,
    });
  },
};

interface Commit {
  member: Member;
  action: ActionDef;
  customer: Customer;
  date: string;
  note: string | null;
  platform: string;
  sourceId: string;
  /** What a "log it again" button carries; absent once the repeat was confirmed. */
  value?: Record<string, string>;
}

function commit(services: Services, c: Commit): Reply {
  const { member, customer } = c;
  if (!mayLogFor(member, customer)) {
    const owner = services.repos.members.byId(customer.ownerId);
    return notice(
      `「${customer.name}」是${owner?.name ?? '其他同事'}的客户，你只能记录自己名下的客户。发送 /我的 查看你的客户；如需代记，请让主管记录。`,
    );
  }
  const refusal = dateRefusal(services, customer, c.date);
  if (refusal) return text(`${refusal}没有记录。请写实际发生的日期。`);
  const repeat = c.value && !services.repos.logs.bySource(c.platform, c.sourceId) ? sameDayLog(services, customer, c.action, c.date) : null;
  if (repeat && c.value)
    return repeatLogCard(`${c.action.name} · ${customer.name}`, c.date, repeat.id, {
      ...c.value,
      action: c.action.code,
      customer: String(customer.id),
    });
  const req = { by: member, customer, action: c.action, date: c.date, note: c.note, platform: c.platform, sourceId: c.sourceId };
  const out = writeLog(services, req);
  // A repeat of the same source (a second "你是说…?" choice, a retried click) shows the log that
  // was written, not the one this click asked for.
  return logConfirmation(services, out.duplicate ? requestOf(services, out.logId, req) : req, out);
}

function requestOf(services: Services, logId: number, req: LogRequest): LogRequest {
  const log = services.repos.logs.byId(logId)!;
  const action = services.repos.actionTypes.all().find((a) => a.code === log.actionCode) ?? req.action;
  const customer = services.repos.customers.byId(log.customerId) ?? req.customer;
  return { ...req, action, customer, date: log.occurredOn, note: log.note };
}

/** A click on a "你是说…?" choice, a one-click log, or "再记一条". The click's source keeps a double click to one log. */
export const logChooseAction: ActionHandler = {
  action: 'log.choose',
  run({ services, event, member }) {
    const v = event.value;
    const action = services.repos.actionTypes.all().find((a) => a.code === v.action);
    const customer = services.repos.customers.byId(Number(v.customer));
    if (!action || !customer || !v.date) return text('这个选项已失效，请重新发送 /记录 命令。');
    const sourceId = `${v.source ?? event.eventId}#choice${v.confirm === '1' ? '#again' : ''}`;
    const value = v.confirm === '1' ? undefined : { date: v.date, note: v.note ?? '', source: v.source ?? event.eventId };
    return commit(services, { member, action, customer, date: v.date, note: v.note || null, platform: event.platform, sourceId, value });
  },
};
