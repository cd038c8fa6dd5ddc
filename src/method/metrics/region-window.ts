import type { Member } from '../../db/repos/members.repo.js';
import { Positions, type WindowCustomer, type WindowWeekItem } from '../../db/repos/region-window.repo.js';
import type { Region } from '../../db/repos/regions.repo.js';
import { groupBy } from '../../domain/collections.js';
import { type PackCounts, packCounts } from '../../domain/completion.js';
import { addDays, type LocalDate } from '../../domain/dates.js';
import { baseWindows, type CollectionHistory, collectionHistory, DEFAULT_FORECAST } from '../../domain/forecast.js';
import type { HeatItem } from '../../domain/heat.js';
import type { Services } from '../../services.js';
import { type RegionData, regionIdOf } from './region-data.js';

// What /热力图, /预测 and the Monday report read: a window of a region's data, not its history.
// Heat reads open items due in the last HEAT_LOOKBACK_DAYS and the last pack action of declining
// customers; a week's completion reads the items due that week; the forecast reads two sums of
// collections and the pack counts of the last 90 days per customer. loadRegionWindow fetches
// exactly that (region-window.repo.ts); windowOf derives the same from a full RegionData, which
// is how the tests check that the two agree. The warnings job reads a window too (the weeks of its
// rule), /团队 and /画像 a bounded one (loadTeamData); the backtest loads everything.

export const HEAT_LOOKBACK_DAYS = 30;

export interface RegionWindow {
  region: Region;
  members: Member[];
  reps: Member[];
  customers: WindowCustomer[];
  today: LocalDate;
  /** Open items due in [today - HEAT_LOOKBACK_DAYS, today - 1], and those done late (heat shows both). */
  overdue: HeatItem[];
  /** Items due in the requested weeks (Monday to Sunday each), for weekly completion. */
  items: WindowWeekItem[];
  weeks: LocalDate[];
  /** Declining customers' latest pack action (the heat rule reads no other stage's). */
  lastPackAction: Map<number, LocalDate>;
  /** Forecast inputs as of today; a customer without collections or due items is absent. */
  collections: Map<number, CollectionHistory>;
  pack: Map<number, PackCounts>;
}

const inWeeks = (weeks: LocalDate[]) => (d: LocalDate) => weeks.some((w) => d >= w && d <= addDays(w, 6));
const sorted = (weeks: LocalDate[]) => [...new Set(weeks)].sort();

/**
 * The window as of today (heat and forecast) plus the items due in `weeks` (ISO Mondays). The
 * forecast's sums cover `horizonDays` (the 90-day forecast by default; the dashboard's first screen
 * asks for the days left in the quarter): pass the same horizon to forecastOf.
 */
export function loadRegionWindow(
  services: Services,
  regionId: number,
  today: LocalDate,
  weeks: LocalDate[] = [],
  horizonDays = DEFAULT_FORECAST.horizonDays,
): RegionWindow | null {
  const region = services.repos.regions.byId(regionId);
  if (!region) return null;
  const repo = services.repos.regionWindow;
  const members = services.repos.members.inRegion(regionId).sort((a, b) => a.id - b.id);
  const cfg = { ...DEFAULT_FORECAST, horizonDays };
  const bw = baseWindows(today, cfg.horizonDays);
  // The forecast's pack counts and collection sums run on a second connection meanwhile.
  const aside = repo.startForecastReads({
    from: addDays(today, -cfg.horizonDays),
    to: addDays(today, -1),
    highQuality: cfg.highQualityActions,
    windows: [bw.lastYear, bw.trailing],
  });
  const { customers, firstCollectionOn, lastPackAction } = repo.customers(regionId, today, 'declining');
  const ids = customers.map((c) => c.id);
  const pos = new Positions(ids);
  const ws = sorted(weeks);
  // One scan from the first to the last week, then only the days inside a requested week.
  const items = ws.length === 0 ? [] : repo.itemsDue(pos, ws[0]!, addDays(ws[ws.length - 1]!, 6)).filter((i) => inWeeks(ws)(i.dueDate));
  const heatSpan = [addDays(today, -HEAT_LOOKBACK_DAYS), addDays(today, -1)] as const;
  const overdue = [...repo.openItemsDue(pos, ...heatSpan), ...repo.lateItemsDue(pos, ...heatSpan)];
  const {
    pack,
    sums: [lastYear, trailing],
  } = aside.join(pos, ids);
  // collectionHistory per customer with a collection before today (firstOn set).
  const collections = new Map<number, CollectionHistory>();
  ids.forEach((id, i) => {
    const firstOn = firstCollectionOn[i]!;
    if (firstOn !== null) collections.set(id, { firstOn, lastYearFen: lastYear![i]!, trailingFen: trailing![i]! });
  });
  return {
    region,
    members,
    reps: members.filter((m) => m.role === 'rep'),
    customers,
    today,
    weeks: ws,
    items,
    overdue,
    lastPackAction,
    collections,
    pack,
  };
}

/** Latest valid pack-action log per declining customer, from loaded logs (what the SQL returns). */
function lastPackActionsOf(data: RegionData): Map<number, LocalDate> {
  const stageOfAction = new Map(data.actions.map((a) => [a.code, a.stage]));
  const declining = new Map(data.customers.filter((c) => c.stage === 'declining').map((c) => [c.id, c.stage]));
  const out = new Map<number, LocalDate>();
  for (const l of data.logs) {
    const stage = declining.get(l.customerId);
    if (stage === undefined || l.status !== 'valid' || stageOfAction.get(l.actionCode) !== stage) continue;
    const prev = out.get(l.customerId);
    if (prev === undefined || l.occurredOn > prev) out.set(l.customerId, l.occurredOn);
  }
  return out;
}

/** The same window computed from a fully loaded region (tests, and callers that have it anyway). */
export function windowOf(data: RegionData, today: LocalDate, weeks: LocalDate[] = []): RegionWindow {
  const cfg = DEFAULT_FORECAST;
  const ws = sorted(weeks);
  const since = addDays(today, -HEAT_LOOKBACK_DAYS);
  const ordersBy = groupBy(data.collections, (o) => o.customerId);
  const itemsBy = groupBy(data.items, (i) => i.customerId);
  const collections = new Map<number, CollectionHistory>();
  const pack = new Map<number, PackCounts>();
  for (const c of data.customers) {
    const h = collectionHistory(ordersBy.get(c.id) ?? [], today, cfg.horizonDays);
    if (h.firstOn !== null) collections.set(c.id, h);
    const p = packCounts(itemsBy.get(c.id) ?? [], today, cfg.horizonDays, cfg.highQualityActions);
    if (p.hqDue + p.ordDue > 0) pack.set(c.id, p);
  }
  return {
    region: data.region,
    members: data.members,
    reps: data.reps,
    customers: data.customers,
    today,
    weeks: ws,
    items: data.items.filter((i) => inWeeks(ws)(i.dueDate)),
    overdue: data.items
      .filter((i) => (i.status === 'open' || (i.status === 'done' && i.completedLate)) && i.dueDate >= since && i.dueDate < today)
      .map((i) => ({
        customerId: i.customerId,
        status: i.status,
        dueDate: i.dueDate,
        ...(i.status === 'done' ? { completedLate: true } : {}),
      })),
    lastPackAction: lastPackActionsOf(data),
    collections,
    pack,
  };
}

/** Privacy: a rep's view holds only their own customers (and what belongs to those). */
export function scopeWindow(w: RegionWindow, member: Member): RegionWindow {
  if (member.role !== 'rep') return w;
  const mine = new Set(w.customers.filter((c) => c.ownerId === member.id).map((c) => c.id));
  const only = <T>(m: Map<number, T>) => new Map([...m].filter(([id]) => mine.has(id)));
  return {
    ...w,
    reps: w.reps.filter((r) => r.id === member.id),
    customers: w.customers.filter((c) => mine.has(c.id)),
    overdue: w.overdue.filter((i) => mine.has(i.customerId)),
    items: w.items.filter((i) => mine.has(i.customerId)),
    lastPackAction: only(w.lastPackAction),
    collections: only(w.collections),
    pack: only(w.pack),
  };
}

/** The member's region window, scoped to what they may see; a reply text when there is none. */
export function loadWindowFor(services: Services, member: Member, weeks: LocalDate[] = []): RegionWindow | string {
  const regionId = regionIdOf(services, member);
  const w = regionId === null ? null : loadRegionWindow(services, regionId, services.today(), weeks);
  if (!w) return '你还没有归属的区域，请联系管理员把你加入一个区域。';
  return scopeWindow(w, member);
}
