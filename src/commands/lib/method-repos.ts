import type { DB } from '../../db/client.js';
import { FrequencyOverridesRepo } from '../../db/repos/frequency-overrides.repo.js';
import { OrdersRepo } from '../../db/repos/orders.repo.js';
import { PlanItemsRepo } from '../../db/repos/plan-items.repo.js';
import { StageReviewsRepo } from '../../db/repos/stage-reviews.repo.js';
import { StageRepo } from '../../db/repos/stage.repo.js';
import { TargetVersionsRepo } from '../../db/repos/target-versions.repo.js';
import type { Services } from '../../services.js';

// The repos of method steps 1–2. They are not in services.repos because services.ts is shared and
// edited by several helpers at once; like metricsRepos (region-data.ts) they are built once per db.

export interface MethodRepos {
  reviews: StageReviewsRepo;
  stages: StageRepo;
  targets: TargetVersionsRepo;
  frequencies: FrequencyOverridesRepo;
  plans: PlanItemsRepo;
  orders: OrdersRepo;
}

const cache = new WeakMap<DB, MethodRepos>();

export function methodRepos(services: Services): MethodRepos {
  let r = cache.get(services.db);
  if (!r) {
    const db = services.db;
    r = {
      reviews: new StageReviewsRepo(db), stages: new StageRepo(db), targets: new TargetVersionsRepo(db),
      frequencies: new FrequencyOverridesRepo(db), plans: new PlanItemsRepo(db), orders: new OrdersRepo(db),
    };
    cache.set(db, r);
  }
  return r;
}
