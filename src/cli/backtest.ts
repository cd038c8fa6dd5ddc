import pino from 'pino';
import { loadConfig } from '../config.js';
import { fixedClock } from '../core/clock.js';
import { openDb } from '../db/client.js';
import { seedDemo } from '../demo/seed.js';
import { agreementLine, formatBacktest } from '../method/metrics/backtest-report.js';
import { runRegionBacktest, suggestionAgreement } from '../method/metrics/region-backtest.js';
import { loadRegionData } from '../method/metrics/region-data.js';
import { seedReferenceData } from '../method/reference/seed-reference.js';
import { createServices, type Services } from '../services.js';
import { bootServices, flag } from './boot.js';

// npm run backtest — replays history quarter by quarter (src/domain/backtest.ts) and prints the
// forecast error beside two naive forecasts, the early warning's precision and recall at week 2, 4
// and 6, and the stage suggestion's agreement with the stages the team confirmed.
//   npm run backtest                         the 华东区 demo, seeded in memory at a fixed date
//   npm run backtest -- --db data/warroom.db [--at 2026-11-26T02:00:00Z]   a real database

/** The demo's fixed "now" (the tests' clock), so docs/numbers.md figures are reproducible. */
export const DEMO_AT = '2026-11-26T02:00:00.000Z';

function demoServices(at: string): Services {
  const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' });
  const services = createServices({ config, db: openDb(':memory:'), clock: fixedClock(at), log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  seedDemo(services);
  return services;
}

const argv = process.argv.slice(2);
const dbPath = flag(argv, 'db');
const at = flag(argv, 'at');
const services = dbPath ? bootServices({ at, overrides: { DATABASE_PATH: dbPath } }) : demoServices(at ?? DEMO_AT);
console.log(dbPath ? `数据库：${dbPath}` : `演示数据（固定日期 ${services.today()}，内存数据库）`);
for (const region of services.repos.regions.all()) {
  const data = loadRegionData(services, region.id)!;
  const result = runRegionBacktest(services, data, services.today());
  const names = new Map(data.members.map((m) => [m.id, m.name]));
  console.log(formatBacktest(region.name, result, names));
  console.log(agreementLine(suggestionAgreement(services, data, services.today())));
}
