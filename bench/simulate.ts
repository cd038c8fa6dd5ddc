import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { simulate } from './simulate/region.js';
import { simXlsx } from './simulate/xlsx.js';

// npm run simulate -- --reps 80 --customers 1000 [--seed 1] [--today 2026-11-26] [--quarters 12] --out data/sim-80x1000.xlsx
// Writes an independent simulated region as an .xlsx for `npm run import`, and beside it
// <out>.truth.json: each customer's true stage today (the stage suggestion's agreement is scored on it).

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
};
const reps = Number(arg('reps', '8'));
const customers = Number(arg('customers', '40'));
const out = arg('out', `data/sim-${reps}x${customers}.xlsx`);
const sim = simulate({
  reps,
  customers,
  seed: Number(arg('seed', '1')),
  today: arg('today', '2026-11-26'),
  quarters: Number(arg('quarters', '12')),
});
await mkdir(dirname(out), { recursive: true });
await writeFile(out, await simXlsx(sim));
await writeFile(`${out}.truth.json`, JSON.stringify(Object.fromEntries(sim.customers.map((c) => [c.name, c.stage])), null, 1));
console.log(
  `${out}：${sim.reps.length} 名销售，${sim.customers.length} 家客户，订单/回款 ${sim.rows.length} 行，阶段变化 ${sim.changes.length} 条，动作记录 ${sim.logs.length} 行`,
);
