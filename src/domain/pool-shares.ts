import { customerBasis } from './baseline.js';
import { apportion } from './stage-weights.js';
import type { CustomerShare } from './target-split.js';
import type { CustomerFacts } from './types.js';

// Each stage pool shared out over its customers by their basis (docs/method.md step 1b).

/** Incubating customers have no purchase history: the rep's potential, else the region's median. */
type Basis = Pick<CustomerShare, 'basisFen' | 'basisSource'>;

export function incubatingBasis(members: CustomerFacts[], given?: number): Map<number, Basis> {
  const potentials = members
    .map((c) => c.potentialFen)
    .filter((p): p is number => p !== null && p >= 0)
    .sort((a, b) => a - b);
  const mid = potentials.length / 2;
  const median =
    given ??
    (potentials.length === 0
      ? null
      : potentials.length % 2
        ? potentials[Math.floor(mid)]!
        : Math.floor((potentials[mid - 1]! + potentials[mid]!) / 2));
  return new Map(
    members.map((c): [number, Basis] => {
      // One baseline (baseline.ts): an incubating customer with orders is shared by its orders.
      if (c.baselineFen > 0) return [c.id, { basisFen: c.baselineFen, basisSource: 'baseline' }];
      if (c.potentialFen !== null && c.potentialFen >= 0) return [c.id, { basisFen: c.potentialFen, basisSource: 'potential' }];
      return [c.id, median === null ? { basisFen: 0, basisSource: 'even' } : { basisFen: median, basisSource: 'median' }];
    }),
  );
}

export function shareOut(poolFen: number, members: CustomerFacts[], basis: Map<number, Basis> | null): CustomerShare[] {
  const rows = members.map((c): Basis => basis?.get(c.id) ?? ownBasis(c));
  const even = rows.every((r) => r.basisFen === 0);
  const parts = apportion(
    poolFen,
    rows.map((r) => r.basisFen),
  );
  return members.map((c, i) => ({
    customerId: c.id,
    name: c.name,
    ownerId: c.ownerId,
    stage: c.stage,
    basisFen: rows[i]!.basisFen,
    basisSource: even ? 'even' : rows[i]!.basisSource,
    shareFen: parts[i]!,
  }));
}

/** The customer's baseline, else its potential where it has no history (baseline.ts customerBasis). */
function ownBasis(c: CustomerFacts): Basis {
  const b = customerBasis(c);
  return b ? { basisFen: b.fen, basisSource: b.source } : { basisFen: 0, basisSource: 'baseline' };
}
