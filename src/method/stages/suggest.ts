import { groupBy } from '../../domain/collections.js';
import { type StageSuggestion, type SuggestConfig, suggestStage } from '../../domain/stage-suggest.js';
import type { OrderRow } from '../../domain/types.js';
import type { Services } from '../../services.js';

// Stage suggestions from purchase orders (docs/method.md step 1), with the team's configured threshold
// and quarter count. Collections are not purchases: a late payment must not look like decline.

export function suggestConfig(services: Services): SuggestConfig {
  return { threshold: services.config.STAGE_GROWTH_THRESHOLD, quarters: services.config.STAGE_QUARTERS };
}

export function suggestFor(services: Services, customerId: number): StageSuggestion {
  const orders = services.repos.orders.forCustomers([customerId], 'order');
  // With too little evidence the suggestion keeps the confirmed stage rather than guess.
  const current = services.repos.customers.byId(customerId)?.stage;
  return suggestStage(orders, services.today(), suggestConfig(services), current);
}

/** Suggestions for every customer of a region, from one query. */
export function suggestInRegion(services: Services, regionId: number, customerIds: number[]): Map<number, StageSuggestion> {
  const byCustomer = groupBy(services.repos.orders.inRegion(regionId, 'order'), (o: OrderRow) => o.customerId);
  const stageOf = new Map(services.repos.customers.inRegion(regionId).map((c) => [c.id, c.stage]));
  const cfg = suggestConfig(services);
  const today = services.today();
  return new Map(customerIds.map((id) => [id, suggestStage(byCustomer.get(id) ?? [], today, cfg, stageOf.get(id))]));
}
