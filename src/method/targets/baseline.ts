import { baselineWindow } from '../../domain/baseline.js';
import type { Services } from '../../services.js';

/**
 * Recomputes the baselines of these customers (all when omitted) as of today: after orders arrive
 * (the import), a stage change, and nightly so a new quarter moves the trailing window
 * (docs/numbers.md, "One baseline"). Call inside the caller's transaction when there is one.
 */
export function refreshBaselines(services: Services, customerIds?: number[]): number {
  return services.repos.customers.recomputeBaselines(baselineWindow(services.today()), customerIds);
}
