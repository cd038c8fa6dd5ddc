import type { ActivityColumns, ItemColumns } from '../../db/repos/activity-columns.js';
import type { ItemsAt, PackItem } from '../../domain/backtest-replay.js';
import type { LocalDate } from '../../domain/dates.js';
import { fitSpan, rematcher } from '../../domain/matching.js';
import type { ActionLog, DueItem, DueStatus, OrderRow } from '../../domain/types.js';
import type { Services } from '../../services.js';
import { type Calibration, calibrate, type ReplaySource } from './region-backtest.js';
import { toFacts } from './region-data.js';

// The calibration of a large region without its items and logs as objects. The replay wants, for
// each quarter, the items due in the quarter before it with their statuses as of its first day
// (itemsAsOf: every log before that day rematched against every item). rematch takes logs in date
// order and a log can only complete an item whose fitSpan holds the log's date, so one pass over
// the logs, ascending, gives every quarter's statuses in turn: an item is made free just before
// the first log inside its span and forgotten after the last. Only the free items and one quarter's
// window are objects; the rest stays in columns (about 110 MB on the step-3 region, where the whole
// history as objects took 2.8 GB). tests/method/metrics/calibration-replay.test.ts checks the
// result equals calibrate() over loadRegionData.

/** The region's calibration from its history; null when the region does not exist. */
export function calibrateRegion(services: Services, regionId: number, today: LocalDate): Calibration | null {
  const data = replaySource(services, regionId);
  return data && calibrate(data, today, streamedItemsAt(services.repos.activity.columns(regionId)));
}

/**
 * What the replay reads besides items and logs (left empty): the customers' facts, not their rows,
 * and each distinct order date held once (800,000 collections on the step-3 region).
 */
function replaySource(services: Services, regionId: number): ReplaySource | null {
  if (!services.repos.regions.byId(regionId)) return null;
  const repos = services.repos;
  const dates = new Map<string, string>();
  const shared = (rows: OrderRow[]) => {
    for (const o of rows) {
      const held = dates.get(o.date);
      if (held === undefined) dates.set(o.date, o.date);
      else o.date = held;
    }
    return rows;
  };
  return {
    facts: repos.customers.inRegion(regionId).map(toFacts),
    collections: shared(repos.orders.inRegion(regionId, 'collection')),
    purchases: shared(repos.orders.inRegion(regionId, 'order')),
    stageHistory: repos.stages.changesInRegion(regionId, services.config.TEAM_TIMEZONE),
    items: [],
    logs: [],
  };
}

type Free = DueItem & { row: number };

/**
 * Row numbers ordered by rank (below `ranks`), ties in row order, and where each rank starts:
 * rows of ranks [a, b) are order[starts[a]] .. order[starts[b] - 1]. A counting sort.
 */
function bucketed(count: number, rankOf: (row: number) => number, ranks: number) {
  const starts = new Int32Array(ranks + 1);
  for (let i = 0; i < count; i++) starts[rankOf(i) + 1]! += 1;
  for (let r = 0; r < ranks; r++) starts[r + 1]! += starts[r]!;
  const next = starts.slice();
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[rankOf(i)]!++] = i;
  return { order, starts };
}

/** Ranks of the strings in the order the domain compares them, and below(s): how many rank below s. */
function ranking(strings: string[]) {
  const sorted = [...new Set(strings)].sort();
  const rankOf = new Map(sorted.map((s, i) => [s, i]));
  const rank = Int32Array.from(strings, (s) => rankOf.get(s)!);
  const below = (s: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { rank, ranks: sorted.length, below };
}

function itemReader(items: ItemColumns, s: string[]) {
  return (i: number): Free => ({
    row: i,
    id: items.id[i]!,
    memberId: items.memberId[i]!,
    customerId: items.customerId[i]!,
    actionCode: s[items.actionCode[i]!]!,
    period: s[items.period[i]!]!,
    windowStart: s[items.windowStart[i]!]!,
    windowEnd: s[items.windowEnd[i]!]!,
    dueDate: s[items.dueDate[i]!]!,
    status: s[items.status[i]!] as DueStatus,
    completedByLogId: Number.isNaN(items.completedByLogId[i]!) ? null : items.completedByLogId[i]!,
    completedLate: items.completedLate[i] === 1,
  });
}

/** The items ordered by the start, the end (fitSpan) and the due date, each bucketed by date rank. */
function orders(items: ItemColumns, strings: string[], itemAt: ReturnType<typeof itemReader>) {
  const index = new Map(strings.map((v, i) => [v, i]));
  const of = (v: string) => {
    let i = index.get(v);
    if (i === undefined) index.set(v, (i = strings.push(v) - 1));
    return i;
  };
  const start = new Int32Array(items.count);
  const end = new Int32Array(items.count);
  for (let i = 0; i < items.count; i++) {
    const span = fitSpan(itemAt(i));
    start[i] = of(span.start);
    end[i] = of(span.end);
  }
  const { rank, ranks, below } = ranking(strings);
  return {
    below,
    rank,
    byStart: bucketed(items.count, (i) => rank[start[i]!]!, ranks),
    byEnd: bucketed(items.count, (i) => rank[end[i]!]!, ranks),
    byDue: bucketed(items.count, (i) => rank[items.dueDate[i]!]!, ranks),
  };
}

/**
 * The replay's items as of each quarter's start from the columns (ItemsAt, cutoffs ascending): the
 * statuses itemsAsOf gives, for the items due in [from, cutoff).
 */
export function streamedItemsAt({ items, logs, strings }: ActivityColumns): ItemsAt {
  const s = [...strings];
  const itemAt = itemReader(items, s);
  const { below, rank, byStart, byEnd, byDue } = orders(items, s, itemAt);
  const cancelled = s.indexOf('cancelled');
  const free = rematcher<Free>();
  const matched = new Uint8Array(items.count);
  let added = 0;
  let dropped = 0;
  let next = 0;
  let lastCut = -1;
  const logAt = (k: number): ActionLog => ({
    id: logs.id[k]!,
    memberId: logs.memberId[k]!,
    customerId: logs.customerId[k]!,
    actionCode: s[logs.actionCode[k]!]!,
    occurredOn: s[logs.occurredOn[k]!]!,
    status: 'valid',
  });
  return (cutoff, from) => {
    const cut = below(cutoff);
    if (cut < lastCut) throw new Error(`streamed items: cutoff ${cutoff} before the previous one`);
    lastCut = cut;
    for (; next < logs.count && rank[logs.occurredOn[next]!]! < cut; next++) {
      const day = rank[logs.occurredOn[next]!]!;
      // Free the items whose span starts on or before the log's day; forget those that ended before it.
      for (; added < byStart.starts[day + 1]!; added++) {
        const i = byStart.order[added]!;
        if (items.status[i] !== cancelled) free.add(itemAt(i));
      }
      for (; dropped < byEnd.starts[day]!; dropped++) {
        const i = byEnd.order[dropped]!;
        free.remove({ id: items.id[i]!, customerId: items.customerId[i]!, actionCode: s[items.actionCode[i]!]! });
      }
      const done = free.take(logAt(next));
      if (done) matched[done.row] = 1;
    }
    return packItems(items, s, byDue.order.subarray(byDue.starts[below(from)]!, byDue.starts[cut]!), matched);
  };
}

/** Only what forecastAll reads of each item (PackItem), with its status as of the cutoff: a quarter's window is 467,000 items on the step-3 region. */
function packItems(items: ItemColumns, s: string[], rows: Int32Array, matched: Uint8Array): PackItem[] {
  const out: PackItem[] = [];
  for (const i of rows) {
    const stored = s[items.status[i]!] as DueStatus;
    out.push({
      id: items.id[i]!,
      customerId: items.customerId[i]!,
      actionCode: s[items.actionCode[i]!]!,
      status: stored === 'cancelled' ? stored : matched[i] ? 'done' : 'open',
      dueDate: s[items.dueDate[i]!]!,
    });
  }
  return out;
}
