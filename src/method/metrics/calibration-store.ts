import { type LocalDate, quarterOf } from '../../domain/dates.js';
import { ARTICLE_EFFECTS } from '../../domain/forecast.js';
import type { Services } from '../../services.js';
import { heavyRunsInline, runHeavy } from '../heavy/run.js';
import { calibrateRegion } from './calibration-replay.js';
import type { Calibration } from './region-backtest.js';

// The replay reads the region's whole history and only its complete quarters count, so within a
// quarter the calibration changes only when old history is edited (an import). It is stored per
// region (calibrations table), computed in the heavy worker (src/method/heavy/) on a miss and by the
// nightly job (runPrune), and never on a request: on the step-3 benchmark's 2,000-rep region the
// replay takes minutes and gigabytes. Until it is stored, a request uses the article's effects and
// default band and says so (calibrationFor). A copy is kept in memory for a few minutes so a burst
// of /预测 does not re-read the row.
const MEMORY_TTL_MS = 10 * 60_000;
export const NO_HISTORY: Calibration = { mape: null, effects: { source: 'article', ...ARTICLE_EFFECTS, n: 0, quarters: 0 }, quarters: 0 };

type Remembered = Map<number, { at: number; today: LocalDate; cal: Calibration }>;
const memoryOf = (services: Services) => services.memo.get<Remembered>('calibrations', () => new Map());

function remember(services: Services, regionId: number, today: LocalDate, cal: Calibration): Calibration {
  memoryOf(services).set(regionId, { at: services.clock.now().getTime(), today, cal });
  return cal;
}

function parseStored(json: string): Calibration | null {
  try {
    const c = JSON.parse(json) as Calibration;
    return typeof c.quarters === 'number' && typeof c.effects?.highQuality === 'number' ? c : null;
  } catch {
    return null;
  }
}

/** Replays the region's history now and stores the result: only in the heavy worker (kinds.ts) or inline on an in-memory database. */
export function refreshCalibration(services: Services, regionId: number, today: LocalDate): Calibration {
  const computed = calibrateRegion(services, regionId, today);
  // A region deleted meanwhile has no history: the article's effects and default band, not stored.
  // The replay streams the region's items and logs (calibration-replay.ts): 1.86 M items on the step-3 region.
  if (computed)
    services.repos.calibrations.put({ regionId, asOf: today, json: JSON.stringify(computed), computedAt: services.clock.now().getTime() });
  return remember(services, regionId, today, computed ?? NO_HISTORY);
}

/** What a request uses: the stored calibration, or the defaults while the worker computes it (calibrating). */
export interface CalibrationRead {
  cal: Calibration;
  /** True when no usable calibration of this quarter is stored yet: cal is the article's defaults and the worker is on it. */
  calibrating: boolean;
}

export function calibrationFor(services: Services, regionId: number, today: LocalDate): CalibrationRead {
  const hit = memoryOf(services).get(regionId);
  if (hit && hit.today === today && services.clock.now().getTime() - hit.at < MEMORY_TTL_MS) return { cal: hit.cal, calibrating: false };
  const stored = services.repos.calibrations.get(regionId);
  const cal = stored && quarterOf(stored.asOf) === quarterOf(today) ? parseStored(stored.json) : null;
  if (cal) return { cal: remember(services, regionId, today, cal), calibrating: false };
  // An in-memory database (tests, the in-memory demo CLIs) has no second connection for a worker.
  if (heavyRunsInline(services)) return { cal: refreshCalibration(services, regionId, today), calibrating: false };
  startCalibration(services, regionId, today);
  return { cal: NO_HISTORY, calibrating: true };
}

/** After a failed replay (a worker out of memory, say), requests wait this long before starting another. */
const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

function startCalibration(services: Services, regionId: number, today: LocalDate): void {
  const failed = services.memo.get('calibration-failures', () => new Map<number, number>());
  const now = services.clock.now().getTime();
  if (now - (failed.get(regionId) ?? Number.NEGATIVE_INFINITY) < RETRY_AFTER_FAILURE_MS) return;
  runHeavy(services, { kind: 'calibration', args: { regionId, today } }).catch((err: unknown) => {
    failed.set(regionId, services.clock.now().getTime());
    services.log.error({ err, regionId }, 'forecast calibration failed in the worker; requests use the defaults');
  });
}

export function cachedCalibration(services: Services, regionId: number, today: LocalDate): Calibration {
  return calibrationFor(services, regionId, today).cal;
}
