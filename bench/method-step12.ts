import { performance } from 'node:perf_hooks';
import { createWorkCalendar } from '../src/domain/calendar.js';
import { DEFAULT_ACTIONS } from '../src/domain/packs.js';
import { generateDueItems } from '../src/domain/plan.js';
import { STAGES } from '../src/domain/stages.js';
import { splitTarget } from '../src/domain/target-split.js';
import type { CustomerFacts } from '../src/domain/types.js';
import { memoryMb } from './lib.js';

// Method steps 1–2 at scale: the target split and one quarter's plan for 1,000 reps x 100
// customers (100,000 customers). Targets: each under 1 s, the process under 300 MB.

const REPS = 1_000;
const PER_REP = 100;

function fixtures() {
  const reps = Array.from({ length: REPS }, (_, i) => ({ id: i + 1, name: `rep${i + 1}`, lastYearFen: 1_000_000_00 + i * 7_919 }));
  const customers: CustomerFacts[] = [];
  for (const r of reps) {
    for (let k = 0; k < PER_REP; k++) {
      const id = customers.length + 1;
      const stage = STAGES[(id * 7) % 4]!;
      customers.push({
        id,
        name: `c${id}`,
        ownerId: r.id,
        stage,
        stageSince: '2026-03-02',
        baselineFen: stage === 'incubating' ? 0 : 100_000_00 + ((id * 104_729) % 9_000_000_00),
        potentialFen: stage === 'incubating' ? 50_000_000 : null,
      });
    }
  }
  return { reps, customers };
}

export async function benchStep12(): Promise<string> {
  const { reps, customers } = fixtures();
  const rssBefore = memoryMb();
  let t0 = performance.now();
  const res = splitTarget({
    targetFen: 420_000_000_00 * 250,
    weights: { growing: 40, incubating: 15, stable: 30, declining: 5 },
    customers,
    reps,
  });
  const splitMs = performance.now() - t0;
  if (!res.ok) throw new Error(res.error);
  const sum = res.split.reps.reduce((a, r) => a + r.targetFen, 0) + res.split.reserveFen;

  const calendar = createWorkCalendar();
  const byRep = new Map<number, CustomerFacts[]>();
  for (const c of customers) {
    const list = byRep.get(c.ownerId);
    if (list) list.push(c);
    else byRep.set(c.ownerId, [c]);
  }
  t0 = performance.now();
  let items = 0;
  for (const r of reps) {
    items += generateDueItems({
      memberId: r.id,
      customers: byRep.get(r.id)!,
      actions: DEFAULT_ACTIONS,
      from: '2026-10-01',
      to: '2026-12-31',
      calendar,
    }).length;
  }
  const planMs = performance.now() - t0;
  const rss = memoryMb();
  const ok = (ms: number) => (ms < 1000 ? 'ok' : 'OVER 1 s');
  return [
    `method step 1-2: ${REPS} reps x ${PER_REP} customers (${customers.length} customers)`,
    `  target split        ${splitMs.toFixed(0).padStart(6)} ms  ${ok(splitMs)}  (sum exact: ${sum === res.split.targetFen})`,
    `  quarter plan        ${planMs.toFixed(0).padStart(6)} ms  ${ok(planMs)}  (${items} due items)`,
    `  rss                 ${rss.toFixed(0).padStart(6)} MB  ${rss < 300 ? 'ok' : 'OVER 300 MB'}  (before: ${rssBefore.toFixed(0)} MB)`,
  ].join('\n');
}
