import type { Services } from '../../services.js';
import { refreshBaselines } from '../targets/baseline.js';

// The nightly prune's writes (src/method/jobs/prune.ts decides the cut-offs): one transaction that drops
// rows past their retention and recomputes every customer's baseline. On a 100,000-customer region
// the baseline refresh alone holds the thread for seconds, so it runs as a heavy job (kinds.ts).

export interface PruneCutoffs {
  /** Inbound dedupe claims received before this (epoch ms) are dropped. */
  inboundBefore: number;
  /** Outbox rows sent before this are dropped; pending and failed rows never are. */
  sentBefore: number;
  /** Leases expired before this are dropped. */
  leasesBefore: number;
}

export interface PruneCounts {
  inbound: number;
  outbox: number;
  leases: number;
  baselines: number;
}

export function pruneRows(services: Services, cutoffs: PruneCutoffs): PruneCounts {
  return services.db.transaction(() => ({
    inbound: services.repos.inbound.pruneBefore(cutoffs.inboundBefore),
    outbox: services.repos.outbox.pruneSent(cutoffs.sentBefore),
    leases: services.repos.leases.pruneExpired(cutoffs.leasesBefore),
    // A new quarter moves every customer's trailing four quarters (docs/numbers.md, "One baseline").
    baselines: refreshBaselines(services),
  }));
}
