import { performance } from 'node:perf_hooks';
import { addDays, weekStart } from '../src/domain/dates.js';
import { ARTICLE_EFFECTS } from '../src/domain/forecast.js';
import { forecastOf, heatOf, weekOf } from '../src/method/metrics/region-metrics.js';
import { loadRegionWindow } from '../src/method/metrics/region-window.js';
import { memoryMb } from './lib.js';
import { PER_REP, REPS, seedStep3, TODAY } from './step3-seed.js';

// npm run bench -- step3: a week's completion, the heat map and the 90-day forecast for 2,000
// reps x 50 customers with a year of due items and logs (and two years of collections), seeded
// into a real SQLite file (real migrations) and run through the code /热力图, /预测 and the Monday
// report run: loadRegionWindow (the SQL) then weekOf, heatOf and forecastOf. Target: under 2 s
// and under 500 MB. Seeding is reported but not timed. The backtest calibration is not timed
// either: it is cached per region and day (cachedCalibration), so a fixed one is passed.

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

const fmt = (n: number) => n.toLocaleString('en');

export async function benchStep3(): Promise<string> {
  const [seeded, seedMs] = time(() => seedStep3());
  const { services, regionId, counts } = seeded;
  const beforeMb = memoryMb();
  let peak = beforeMb;
  const sample = () => {
    peak = Math.max(peak, memoryMb());
  };
  const lastWeek = addDays(weekStart(TODAY), -7);
  const [w, loadMs] = time(() => loadRegionWindow(services, regionId, TODAY, [lastWeek])!);
  sample();
  const [week, weekMs] = time(() => weekOf(w, lastWeek));
  sample();
  const [heat, heatMs] = time(() => heatOf(w));
  sample();
  const cal = { mape: 0.2, effects: { source: 'article' as const, ...ARTICLE_EFFECTS, n: 0, quarters: 0 }, quarters: 0 };
  const [fc, fcMs] = time(() => forecastOf(w, cal, heat));
  sample();
  // The process's lifetime peak (seeding included) bounds the timed part's from above.
  const maxRss = process.resourceUsage().maxRSS / 1024;
  seeded.close();
  const total = loadMs + weekMs + heatMs + fcMs;
  const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER TARGET');
  return [
    `## Method step 3: ${REPS} reps x ${PER_REP} customers, ${fmt(counts.items)} due items, ${fmt(counts.logs)} logs, ${fmt(counts.collections)} collections in SQLite (seeded in ${(seedMs / 1000).toFixed(1)} s, not timed)`,
    `load window (SQL)    ${loadMs.toFixed(0).padStart(6)} ms  (${fmt(w.customers.length)} customers, ${fmt(w.overdue.length)} open items due in 30 days, ${fmt(w.items.length)} items due last week)`,
    `week completion      ${weekMs.toFixed(0).padStart(6)} ms  (region ${week.region.done}/${week.region.due})`,
    `heat map             ${heatMs.toFixed(0).padStart(6)} ms  (green ${heat.counts.green}, yellow ${heat.counts.yellow}, red ${heat.counts.red})`,
    `90-day forecast      ${fcMs.toFixed(0).padStart(6)} ms  (${fc.forecasts.length} customers, total ${fmt(fc.region.totalFen)} fen)`,
    `total                ${total.toFixed(0).padStart(6)} ms  target < 2000 ms: ${verdict(total < 2000)}`,
    `peak RSS             ${peak.toFixed(0).padStart(6)} MB  target < 500 MB: ${verdict(peak < 500)} (before the timed part: ${beforeMb.toFixed(0)} MB; process lifetime max incl. seeding: ${maxRss.toFixed(0)} MB)`,
  ].join('\n');
}
