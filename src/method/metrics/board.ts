import { groupBy } from '../../domain/collections.js';
import { completionTrend, regionCompletion, type TrendPoint } from '../../domain/completion.js';
import { addDays, type LocalDate, weekStart } from '../../domain/dates.js';
import { type CustomerHeat, type HeatColour, heatGrid } from '../../domain/heat.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import { median } from '../../domain/team-metrics.js';
import type { Services } from '../../services.js';
import { canManage, type Scope } from '../access/scope.js';
import { regionHeat } from './region-metrics.js';

// The JSON behind the dashboard's heat map and action board. Forecast and battle maps are in
// forecast-data.ts and map-data.ts. Every function takes a Scope, so what a link may see is
// decided once, in scope.ts.

/**
 * Heat of every customer in the list: the regions' own heat (regionHeat, what /热力图 and the
 * Monday report show), restricted to the customers this link may see.
 */
export function heatOf(services: Services, customers: Scope['customers']): Map<number, CustomerHeat> {
  const out = new Map<number, CustomerHeat>();
  const wanted = new Set(customers.map((c) => c.id));
  for (const regionId of new Set(customers.map((c) => c.regionId))) {
    const heat = regionHeat(services, regionId, services.today());
    for (const [id, h] of heat?.byCustomer ?? []) if (wanted.has(id)) out.set(id, h);
  }
  return out;
}

export function heatJson(services: Services, scope: Omit<Scope, 'viewer'>) {
  const heat = heatOf(services, scope.customers);
  const grid = heatGrid(
    scope.customers.map((c) => ({ customerId: c.id, stage: c.stage, repId: c.ownerId, colour: heat.get(c.id)!.colour })),
  );
  const byId = new Map(scope.customers.map((c) => [c.id, c]));
  const names = new Map(scope.visible.map((m) => [m.id, m.name]));
  const rank: Record<HeatColour, number> = { red: 0, yellow: 1, green: 2 };
  const cells = grid.cells.map((cell) => ({
    stage: cell.stage,
    repId: cell.repId,
    green: cell.green,
    yellow: cell.yellow,
    red: cell.red,
    colour: cell.red > 0 ? 'red' : cell.yellow > 0 ? 'yellow' : 'green',
    customers: Object.values(cell.customers)
      .flat()
      .map((id) => {
        const h = heat.get(id)!;
        return { id, name: byId.get(id)?.name ?? '', colour: h.colour, reason: h.reason, overdue: h.overdue };
      })
      .sort((a, b) => rank[a.colour] - rank[b.colour] || a.id - b.id),
  }));
  const totals = { green: 0, yellow: 0, red: 0 };
  for (const h of heat.values()) totals[h.colour] += 1;
  return {
    today: services.today(),
    stages: grid.stages.map((s) => ({ code: s, label: STAGE_LABELS[s] })),
    reps: grid.repIds.map((id) => ({ id, name: names.get(id) ?? `#${id}` })),
    cells,
    totals,
  };
}

/** The last `count` ISO weeks ending with the current one, oldest first. */
export function recentWeeks(today: LocalDate, count: number): LocalDate[] {
  const current = weekStart(today);
  return Array.from({ length: count }, (_, i) => addDays(current, (i - count + 1) * 7));
}

const rateOrNull = (p: TrendPoint) => p.rate;

/** Items a rep needs in a week for the team median to mean something: with one or two, every rate is 0%, 50% or 100%. */
export const MEDIAN_MIN_ITEMS = 3;

/**
 * The team median of a week is drawn when the median rep (of those with items due) had at least
 * MEDIAN_MIN_ITEMS items: at least half the team's rates that week rest on three items or more.
 */
export const medianMeaningful = (itemsPerRep: number | null): boolean => itemsPerRep !== null && itemsPerRep >= MEDIAN_MIN_ITEMS;

/** Week-on-week direction between the last two complete weeks that have a rate. */
function trendOf(points: TrendPoint[]): 'up' | 'down' | 'flat' | null {
  const rated = points.slice(0, -1).filter((p) => p.rate !== null);
  if (rated.length < 2) return null;
  const [a, b] = [rated[rated.length - 2]!.rate!, rated[rated.length - 1]!.rate!];
  return Math.abs(b - a) < 0.005 ? 'flat' : b > a ? 'up' : 'down';
}

/**
 * The action board: per rep and per week, completed / due (the current week is in progress).
 * A rep gets their own row and the team median; a manager every rep, the region and the median.
 */
export function boardJson(services: Services, scope: Omit<Scope, 'viewer'>, weekCount = 8) {
  const weeks = recentWeeks(services.today(), weekCount);
  const items = services.repos.scopeReads.itemsDueBetween(
    scope.teamCustomers.map((c) => c.id),
    weeks[0]!,
    addDays(weeks[weeks.length - 1]!, 6),
  );
  const byRep = groupBy(items, (i) => i.memberId);
  const teamTrends = scope.team.map((m) => completionTrend(byRep.get(m.id) ?? [], weeks));
  const medianRow = weeks.map((week, w) => {
    const rated = teamTrends.map((t) => t[w]!).filter((p) => rateOrNull(p) !== null);
    const itemsPerRep = median(rated.map((p) => p.due));
    return { week, rate: median(rated.map((p) => p.rate!)), itemsPerRep, shown: medianMeaningful(itemsPerRep) };
  });
  const rows = scope.visible.map((m) => {
    const points = completionTrend(byRep.get(m.id) ?? [], weeks);
    return { repId: m.id, name: m.name, points, trend: trendOf(points) };
  });
  const region = canManage(scope)
    ? weeks.map((week) => ({
        week,
        ...regionCompletion(
          items,
          week,
          scope.team.map((m) => m.id),
        ),
      }))
    : null;
  return {
    weeks,
    current: weeks[weeks.length - 1],
    rows,
    teamMedian: medianRow,
    medianMinItems: MEDIAN_MIN_ITEMS,
    region,
    threshold: services.config.WARNING_THRESHOLD,
  };
}
