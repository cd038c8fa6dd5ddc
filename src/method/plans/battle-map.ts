import type { BattleMap, MapCustomer, MapWeek } from '../../../cards/map.js';
import { addDays, type LocalDate, quarterEnd, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import { STAGE_LABELS, STAGES } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { currentSplit } from '../targets/target-ops.js';

// The personal battle map (个人作战地图) as data: a rep's customers by stage with each one's expected
// contribution (the published split's share, else computed on the fly), and this quarter's due items
// week by week. /map renders it as a card; GET /api/map serves it to the dashboard as JSON.

export type { BattleMap, MapCustomer, MapItem, MapWeek } from '../../../cards/map.js';

/**
 * showDrafts: the viewer is a manager or admin, who also sees a draft version (labelled) or a split
 * computed from the region target. Reps (the default) see a published version's numbers only: a
 * draft /目标 writes the region target too, so a computed split would leak the unpublished numbers.
 */
export function battleMapData(services: Services, memberId: number, today: LocalDate, showDrafts = false): BattleMap | null {
  const member = services.repos.members.byId(memberId);
  if (!member) return null;
  const customers = services.repos.customers.ownedBy(memberId);
  const found = member.regionId == null ? null : currentSplit(services, member.regionId, !showDrafts);
  const cur = found && (showDrafts || found.version?.status === 'published') ? found : null;
  const shares = new Map(cur?.split.customers.map((s) => [s.customerId, s]) ?? []);
  const rep = cur?.split.reps.find((r) => r.repId === memberId) ?? null;
  const quarter = quarterOf(today);
  const [from, to] = [quarterStart(quarter), quarterEnd(quarter)];
  const items = services.repos.dueItems.forMemberBetween(memberId, from, to).filter((i) => i.status !== 'cancelled');
  const stages = STAGES.map((stage) => ({
    stage,
    label: STAGE_LABELS[stage],
    customers: customers
      .filter((c) => c.stage === stage)
      .map((c): MapCustomer => {
        const mine = items.filter((i) => i.customerId === c.id);
        const s = shares.get(c.id);
        return {
          id: c.id,
          name: c.name,
          stageSince: c.stageSince,
          expectedFen: s?.shareFen ?? null,
          basis: s?.basisSource ?? null,
          due: mine.length,
          done: mine.filter((i) => i.status === 'done').length,
        };
      })
      .sort((a, b) => (b.expectedFen ?? 0) - (a.expectedFen ?? 0)),
  })).filter((s) => s.customers.length > 0);
  return {
    member: { id: member.id, name: member.name },
    target: {
      source: !cur
        ? found
          ? 'unpublished'
          : 'none'
        : !cur.version
          ? 'computed'
          : cur.version.status === 'published'
            ? 'published'
            : 'draft',
      period: cur?.period ?? found?.period ?? null,
      version: cur?.version?.version ?? null,
      targetFen: rep?.targetFen ?? null,
      oldWayFen: rep?.oldWayFen ?? null,
      reason: rep?.reason ?? null,
    },
    stages,
    quarter: {
      quarter,
      from,
      to,
      due: items.length,
      done: items.filter((i) => i.status === 'done').length,
      weeks: weeksOf(services, items, from, to, today),
    },
  };
}

function weeksOf(
  services: Services,
  items: ReturnType<Services['repos']['dueItems']['forMemberBetween']>,
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
): MapWeek[] {
  const names = new Map(services.repos.customers.all().map((c) => [c.id, c.name]));
  const actions = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  const weeks: MapWeek[] = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) {
    const inWeek = items.filter((i) => i.dueDate >= w && i.dueDate <= addDays(w, 6));
    weeks.push({
      monday: w,
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
  return weeks;
}
