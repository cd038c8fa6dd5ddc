import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { Region } from '../../db/repos/regions.repo.js';
import { addDays, type LocalDate, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import type { ActionDef } from '../../domain/packs.js';
import type { StageChange } from '../../domain/team-metrics.js';
import type { ActionLog, CustomerFacts, DueItem, OrderRow } from '../../domain/types.js';
import type { Services } from '../../services.js';

// One loader that turns a region's rows into the pure domain inputs, so /heat, /forecast, /team,
// /profile, the backtest and the Monday report all compute from the same picture of the data.

export interface RegionData {
  region: Region;
  members: Member[];
  reps: Member[];
  customers: Customer[];
  facts: CustomerFacts[];
  items: DueItem[];
  logs: ActionLog[];
  /** Collections (回款): the forecast's history. */
  collections: OrderRow[];
  /** Orders (采购): the repurchase cycle. */
  purchases: OrderRow[];
  stageHistory: StageChange[];
  actions: ActionDef[];
}

export function toFacts(c: Customer): CustomerFacts {
  return {
    id: c.id,
    name: c.name,
    ownerId: c.ownerId,
    stage: c.stage,
    stageSince: c.stageSince,
    baselineFen: c.baselineFen,
    potentialFen: c.potentialFen,
  };
}

type RegionBase = Omit<RegionData, 'items' | 'logs' | 'collections'>;

function regionBase(services: Services, regionId: number): RegionBase | null {
  const region = services.repos.regions.byId(regionId);
  if (!region) return null;
  const repos = services.repos;
  // Id order is the roster order: reports list reps in it, never by score.
  const members = services.repos.members.inRegion(regionId).sort((a, b) => a.id - b.id);
  const customers = services.repos.customers.inRegion(regionId);
  return {
    region,
    members,
    customers,
    reps: members.filter((m) => m.role === 'rep'),
    facts: customers.map(toFacts),
    purchases: repos.orders.inRegion(regionId, 'order'),
    stageHistory: repos.stages.changesInRegion(regionId, services.config.TEAM_TIMEZONE),
    actions: services.repos.actionTypes.all(),
  };
}

/** The region's whole history: the backtest replays it; tests compare the windowed loads with it. */
export function loadRegionData(services: Services, regionId: number): RegionData | null {
  const base = regionBase(services, regionId);
  if (!base) return null;
  const repos = services.repos;
  return {
    ...base,
    items: repos.activity.itemsInRegion(regionId),
    logs: repos.activity.logsInRegion(regionId),
    collections: repos.orders.inRegion(regionId, 'collection'),
  };
}

/** Complete weeks /团队 shows (trend) and reads (warnings). */
export const TEAM_WEEKS = 6;

/**
 * What /团队 and /画像 read: no logs (neither reads them), items due from `itemsFrom` to today
 * (the last TEAM_WEEKS complete weeks and the quarter to date) and collections from
 * `collectionsFrom` (the quarter's attainment). On the step-3 bench data (2,000 reps) the whole
 * history is 41 s and 2.4 GB to load; team-figures.ts refuses a window these do not cover.
 */
export type TeamData = Omit<RegionData, 'logs'> & { itemsFrom?: LocalDate; collectionsFrom?: LocalDate };

export function loadTeamData(services: Services, regionId: number, today: LocalDate): TeamData | null {
  const base = regionBase(services, regionId);
  if (!base) return null;
  const repos = services.repos;
  const quarter = quarterStart(quarterOf(today));
  const weeksBack = addDays(weekStart(today), -7 * TEAM_WEEKS);
  const itemsFrom = weeksBack < quarter ? weeksBack : quarter;
  return {
    ...base,
    itemsFrom,
    collectionsFrom: quarter,
    items: repos.activity.itemsInRegionBetween(regionId, itemsFrom, today),
    collections: repos.orders.inRegion(regionId, 'collection', quarter),
  };
}

/** The region a member works in; an admin without one gets the first region (single-region installs). */
export function regionIdOf(services: Services, member: Member): number | null {
  return member.regionId ?? services.repos.regions.all()[0]?.id ?? null;
}

export function isManagerOf(member: Member, regionId: number): boolean {
  return member.role === 'admin' || (member.role === 'manager' && member.regionId === regionId);
}

/** Privacy: a rep's view holds only their own customers (and the items and logs of those). */
export function scopeFor(data: RegionData, member: Member): RegionData {
  if (member.role !== 'rep') return data;
  const mine = new Set(data.customers.filter((c) => c.ownerId === member.id).map((c) => c.id));
  return {
    ...data,
    reps: data.reps.filter((r) => r.id === member.id),
    customers: data.customers.filter((c) => mine.has(c.id)),
    facts: data.facts.filter((c) => mine.has(c.id)),
    items: data.items.filter((i) => mine.has(i.customerId)),
    logs: data.logs.filter((l) => mine.has(l.customerId)),
    collections: data.collections.filter((o) => mine.has(o.customerId)),
    purchases: data.purchases.filter((o) => mine.has(o.customerId)),
  };
}

/** Loads the member's region, scoped to what they may see; a reply text when there is none. */
export function loadFor(services: Services, member: Member): RegionData | string {
  const regionId = regionIdOf(services, member);
  const data = regionId === null ? null : loadRegionData(services, regionId);
  if (!data) return '你还没有归属的区域，请联系管理员把你加入一个区域。';
  return scopeFor(data, member);
}
