import { performance } from 'node:perf_hooks';
import { heatOf, forecastOf, weekOf } from '../src/commands/lib/region-metrics.js';
import type { RegionData } from '../src/commands/lib/region-data.js';
import type { Customer } from '../src/db/repos/customers.repo.js';
import type { Member } from '../src/db/repos/members.repo.js';
import { mulberry32 } from '../src/demo/orders.js';
import { addDays, weekStart, type LocalDate } from '../src/domain/dates.js';
import { ARTICLE_EFFECTS } from '../src/domain/forecast.js';
import { DEFAULT_ACTIONS } from '../src/domain/packs.js';
import { STAGES, type Stage } from '../src/domain/stages.js';
import type { ActionLog, DueItem, OrderRow } from '../src/domain/types.js';
import { memoryMb } from './lib.js';

// npm run bench -- step3: a week's completion, the heat map and the 90-day forecast for 2,000
// reps x 50 customers with a year of due items and logs (and two years of collections), built in
// memory and run through the same functions /热力图, /预测 and the Monday report use (minus SQL).
// Target: under 2 s and under 500 MB. The backtest calibration is not timed: it is cached per day.

const TODAY: LocalDate = '2026-11-26';
const REPS = 2000;
const PER_REP = 50;

/** Each stage's pack as (action, items per year); dates are spread evenly over the year. */
const PACK: Record<Stage, Array<[string, number]>> = {
  incubating: [['onsite_revisit', 12], ['tech_qa', 26], ['trial_upgrade', 4]],
  growing: [['exec_visit', 4], ['competitor_report', 4], ['joint_case', 2]],
  stable: [['satisfaction_survey', 2], ['annual_review', 1], ['holiday_care', 4]],
  declining: [['churn_interview', 1], ['improvement_proposal', 1], ['tech_support', 12]],
};

function generate(): RegionData {
  const rand = mulberry32(7);
  // Interned date strings: a year of items would otherwise hold millions of copies of 365 dates.
  const days = Array.from({ length: 800 }, (_, i) => addDays(TODAY, i - 730));
  const day = (offset: number) => days[730 + offset]!;
  const periods = Array.from({ length: 26 }, (_, n) => `P${n}`);
  const members: Member[] = [];
  const customers: Customer[] = [];
  const items: DueItem[] = [];
  const logs: ActionLog[] = [];
  const collections: OrderRow[] = [];
  for (let r = 1; r <= REPS; r++) {
    members.push({ id: r, name: `销售${r}`, role: 'rep', regionId: 1, managerId: null, lastYearFen: 0, remindersPausedUntil: null, createdAt: 0 });
    for (let k = 0; k < PER_REP; k++) addCustomer(r, (r - 1) * PER_REP + k + 1, STAGES[k % 4]!);
  }
  function addCustomer(rep: number, id: number, stage: Stage) {
    customers.push({ id, name: `客户${id}`, aliasesJson: '[]', ownerId: rep, regionId: 1, stage, stageSince: day(-400), baselineFen: 0, potentialFen: null, createdAt: 0 });
    for (let q = 0; q < 8; q++) collections.push({ customerId: id, date: day(-730 + q * 91 + Math.floor(rand() * 60)), amountFen: Math.round(1e7 * (0.5 + rand())) });
    for (const [code, perYear] of PACK[stage]) {
      const step = 365 / perYear;
      for (let n = 0; n < perYear; n++) {
        const due = -365 + Math.floor(n * step + rand() * step);
        const done = due < 0 && rand() < 0.8;
        const itemId = items.length + 1;
        items.push({ id: itemId, memberId: rep, customerId: id, actionCode: code, period: periods[n]!, windowStart: day(due - 7), windowEnd: day(due + 7), dueDate: day(due), status: done ? 'done' : 'open', completedByLogId: done ? itemId : null });
        if (done) logs.push({ id: itemId, memberId: rep, customerId: id, actionCode: code, occurredOn: day(due), status: 'valid' });
      }
    }
  }
  return {
    region: { id: 1, name: '压测区', weightsJson: '{}', createdAt: 0 }, members, reps: members, customers,
    facts: [], items, logs, collections, purchases: [], stageHistory: [], actions: DEFAULT_ACTIONS,
  };
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

export async function benchStep3(): Promise<string> {
  const [data, genMs] = time(generate);
  const afterGen = memoryMb();
  let peak = afterGen;
  const sample = () => { peak = Math.max(peak, memoryMb()); };
  const lastWeek = addDays(weekStart(TODAY), -7);
  const [week, weekMs] = time(() => weekOf(data, lastWeek));
  sample();
  const [heat, heatMs] = time(() => heatOf(data, TODAY));
  sample();
  const cal = { mape: 0.2, effects: { source: 'article' as const, ...ARTICLE_EFFECTS, n: 0, quarters: 0 }, quarters: 0 };
  const [fc, fcMs] = time(() => forecastOf(data, TODAY, heat, cal));
  sample();
  const total = weekMs + heatMs + fcMs;
  const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER TARGET');
  return [
    `## Method step 3: ${REPS} reps x ${PER_REP} customers, ${data.items.length.toLocaleString('en')} due items, ${data.logs.length.toLocaleString('en')} logs, ${data.collections.length.toLocaleString('en')} collections (generated in ${genMs.toFixed(0)} ms)`,
    `week completion      ${weekMs.toFixed(0).padStart(6)} ms  (region ${week.region.done}/${week.region.due})`,
    `heat map             ${heatMs.toFixed(0).padStart(6)} ms  (green ${heat.counts.green}, yellow ${heat.counts.yellow}, red ${heat.counts.red})`,
    `90-day forecast      ${fcMs.toFixed(0).padStart(6)} ms  (${fc.forecasts.length} customers)`,
    `total                ${total.toFixed(0).padStart(6)} ms  target < 2000 ms: ${verdict(total < 2000)}`,
    `peak RSS             ${peak.toFixed(0).padStart(6)} MB  target < 500 MB: ${verdict(peak < 500)} (after generating the data: ${afterGen.toFixed(0)} MB)`,
  ].join('\n');
}
