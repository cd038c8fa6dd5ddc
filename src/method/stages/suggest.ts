import { suggestStage, type StageSuggestion, type SuggestConfig } from '../../domain/stage-suggest.js';
import type { OrderRow } from '../../domain/types.js';
import type { Services } from '../../services.js';
import { groupBy } from '../../domain/collections.js';

// Stage suggestions from purchase orders (docs/method.md step 1), with the team's configured threshold
// and quarter count. Collections are not purchases: a late payment must not look like decline.

export function suggestConfig(services: Services): SuggestConfig {
  return { threshold: services.config.STAGE_GROWTH_THRESHOLD, quarters: services.config.STAGE_QUARTERS };
}

export function suggestFor(services: Services, customerId: number): StageSuggestion {
  const orders = services.repos.orders.forCustomers([customerId], 'order');
  return suggestStage(orders, services.today(), suggestConfig(services));
}

/** Suggestions for every customer of a region, from one query. */
export function suggestInRegion(services: Services, regionId: number, customerIds: number[]): Map<number, StageSuggestion> {
  const byCustomer = groupBy(services.repos.orders.inRegion(regionId, 'order'), (o: OrderRow) => o.customerId);
  const cfg = suggestConfig(services);
  const today = services.today();
  return new Map(customerIds.map((id) => [id, suggestStage(byCustomer.get(id) ?? [], today, cfg)]));
}
