import { notice, text, type Reply } from '../core/reply.js';
import type { Match, Resolution } from '../domain/fuzzy.js';
import type { ActionDef } from '../domain/packs.js';
import type { Customer } from '../db/repos/customers.repo.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Services } from '../services.js';
import { actionCandidates, customerCandidates, resolveLogArgs } from '../method/logs/log-resolve.js';
import { logConfirmation, writeLog, type LogRequest } from '../method/logs/log-write.js';
import { logChoicesCard } from '../../cards/log.js';
import type { ActionHandler, Command } from './types.js';

const USAGE = '用法：/记录 <动作> <客户> [日期] [备注]，例如：/记录 高层拜访 华东重工 昨天 见了王总';

/** Customers a member may pick from: the region's (so a rep can be told a customer is not theirs). */
function customerPool(services: Services, member: Member): Customer[] {
  const { customers } = services.repos;
  if (member.regionId == null) return customers.all();
  return customers.inRegion(member.regionId);
}

export function mayLogFor(member: Member, customer: Customer): boolean {
  if (member.role === 'rep') return customer.ownerId === member.id;
  return member.role === 'admin' || customer.regionId === member.regionId;
}

function names<T>(r: Resolution<T>, label: (t: T) => string): string {
  const list = r.kind === 'none' ? r.closest : r.kind === 'ambiguous' ? r.matches : [r.match];
  return list.map((m) => label(m.item)).join('、');
}

function unknown(word: string, what: string, r: Resolution<unknown>, label: (t: never) => string, hint: string): Reply {
  const closest = names(r as Resolution<never>, label);
  return text(`没有找到${what}「${word}」。${closest ? `最接近的是：${closest}。` : ''}${hint}`);
}

function choices(actions: Match<ActionDef>[], customers: Match<Customer>[], base: Record<string, string>): Reply {
  const pairs = customers.flatMap((c) => actions.map((a) => ({ action: { code: a.item.code, name: a.item.name }, customer: { id: c.item.id, name: c.item.name } })));
  return logChoicesCard(pairs, base);
}

export const logCommand: Command = {
  name: 'log',
  aliases: ['记录', '记'],
  summary: '记录一次客户动作',
  examples: ['/记录 高层拜访 华东重工', '/log 现场回访 华东重工 昨天 试产顺利', '/记录 华东重工 技术答疑 11-20'],
  run({ services, event, member, args }) {
    const actions = services.repos.actionTypes.all();
    const parsed = resolveLogArgs(args, actionCandidates(actions), customerCandidates(customerPool(services, member)), services.today(), services.config.DATA_START_DATE);
    if (parsed.kind === 'usage') return text(USAGE);
    if (parsed.kind === 'bad_date') return text(parsed.message);
    const { action, customer } = parsed;
    if (action.kind === 'none') return unknown(parsed.actionWord, '动作', action, (a: ActionDef) => a.name, '发送 /帮助 可查看全部动作。');
    if (customer.kind === 'none') return unknown(parsed.customerWord, '客户', customer, (c: Customer) => c.name, '发送 /我的 查看你名下的客户。');
    const base = { date: parsed.date, note: parsed.note ?? '', source: event.messageId };
    if (action.kind === 'ambiguous' || customer.kind === 'ambiguous') {
      const am = action.kind === 'one' ? [action.match] : action.matches;
      const cm = customer.kind === 'one' ? [customer.match] : customer.matches;
      return choices(am, cm, base);
    }
    return commit(services, member, action.match.item, customer.match.item, base.date, parsed.note, event.platform, event.messageId);
  },
};

function commit(services: Services, member: Member, action: ActionDef, customer: Customer, date: string, note: string | null, platform: string, sourceId: string): Reply {
  if (!mayLogFor(member, customer)) {
    const owner = services.repos.members.byId(customer.ownerId);
    return notice(`「${customer.name}」是${owner?.name ?? '其他同事'}的客户，你只能记录自己名下的客户。发送 /我的 查看你的客户；如需代记，请让主管记录。`);
  }
  const req = { by: member, customer, action, date, note, platform, sourceId };
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

/** A click on one of the "你是说…?" choices. The click's source id keeps a double click to one log. */
export const logChooseAction: ActionHandler = {
  action: 'log.choose',
  run({ services, event, member }) {
    const v = event.value;
    const action = services.repos.actionTypes.all().find((a) => a.code === v.action);
    const customer = services.repos.customers.byId(Number(v.customer));
    if (!action || !customer || !v.date) return text('这个选项已失效，请重新发送 /记录 命令。');
    const source = `${v.source ?? event.eventId}#choice`;
    return commit(services, member, action, customer, v.date, v.note || null, event.platform, source);
  },
};
