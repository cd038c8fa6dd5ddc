import type { Services } from '../../services.js';
import { type ImportJson, importXlsx, reportJson } from '../excel/import.js';
import type { TeamView, TeamViewArgs } from '../metrics/team-view.js';
import { teamView } from '../metrics/team-view.js';
import { heavyRunsInline, runHeavy } from './run.js';

// Small inline, large in the heavy worker (the pattern of the dashboard's quarter.json): below these
// sizes a worker's start (opening the file, loading the code: 0.3-1 s) costs more than the work,
// above them the work would hold the event loop that acks webhooks for seconds (issue 13 item 3).

/**
 * From this many bytes an upload is read, checked and applied in the worker: about 2,000 rows of
 * the order or log sheet (~30 bytes a row compressed), some 0.3 s inline; a 20,000-row file (0.6 MB)
 * held the event loop for 2.7-3.2 s.
 */
export const LARGE_IMPORT_BYTES = 64 * 1024;

/** From this many customers in the region /团队 is computed in the worker (2.6-3.3 s of event loop on 100,000). */
export const LARGE_TEAM_CUSTOMERS = 5_000;

export interface UploadOptions {
  dryRun: boolean;
  regionName: string | null;
  byMemberId: number | null;
}

/** The dashboard's import: the same report (dry run or applied) on either side. */
export async function importUpload(services: Services, file: Buffer, opts: UploadOptions): Promise<ImportJson> {
  if (file.byteLength < LARGE_IMPORT_BYTES || heavyRunsInline(services)) return reportJson(await importXlsx(services, file, opts));
  // A copy that owns its memory, so run.ts transfers it to the worker instead of cloning it.
  const bytes = new Uint8Array(file);
  return runHeavy(services, { kind: 'import', args: { bytes, ...opts } });
}

export async function teamViewFor(services: Services, args: TeamViewArgs): Promise<TeamView | null> {
  if (heavyRunsInline(services) || services.repos.customers.countInRegion(args.regionId) < LARGE_TEAM_CUSTOMERS)
    return teamView(services, args);
  return runHeavy(services, { kind: 'team', args });
}
