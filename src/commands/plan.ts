import { claimCard } from '../../cards/plan.js';
import { type Reply, text } from '../core/reply.js';
import type { Customer } from '../db/repos/customers.repo.js';
import type { Member } from '../db/repos/members.repo.js';
import { quarterEnd, quarterOf, weekStart } from '../domain/dates.js';
import { resolve } from '../domain/fuzzy.js';
import type { ActionDef, Frequency } from '../domain/packs.js';
import { validateFrequencyChange } from '../domain/plan.js';
import { STAGE_LABELS, STAGES } from '../domain/stages.js';
import { notifyMember, reviewerOf } from '../method/delivery/notify.js';
import { actionCandidates } from '../method/logs/log-resolve.js';
import { findCustomer } from '../method/people/resolve.js';
import { claimPlan, describeFrequency, parseFrequency, replanAction, replanSummary } from '../method/plans/plan-ops.js';
import type { Services } from '../services.js';
import { frequencyCard } from './frequency-review.js';
import type { Command } from './types.js';

// /plan (/领取): a rep claims the action packs of their customers for the quarter, and may commit
// to a higher frequency at once; a lower one waits for the manager's approval by card.

const USAGE =
  '用法：/领取（领取本季度全部动作包）；/领取 <客户> <动作> <频次> 提高频次，例如 /领取 华东重工 技术答疑 每周1次。频次写 每周N次、每两周N次、每月N次、每季度N次、每半年N次、每年N次';

export const planCommand: Command = {
  name: 'plan',
  aliases: ['领取'],
  summary: '领取本季度动作包，或调整某个动作的频次',
  examples: ['/领取', '/领取 华东重工 技术答疑 每周1次'],
  roles: ['rep'],
  run({ services, member, args }) {
    if (args.length === 0) return claim(services, member);
    if (args.length !== 3) return text(USAGE);
    const freq = parseFrequency(args[2]!);
    if (!freq) return text(`「${args[2]}」不是频次。${USAGE}`);
    const found = findCustomer(services, member, args[0]!, USAGE);
    if (!found.ok) return text(found.message);
    const action = packAction(services, found.value, args[1]!);
    if (typeof action === 'string') return text(action);
    return changeFrequency(services, member, found.value, action, freq);
  },
};

function claim(services: Services, rep: Member): Reply {
  const out = claimPlan(services, rep.id);
  const today = services.today();
  const q = quarterOf(today);
  const all = services.repos.dueItems.forMemberBetween(rep.id, today, quarterEnd(q)).filter((i) => i.status !== 'cancelled');
  const weeks = new Map<string, number>();
  for (const i of all) weeks.set(weekStart(i.dueDate), (weeks.get(weekStart(i.dueDate)) ?? 0) + 1);
  const customers = services.repos.customers.ownedBy(rep.id);
  const actions = services.repos.actionTypes.all();
  const packs = STAGES.map((s) => ({ stage: s, customers: customers.filter((c) => c.stage === s).length }))
    .filter((x) => x.customers > 0)
    .map((p) => ({
      ...p,
      actions: actions.filter((a) => a.stage === p.stage && a.frequency).map((a) => `${a.name} ${describeFrequency(a.frequency!)}`),
    }));
  return claimCard({
    rep: rep.name,
    quarter: q,
    added: out.added.length,
    packs,
    remaining: all.length,
    from: today,
    to: quarterEnd(q),
    weeks: [...weeks],
  });
}

function packAction(services: Services, c: Customer, word: string): ActionDef | string {
  const pack = services.repos.actionTypes.all().filter((a) => a.stage === c.stage && a.frequency);
  const names = pack.map((a) => a.name).join('、');
  const r = resolve(word, actionCandidates(pack));
  if (r.kind !== 'one') return `「${word}」不在${STAGE_LABELS[c.stage]}客户「${c.name}」的动作包内。该客户的动作包：${names}。`;
  const a = r.match.item;
  if (a.frequency!.kind !== 'periodic')
    return `「${a.name}」按${describeFrequency(a.frequency!)}安排，不能按周期改频次；如需调整请联系主管修改动作包配置。`;
  return a;
}

function changeFrequency(services: Services, rep: Member, c: Customer, a: ActionDef, freq: Frequency): Reply {
  const { frequencies } = services.repos;
  const verdict = validateFrequencyChange(a.frequency!, freq);
  const current = frequencies.activeFor([c.id])[`${c.id}:${a.code}`];
  if (verdict === 'same' && !current) return text(`「${a.name}」的动作包频次就是${describeFrequency(freq)}，无需调整。`);
  const now = services.clock.now().getTime();
  if (verdict !== 'lower') {
    const out = services.db.transaction(() => {
      frequencies.insert({
        customerId: c.id,
        actionCode: a.code,
        frequency: freq,
        status: 'active',
        requestedById: rep.id,
        createdAt: now,
      });
      return replanAction(services, c, a, freq);
    });
    return text(
      `已将「${c.name}」的${a.name}调整为${describeFrequency(freq)}（动作包为${describeFrequency(a.frequency!)}）：本季度${replanSummary(out)}。发送 /地图 查看。`,
    );
  }
  const reviewerId = reviewerOf(services, rep);
  const reviewer = reviewerId == null ? null : services.repos.members.byId(reviewerId);
  if (!reviewer) return text('本区还没有主管，降低频次需要主管批准。请联系管理员设置你的主管。');
  const sent = services.db.transaction(() => {
    const o = frequencies.insert({
      customerId: c.id,
      actionCode: a.code,
      frequency: freq,
      status: 'pending',
      requestedById: rep.id,
      createdAt: now,
    });
    return notifyMember(services, reviewer.id, frequencyCard(services, o), `frequency-review:${o.id}`);
  });
  const where = sent ? `已提交${reviewer.name}审批` : `${reviewer.name}还没有绑定聊天账号，请当面提醒主管审批`;
  return text(
    `${describeFrequency(freq)}低于动作包要求的${describeFrequency(a.frequency!)}，需要主管批准：${where}。批准前仍按原频次安排。`,
  );
}
