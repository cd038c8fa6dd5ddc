import type { LocalDate } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import type { LinkPayload } from '../access/link.js';
import { scopeFor } from '../access/scope.js';
import { type ExportKind, exportTables } from '../excel/export.js';
import type { Table } from '../excel/workbook.js';
import { type PruneCounts, type PruneCutoffs, pruneRows } from '../housekeeping/prune.js';
import { formatBacktest } from '../metrics/backtest-report.js';
import { quarterJson } from '../metrics/quarter-view.js';
import { refreshCalibration, runRegionBacktest } from '../metrics/region-backtest.js';
import { loadRegionData } from '../metrics/region-data.js';
import { DASHBOARD_HEAVY, type DashboardKinds } from './dashboard-kinds.js';
import { type AsyncKind, OFF_THREAD, type OffThreadKinds } from './import-kinds.js';
import { type JobKinds, runJobKind } from './job-kinds.js';

// The heavy jobs: work that replays a region's whole history (minutes and gigabytes on the step-3
// region), so it never runs inside a request. Each runs in the heavy worker (run.ts) on the worker's
// own services and connection; its arguments and result cross the thread as plain data.

export interface HeavyKinds extends DashboardKinds {
  /** One region's forecast calibration, stored in the calibrations table (what /预测 reads). */
  calibration: { args: { regionId: number; today: LocalDate }; result: { regionId: number; quarters: number; mape: number | null } };
  /** Every region's calibration: the nightly job. One region's failure does not stop the rest. */
  calibrations: { args: { today: LocalDate }; result: { calibrated: number; failed: number[] } };
  /** The backtest report of one region (`npm run backtest`'s text), for a front door or the bench. */
  backtest: { args: { regionId: number; today: LocalDate }; result: { text: string } | null };
  /** A dashboard download's tables (every log of a 100,000-customer region is read and shaped here). */
  export: { args: { kind: ExportKind; regionIds: number[] | null }; result: Table[] };
  import: OffThreadKinds['import'];
  team: OffThreadKinds['team'];
  /** The nightly prune's deletes and baseline refresh (src/method/jobs/prune.ts): one write transaction. */
  prune: { args: PruneCutoffs; result: PruneCounts };
  /** The dashboard's first screen of a large region (about 5 s on 100,000 customers); null when the viewer's link no longer matches. */
  quarter: { args: { viewer: LinkPayload }; result: ReturnType<typeof quarterJson> | null };
  /** A scheduled job's body (weekly report, warnings, reminders, calendar notice): job-kinds.ts. */
  job: JobKinds['job'];
}

export type HeavyKind = keyof HeavyKinds;
export type HeavyArgs<K extends HeavyKind> = HeavyKinds[K]['args'];
export type HeavyResult<K extends HeavyKind> = HeavyKinds[K]['result'];

type Runners = {
  [K in HeavyKind]: (services: Services, args: HeavyArgs<K>) => K extends AsyncKind ? Promise<HeavyResult<K>> : HeavyResult<K>;
};

export const HEAVY: Runners = {
  ...DASHBOARD_HEAVY,
  calibration(services, { regionId, today }) {
    const cal = refreshCalibration(services, regionId, today);
    return { regionId, quarters: cal.quarters, mape: cal.mape };
  },
  calibrations(services, { today }) {
    let calibrated = 0;
    const failed: number[] = [];
    for (const region of services.repos.regions.all()) {
      try {
        refreshCalibration(services, region.id, today);
        calibrated += 1;
      } catch (err) {
        failed.push(region.id);
        services.log.error({ err, regionId: region.id }, 'forecast calibration failed; the stored one stays in use');
      }
    }
    return { calibrated, failed };
  },
  backtest(services, { regionId, today }) {
    const data = loadRegionData(services, regionId);
    if (!data) return null;
    const names = new Map(data.members.map((m) => [m.id, m.name]));
    return { text: formatBacktest(data.region.name, runRegionBacktest(services, data, today), names) };
  },
  export(services, { kind, regionIds }) {
    return exportTables(services, kind, { regionIds });
  },
  ...OFF_THREAD,
  prune(services, cutoffs) {
    return pruneRows(services, cutoffs);
  },
  quarter(services, { viewer }) {
    const scope = scopeFor(services, viewer);
    return scope ? quarterJson(services, scope) : null;
  },
  job: runJobKind,
};
