import { customerBasis } from '../../domain/baseline.js';
import { groupBy } from '../../domain/collections.js';
import { packRates } from '../../domain/completion.js';
import { addDays } from '../../domain/dates.js';
import { type CustomerForecast, DEFAULT_FORECAST, forecastCustomer, forecastRegion, yearEarlier } from '../../domain/forecast.js';
import { ReceivablesForecast, type ReceivablesInput } from '../../domain/forecast-receivables.js';
import { median } from '../../domain/team-metrics.js';
import type { OrderRow } from '../../domain/types.js';
import type { Services } from '../../services.js';
import { canManage, type Scope } from '../access/scope.js';
import { heatOf } from './board.js';
import { loadReceivables } from './receivables.js';
import { type Calibration, cachedCalibration } from './region-backtest.js';

// The 90-day collections forecast for the dashboard chart (on receivables where orders carry them,
// split into 「应收」 and 「新订单」): the last four 90-day windows of actual
// collections, the same window last year, and the forecast with its band. Effect sizes and the band
// come from the region's cached backtest calibration, as in /预测, so both show the same numbers; a
// multi-region (admin) view has no single calibration and uses the article's effects and ±20%.

const HORIZON = 90;
/** packRates' default lookback, passed explicitly so the read and the rate use the same window. */
const PACK_LOOKBACK_DAYS = 90;

function sumBetween(rows: OrderRow[], from: string, to: string): number {
  return rows.reduce((s, o) => (o.date >= from && o.date <= to ? s + o.amountFen : s), 0);
}

/** Forecast of every team customer; a rep's view still needs the team's figures for the median. */
function teamForecasts(services: Services, scope: Scope, cal: Calibration | null): { list: CustomerForecast[]; collections: OrderRow[] } {
  const today = services.today();
  const ids = scope.teamCustomers.map((c) => c.id);
  const collections = services.repos.scopeReads.ordersOf(ids, 'collection');
  const byCustomer = groupBy(collections, (o) => o.customerId);
  // packRates reads the items due in its lookback window only (completion.ts): read those, not the year's.
  const itemsBy = groupBy(
    services.repos.scopeReads.itemsDueBetween(ids, addDays(today, -PACK_LOOKBACK_DAYS), addDays(today, -1)),
    (i) => i.customerId,
  );
  // The same receivables as /预测 (receivables.ts), region by region: each region's own lag pools.
  const receivables = new Map<number, ReceivablesInput>();
  for (const r of scope.regions) {
    const inRegion = scope.teamCustomers.filter((c) => c.regionId === r.id);
    for (const [id, x] of loadReceivables(services, r.id, inRegion, today)) receivables.set(id, x);
  }
  const list = scope.teamCustomers.map((c) =>
    forecastCustomer(
      {
        customerId: c.id,
        stage: c.stage,
        orders: byCustomer.get(c.id) ?? [],
        asOf: today,
        completion: packRates(itemsBy.get(c.id) ?? [], today, PACK_LOOKBACK_DAYS),
        fallbackAnnualFen: customerBasis(c)?.fen ?? null,
        receivables: receivables.get(c.id),
      },
      cal ? { ...DEFAULT_FORECAST, effects: cal.effects } : DEFAULT_FORECAST,
    ),
  );
  return { list, collections };
}

function historyWindows(collections: OrderRow[], today: string) {
  const windows = [4, 3, 2, 1].map((k) => {
    const from = addDays(today, -HORIZON * k);
    const to = addDays(from, HORIZON - 1);
    return { label: `${from.slice(5)}~${to.slice(5)}`, from, to, fen: sumBetween(collections, from, to) };
  });
  const lyFrom = yearEarlier(today);
  return {
    windows,
    lastYear: { from: lyFrom, to: addDays(lyFrom, HORIZON - 1), fen: sumBetween(collections, lyFrom, addDays(lyFrom, HORIZON - 1)) },
  };
}

function splitOf(list: CustomerForecast[]): { receivablesFen: number; newOrdersFen: number; historyFen: number } | null {
  let receivablesFen = 0;
  let newOrdersFen = 0;
  let historyFen = 0;
  for (const f of list) {
    if (f instanceof ReceivablesForecast) {
      receivablesFen += f.split.receivablesFen;
      newOrdersFen += f.split.newOrdersFen;
    } else historyFen += f.totalFen;
  }
  return receivablesFen + newOrdersFen === 0 ? null : { receivablesFen, newOrdersFen, historyFen };
}

export function forecastJson(services: Services, scope: Scope) {
  const today = services.today();
  const cal = scope.regions.length === 1 ? cachedCalibration(services, scope.regions[0]!.id, today) : null;
  const { list, collections } = teamForecasts(services, scope, cal);
  const visibleIds = new Set(scope.customers.map((c) => c.id));
  const mine = list.filter((f) => visibleIds.has(f.customerId));
  const heat = heatOf(services, scope.customers);
  const region = forecastRegion(mine, { mape: cal?.mape ?? null, heat: new Map([...heat].map(([id, h]) => [id, h.colour])), topN: 5 });
  const customer = new Map(scope.teamCustomers.map((c) => [c.id, c]));
  const name = (id: number) => customer.get(id)?.name ?? `#${id}`;
  const byOwner = new Map<number, number>();
  for (const f of list) {
    const owner = customer.get(f.customerId)!.ownerId;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + f.totalFen);
  }
  const visibleCollections = collections.filter((o) => visibleIds.has(o.customerId));
  return {
    asOf: today,
    horizonDays: HORIZON,
    end: addDays(today, HORIZON - 1),
    totalFen: region.totalFen,
    band: region.band,
    effectsSource: cal?.effects.source ?? 'article',
    // 「应收 …」「新订单 …」: the two parts of the receivables forecast; null when no customer has them.
    split: splitOf(mine),
    history: historyWindows(visibleCollections, today),
    contributors: region.contributors.map((c) => ({ ...c, name: name(c.customerId) })),
    risks: region.risks.map((r) => ({ ...r, name: name(r.customerId) })),
    customers: [...mine]
      .sort((a, b) => b.totalFen - a.totalFen)
      .slice(0, 20)
      .map((f) => ({ id: f.customerId, name: name(f.customerId), totalFen: f.totalFen, parts: f.parts })),
    byRep: canManage(scope) ? scope.visible.map((m) => ({ repId: m.id, name: m.name, totalFen: byOwner.get(m.id) ?? 0 })) : null,
    teamMedianFen: median(scope.team.map((m) => byOwner.get(m.id) ?? 0)),
  };
}
