import type { ViewCustomer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { Region } from '../../db/repos/regions.repo.js';
import { quarterOf } from '../../domain/dates.js';
import { splitTarget, type TargetSplit } from '../../domain/target-split.js';
import type { Services } from '../../services.js';
import type { LinkPayload } from './link.js';

// What a signed link lets its holder see. The scope is built from the member's current role and
// region; a link whose role or region no longer match (a demoted or moved manager) shows nothing,
// so a week-long link cannot outlive the access it was signed for. A rep sees their own detail and
// team medians, a manager their region, an admin their region or, without one, every region.

export interface Scope {
  viewer: Member;
  role: Member['role'];
  regions: Region[];
  /** Reps of the scoped regions: the team whose median a rep is compared to. */
  team: Member[];
  /** Members whose detail the viewer may see. */
  visible: Member[];
  /** Customers whose detail the viewer may see (the columns a view holds: VIEW_CUSTOMER_COLUMNS). */
  customers: ViewCustomer[];
  /** Every customer of the scoped regions (stage pools, team figures). */
  teamCustomers: ViewCustomer[];
}

/** The link still describes the member: same role and region as when it was signed. */
export const linkMatches = (viewer: Member, p: LinkPayload): boolean => viewer.role === p.role && viewer.regionId === p.g;

/** Null when the member is gone or their role or region changed since the link was signed. */
export function scopeFor(services: Services, p: LinkPayload): Scope | null {
  const viewer = services.repos.members.byId(p.m);
  if (!viewer || !linkMatches(viewer, p)) return null;
  const role = viewer.role;
  const view = regionView(services, regionsOf(services, viewer));
  if (role === 'rep') {
    return { ...view, viewer, role, visible: [viewer], customers: view.teamCustomers.filter((c) => c.ownerId === viewer.id) };
  }
  return { ...view, viewer, role };
}

function regionsOf(services: Services, viewer: Member): Region[] {
  const region = viewer.regionId === null ? null : services.repos.regions.byId(viewer.regionId);
  return region ? [region] : viewer.role === 'admin' ? services.repos.regions.all() : [];
}

type View = Omit<Scope, 'viewer' | 'role'>;
type Kept = Map<string, { version: string; view: View }>;

const keptViews = (services: Services) => services.memo.get<Kept>('region-views', () => new Map());
const keyOf = (scoped: Region[]) => scoped.map((r) => r.id).join(',');

/**
 * The regions as their manager sees them, without a viewer: the dashboard's manager view, and the exports.
 * Every dashboard request builds its scope, and reading 100,000 customers takes the best part of a
 * second on the step-3 benchmark region, so the view is kept in services.memo per set of regions and
 * rebuilt only when a row it holds changed (viewVersion: counters kept by triggers, moved by a
 * customer's or member's insert, delete or change, from any connection, but not by an action log).
 * The kept lists are frozen: callers share them and must not sort or push in place.
 */
export function regionView(services: Services, scoped: Region[]): View {
  const key = keyOf(scoped);
  // Read before the view: a write landing in between leaves an older version, so the next request re-reads.
  const version = services.repos.customers.viewVersion();
  const hit = keptViews(services).get(key);
  if (hit?.version === version) return { ...hit.view, regions: scoped };
  const view = viewOf(services, scoped, services.repos.customers.viewCustomers(scoped.map((r) => r.id)));
  keptViews(services).set(key, { version, view });
  return view;
}

/** Customers read per turn of the event loop when a large view is re-read (refreshView). */
export const VIEW_PAGE = 10_000;

/**
 * Brings the link's kept view up to date without holding the event loop, before a request builds
 * its scope: a view of more than VIEW_PAGE customers is re-read a page at a time, yielding between
 * pages (the step-3 region's 100,000 customers in one read held it for half a second or more).
 * Requests arriving meanwhile share the read. scopeFor then finds the view kept.
 */
export async function refreshView(services: Services, p: LinkPayload): Promise<void> {
  const viewer = services.repos.members.byId(p.m);
  if (!viewer || !linkMatches(viewer, p)) return;
  const scoped = regionsOf(services, viewer);
  const key = keyOf(scoped);
  const version = services.repos.customers.viewVersion();
  if (keptViews(services).get(key)?.version === version) return;
  const reads = services.memo.get('region-view-reads', () => new Map<string, Promise<void>>());
  const running = reads.get(key);
  if (running) return running;
  const read = readPaged(services, scoped).then((view) => void keptViews(services).set(key, { version, view }));
  reads.set(key, read);
  try {
    await read;
  } finally {
    reads.delete(key);
  }
}

async function readPaged(services: Services, scoped: Region[]): Promise<View> {
  const ids = scoped.map((r) => r.id);
  const { customers } = services.repos;
  if (customers.countInRegions(ids) <= VIEW_PAGE) return viewOf(services, scoped, customers.viewCustomers(ids));
  const rows: ViewCustomer[] = [];
  for (let after = 0; ; ) {
    const page = customers.viewCustomersAfter(ids, after, VIEW_PAGE);
    for (const c of page) rows.push(c);
    if (page.length < VIEW_PAGE) break;
    after = page[page.length - 1]!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return viewOf(services, scoped, rows);
}

function viewOf(services: Services, scoped: Region[], customers: ViewCustomer[]): View {
  const ids = new Set(scoped.map((r) => r.id));
  const everyone = services.repos.members.all().filter((m) => m.regionId !== null && ids.has(m.regionId));
  const team = Object.freeze(everyone.filter((m) => m.role === 'rep')) as Member[];
  const teamCustomers = Object.freeze(customers) as ViewCustomer[];
  // Owners who are not reps (a manager keeping a key account) still get a column.
  const owners = new Set(teamCustomers.map((c) => c.ownerId));
  const visible = Object.freeze(everyone.filter((m) => m.role === 'rep' || owners.has(m.id))) as Member[];
  return { regions: scoped, team, visible, customers: teamCustomers, teamCustomers };
}

export const canManage = (s: Pick<Scope, 'role'>) => s.role === 'manager' || s.role === 'admin';

export interface RegionSplit {
  region: Region;
  period: string;
  targetFen: number;
  split: TargetSplit;
  /** A saved /target version (published or draft), else computed here from the current stages. */
  source: 'published' | 'draft' | 'computed';
}

function isSplit(v: unknown): v is TargetSplit {
  const s = v as TargetSplit | null;
  return !!s && Array.isArray(s.reps) && Array.isArray(s.customers) && typeof s.targetFen === 'number';
}

/** The period the region has a target for: this year, else this quarter; null without one. */
export function targetPeriod(services: Services, region: Region): string | null {
  const today = services.today();
  return [today.slice(0, 4), quarterOf(today)].find((p) => services.repos.regions.target(region.id, p) !== null) ?? null;
}

/**
 * The region's target split for the year (else the quarter): the latest saved version when the
 * /target command has saved one, otherwise splitTarget over the current stages and baselines.
 * publishedOnly (what a rep may see): a published version or nothing — never a draft, and never
 * the computed split, since a draft /目标 also writes the region target it would be computed from.
 */
export function regionSplit(services: Services, region: Region, publishedOnly = false): RegionSplit | null {
  const period = targetPeriod(services, region);
  if (!period) return null;
  const targetFen = services.repos.regions.target(region.id, period)!;
  const saved = services.repos.scopeReads.latestSplitJson(region.id, period, publishedOnly);
  if (saved) {
    try {
      const parsed: unknown = JSON.parse(saved.json);
      if (isSplit(parsed)) return { region, period, targetFen: parsed.targetFen, split: parsed, source: saved.status };
    } catch {
      /* an unreadable version falls back to the computed split */
    }
  }
  if (publishedOnly) return null;
  const customers = services.repos.customers.inRegion(region.id);
  const reps = services.repos.members.inRegion(region.id).filter((m) => m.role === 'rep' || customers.some((c) => c.ownerId === m.id));
  const res = splitTarget({
    targetFen,
    weights: services.repos.regions.weights(region),
    customers: customers.map((c) => ({ ...c, stageSince: c.stageSince })),
    reps: reps.map((m) => ({ id: m.id, name: m.name, lastYearFen: m.lastYearFen })),
  });
  return res.ok ? { region, period, targetFen, split: res.split, source: 'computed' } : null;
}
