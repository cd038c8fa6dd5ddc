import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { backtest } from '../../src/domain/backtest.js';
import { quarterOf } from '../../src/domain/dates.js';
import { runPrune } from '../../src/jobs/prune.js';
import { backtestInput, cachedCalibration, calibrate, historyQuarters } from '../../src/method/metrics/region-backtest.js';
import { loadRegionData } from '../../src/method/metrics/region-data.js';
import { testServices } from '../helpers/test-app.js';

// The forecast's calibration replays the region's whole history (minutes on a 2,000-rep region),
// so it is stored per region and a request recomputes it only on a miss: none stored, one from an
// earlier quarter, or an unreadable row. The nightly job (runPrune) refreshes it.
describe('stored forecast calibration', () => {
  function setup() {
    const { services } = testServices();
    seedDemo(services);
    const db = services.db.$client;
    const row = () =>
      db.prepare('SELECT region_id AS regionId, as_of AS asOf, json FROM calibrations WHERE region_id = 1').get() as
        | { regionId: number; asOf: string; json: string }
        | undefined;
    const plant = (asOf: string, json: string) =>
      db.prepare('INSERT OR REPLACE INTO calibrations (region_id, as_of, json, computed_at) VALUES (1, ?, ?, 0)').run(asOf, json);
    return { services, today: services.today(), row, plant };
  }
  const planted = (mape: number) =>
    JSON.stringify({ mape, effects: { source: 'article', highQuality: 0.2, ordinary: 0.065, n: 0, quarters: 0 }, quarters: 5 });

  it('computes on a miss and stores it for the day', () => {
    const { services, today, row } = setup();
    expect(row()).toBeUndefined();
    const cal = cachedCalibration(services, 1, today);
    expect(cal.quarters).toBeGreaterThan(0);
    expect(row()).toMatchObject({ asOf: today });
    expect(JSON.parse(row()!.json)).toEqual(cal);
  });

  it('uses a stored one from this quarter without replaying', () => {
    const { services, today, plant } = setup();
    plant(`${today.slice(0, 8)}01`, planted(0.42));
    expect(cachedCalibration(services, 1, today)).toMatchObject({ mape: 0.42, quarters: 5 });
  });

  it('replays when the stored one is from an earlier quarter or unreadable', () => {
    const a = setup();
    a.plant('2025-12-31', planted(0.42));
    expect(cachedCalibration(a.services, 1, a.today).mape).not.toBe(0.42);
    expect(a.row()!.asOf).toBe(a.today);
    const b = setup();
    b.plant(b.today, '{"mape": 0.42');
    expect(cachedCalibration(b.services, 1, b.today).quarters).toBeGreaterThan(0);
    expect(JSON.parse(b.row()!.json).mape).not.toBe(0.42);
  });

  it('is refreshed by the nightly job', () => {
    const { services, today, plant, row } = setup();
    plant(today, planted(0.42));
    const r = runPrune(services, services.clock.now());
    expect(r.summary).toContain('预测校准 1 个区域');
    expect(JSON.parse(row()!.json).mape).not.toBe(0.42);
    expect(cachedCalibration(services, 1, today).mape).toBe(JSON.parse(row()!.json).mape);
  });

  it('is left to the next night by a late (start-up catch-up) run', () => {
    const { services, today, plant, row } = setup();
    plant(today, planted(0.42));
    const r = runPrune(services, services.clock.now(), { late: true });
    expect(r.summary).toContain('补跑时跳过');
    expect(JSON.parse(row()!.json).mape).toBe(0.42);
  });
});

describe('calibrate (the forecast replay alone)', () => {
  it('gives the quarters, errors and effects of the full backtest on the demo region', () => {
    const { services } = testServices();
    seedDemo(services);
    const today = services.today();
    const data = loadRegionData(services, 1)!;
    const hist = historyQuarters(data, today);
    const full = backtest(backtestInput(data, [...hist, quarterOf(today)], {}));
    const cal = calibrate(data, today);
    expect(cal.quarters).toBeGreaterThan(0);
    expect(cal.effects).toEqual(full.quarters[full.quarters.length - 1]!.effects);
    const apes = full.quarters
      .slice(0, hist.length)
      .map((q) => q.ape)
      .filter((x): x is number => x !== null);
    expect(cal.mape).toBe(apes.reduce((a, b) => a + b, 0) / apes.length);
  });
});
