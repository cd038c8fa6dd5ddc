import { addDays, quarterEnd, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import { STAGE_LABELS, STAGES } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { regionSplit, type Scope, targetPeriod } from '../access/scope.js';
import { heatOf } from '../metrics/board.js';

// A rep's battle map (个人作战地图): their customers by stage with each one's expected contribution,
// and this quarter's due items week by week with their status.
// Until the /map command's own view lands, it is built here: the expected contribution is the
// customer's share of its stage pool (region target x stage weight, split by baseline), taken
// from the saved target split or computed by splitTarget (scope.ts regionSplit).

export function mapJson(services: Services, scope: Scope, repId: number) {
  const rep = scope.visible.find((m) => m.id === repId);
  if (!rep) return null;
  const customers = scope.customers.filter((c) => c.ownerId === rep.id);
  const region = scope.regions.find((r) => r.id === rep.regionId);
  // A rep sees a published version only; managers also see a draft (page labels it 草稿).
  const split = region ? regionSplit(services, region, scope.role === 'rep') : null;
  const targetStatus = split ? split.source : region && targetPeriod(services, region) ? 'unpublished' : 'none';
  const share = new Map(split?.split.customers.map((c) => [c.customerId, c]) ?? []);
  const heat = heatOf(services, customers);
  const stages = STAGES.map((stage) => ({
    stage,
    label: STAGE_LABELS[stage],
    customers: customers
      .filter((c) => c.stage === stage)
      .map((c) => ({
        id: c.id,
        name: c.name,
        baselineFen: c.baselineFen,
        expectedFen: share.get(c.id)?.shareFen ?? null,
        colour: heat.get(c.id)?.colour ?? 'green',
      })),
  })).filter((s) => s.customers.length > 0);
  const repTarget = split?.split.reps.find((r) => r.repId === rep.id) ?? null;
  return {
    rep: { id: rep.id, name: rep.name },
    period: split?.period ?? null,
    targetStatus,
    targetFen: repTarget?.targetFen ?? null,
    targetReason: repTarget?.reason ?? null,
    stages,
    quarter: quarterWeeks(
      services,
      rep.id,
      customers.map((c) => c.id),
    ),
  };
}

function quarterWeeks(services: Services, repId: number, customerIds: number[]) {
  const today = services.today();
  const q = quarterOf(today);
  const [from, to] = [quarterStart(q), quarterEnd(q)];
  const names = new Map(services.repos.customers.all().map((c) => [c.id, c.name]));
  const actions = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  const items = services.repos.scopeReads
    .dueItemsOf(customerIds)
    .filter((i) => i.memberId === repId && i.status !== 'cancelled' && i.dueDate >= from && i.dueDate <= to);
  const weeks: Array<{ week: string; current: boolean; due: number; done: number; items: unknown[] }> = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) {
    const inWeek = items.filter((i) => i.dueDate >= w && i.dueDate <= addDays(w, 6));
    weeks.push({
      week: w,
      current: w === weekStart(today),
      due: inWeek.length,
      done: inWeek.filter((i) => i.status === 'done').length,
      items: inWeek.map((i) => ({
        id: i.id,
        customer: names.get(i.customerId) ?? '',
        action: actions.get(i.actionCode) ?? i.actionCode,
        dueDate: i.dueDate,
        status: i.status,
        overdue: i.status === 'open' && i.dueDate < today,
      })),
    });
  }
  return { quarter: q, from, to, weeks };
}
