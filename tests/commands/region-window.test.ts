import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb } from '../../src/db/client.js';
import { readAside } from '../../src/db/repos/read-aside.js';
import { Positions } from '../../src/db/repos/region-window.repo.js';
import { seedDemo } from '../../src/demo/seed.js';
import { customerBasis } from '../../src/domain/baseline.js';
import { groupBy } from '../../src/domain/collections.js';
import { packRates } from '../../src/domain/completion.js';
import { addDays, weekStart } from '../../src/domain/dates.js';
import { DEFAULT_FORECAST, forecastCustomer, topOf } from '../../src/domain/forecast.js';
import { customerHeat } from '../../src/domain/heat.js';
import { calibrate } from '../../src/method/metrics/region-backtest.js';
import { loadRegionData, scopeFor } from '../../src/method/metrics/region-data.js';
import { forecastOf, HEAT_LOOKBACK_DAYS, heatOf, weekOf } from '../../src/method/metrics/region-metrics.js';
import { loadRegionWindow, scopeWindow, windowOf } from '../../src/method/metrics/region-window.js';
import { warningsFor, warningWeeks } from '../../src/method/reports/warnings.js';
import { createServices } from '../../src/services.js';
import { FIXED_NOW, testServices } from '../helpers/test-app.js';

// The windowed loader (SQL aggregates over covering indexes) must give the figures the full
// loader gives. Checked on the demo at the tests' fixed date against the computation as it was
// before windowing: every item, log and collection of the region loaded and filtered in memory.
describe('region window (what /热力图, /预测 and the Monday report load)', () => {
  const { services } = testServices();
  seedDemo(services);
  const today = services.today();
  const weeks = [weekStart(today), addDays(weekStart(today), -7), addDays(weekStart(today), -14)];
  const full = loadRegionData(services, 1)!;
  const win = loadRegionWindow(services, 1, today, weeks)!;
  const cal = calibrate(full, today);

  /** Heat as computed before windowing: all logs of every stage, all items filtered here. */
  function heatBefore() {
    const stageOf = new Map(full.actions.map((a) => [a.code, a.stage]));
    const stage = new Map(full.customers.map((c) => [c.id, c.stage]));
    const last = new Map<number, string>();
    for (const l of full.logs) {
      if (l.status !== 'valid' || stageOf.get(l.actionCode) !== stage.get(l.customerId)) continue;
      if (!last.has(l.customerId) || l.occurredOn > last.get(l.customerId)!) last.set(l.customerId, l.occurredOn);
    }
    const since = addDays(today, -HEAT_LOOKBACK_DAYS);
    // Open items can be overdue; items a late log completed are shown as done late.
    const items = groupBy(
      full.items.filter((i) => i.dueDate >= since && i.dueDate < today && (i.status === 'open' || i.completedLate)),
      (i) => i.customerId,
    );
    return new Map(
      full.customers.map((c) => [
        c.id,
        customerHeat({ customer: c, items: items.get(c.id) ?? [], lastPackActionOn: last.get(c.id) ?? null, today }),
      ]),
    );
  }

  it('loads the same aggregates in SQL as windowOf derives from the full data', () => {
    const ref = windowOf(full, today, weeks);
    expect(win.customers.map((c) => c.id)).toEqual(ref.customers.map((c) => c.id));
    expect(win.collections).toEqual(ref.collections);
    expect(win.pack).toEqual(ref.pack);
    expect(win.lastPackAction).toEqual(ref.lastPackAction);
    const key = (i: { customerId: number; dueDate: string }) => `${i.dueDate}|${i.customerId}`;
    expect(win.overdue.map(key).sort()).toEqual(ref.overdue.map(key).sort());
    expect(win.items.length).toBe(ref.items.length);
    expect(win.collections.size).toBeGreaterThan(0);
    expect(win.pack.size).toBeGreaterThan(0);
  });

  it('gives the heat the full loader gave, customer by customer', () => {
    const heat = heatOf(win);
    expect(heat.byCustomer).toEqual(heatBefore());
    expect(heat.counts.green + heat.counts.yellow + heat.counts.red).toBe(full.customers.length);
  });

  it('gives the forecast the full loader gave, customer by customer and in total', () => {
    const cfg = { ...DEFAULT_FORECAST, effects: cal.effects };
    const orders = groupBy(full.collections, (o) => o.customerId);
    const items = groupBy(full.items, (i) => i.customerId);
    const before = full.customers.map((c) =>
      forecastCustomer(
        {
          customerId: c.id,
          stage: c.stage,
          orders: orders.get(c.id) ?? [],
          asOf: today,
          completion: packRates(items.get(c.id) ?? [], today),
          fallbackAnnualFen: customerBasis(c)?.fen ?? null,
        },
        cfg,
      ),
    );
    const r = forecastOf(win, cal);
    // JSON carries the parts (built when read), so this compares every number and label.
    const json = (fs: unknown[]) => JSON.parse(JSON.stringify(fs)) as Array<{ parts: unknown[] }>;
    expect(json(r.forecasts)).toEqual(json(before));
    expect(json(r.forecasts).every((f) => f.parts.length >= 3)).toBe(true);
    expect(r.region.totalFen).toBe(before.reduce((s, f) => s + f.totalFen, 0));
    expect(r.region.totalFen).toBeGreaterThan(0);
  });

  it('gives the weeks the full loader gave, and refuses a week it did not load', () => {
    for (const w of weeks) expect(weekOf(win, w)).toEqual(weekOf(full, w));
    expect(() => weekOf(win, addDays(weeks[0]!, -70))).toThrow(/not loaded/);
  });

  it('gives the warnings job the reps the full loader gave, over several weeks', () => {
    const cfg = { threshold: 0.7, streak: 2 };
    let warned = 0;
    for (let k = 0; k < 8; k++) {
      const week = addDays(weekStart(today), -7 * k);
      const w = loadRegionWindow(services, 1, today, warningWeeks(week, cfg))!;
      const fromWindow = warningsFor(w, week, cfg);
      expect(fromWindow).toEqual(warningsFor(full, week, cfg));
      warned += fromWindow.length;
    }
    expect(warned).toBeGreaterThan(0);
  });

  it("scopes a rep's window like the full data", () => {
    const rep = full.reps[0]!;
    const mine = scopeWindow(win, rep);
    const fullMine = scopeFor(full, rep);
    expect(mine.customers.map((c) => c.id)).toEqual(fullMine.customers.map((c) => c.id));
    expect(heatOf(mine).counts).toEqual(heatOf(windowOf(fullMine, today)).counts);
    expect(forecastOf(mine, cal).region.totalFen).toBe(forecastOf(windowOf(fullMine, today), cal).region.totalFen);
  });
});

// On a file the forecast's reads run in a worker thread on a second connection (readAside); in
// memory they run in-thread. Both must load the same window, and a worker's error must surface.
describe('region window on a database file (side reads in a worker)', () => {
  const { services: mem } = testServices();
  seedDemo(mem);
  const dir = mkdtempSync(join(tmpdir(), 'warroom-window-'));
  const path = join(dir, 'w.db');
  writeFileSync(path, mem.db.$client.serialize());
  const db = openDb(path);
  const file = createServices({
    config: loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }),
    db,
    clock: fixedClock(FIXED_NOW),
    log: pino({ level: 'silent' }),
  });
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const today = mem.today();
  const weeks = [weekStart(today), addDays(weekStart(today), -7)];

  it('loads the same window as the in-memory (in-thread) path', () => {
    const a = loadRegionWindow(file, 1, today, weeks)!;
    const b = loadRegionWindow(mem, 1, today, weeks)!;
    expect(a.pack).toEqual(b.pack);
    expect(a.collections).toEqual(b.collections);
    expect(a.collections.size).toBeGreaterThan(0);
    expect({ ...a, pack: null, collections: null }).toEqual({ ...b, pack: null, collections: null });
  });

  it("throws the worker's error from join()", () => {
    const join = readAside(db, [{ sql: 'SELECT json_group_array(nope) FROM nowhere', args: [], columns: 1 }]);
    expect(() => join()).toThrow(/side reads failed.*no such table/s);
  });
});

describe('Positions', () => {
  it('finds every id, including 0, negative and very sparse ones, and nothing else', () => {
    for (const ids of [
      [5, 1, 0, 9],
      [5, -3, 0],
      [2, 40_000_000, 7],
    ]) {
      const pos = new Positions(ids);
      for (const [i, id] of ids.entries()) expect(pos.of(id)).toBe(i);
      for (const other of [3, -1, 8, 41_000_000, 1.5]) expect(pos.of(other)).toBe(-1);
    }
  });
});

describe('region window with a hand-edited date', () => {
  it('reads a date SQLite cannot parse as it is (as the string reads did), not as 1970', () => {
    const { services } = testServices();
    seedDemo(services);
    const today = services.today();
    const c = services.db.$client.prepare("SELECT id FROM customers WHERE stage = 'declining' ORDER BY id LIMIT 1").pluck().get() as number;
    services.db.$client.prepare("UPDATE customers SET stage_since = '2026-1-5' WHERE id = ?").run(c);
    const win = loadRegionWindow(services, 1, today)!;
    expect(win.customers.find((x) => x.id === c)!.stageSince).toBe('2026-1-5');
    expect(heatOf(win).byCustomer.get(c)).toEqual(heatOf(windowOf(loadRegionData(services, 1)!, today)).byCustomer.get(c));
  });
});

describe('topOf', () => {
  it('equals sort then slice for a total order', () => {
    const list = Array.from({ length: 200 }, (_, i) => ({ id: i, v: (i * 7919) % 13 }));
    const cmp = (a: { id: number; v: number }, b: { id: number; v: number }) => b.v - a.v || a.id - b.id;
    for (const n of [0, 1, 3, 5, 250]) expect(topOf(list, n, cmp)).toEqual([...list].sort(cmp).slice(0, n));
  });
});
