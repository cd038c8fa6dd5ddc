import type { Services } from '../../services.js';
import { type ImportJson, importXlsx, reportJson } from '../excel/import.js';
import { type TeamView, type TeamViewArgs, teamView } from '../metrics/team-view.js';

// Heavy kinds of the dashboard's import and /团队 (issue 13 item 3), added to HEAVY in kinds.ts.
// Their inline-or-worker choice is offload.ts; these are what runs on either side.

export interface ImportArgs {
  /** The .xlsx file: transferred to the worker (run.ts), not copied as JSON. */
  bytes: Uint8Array;
  dryRun: boolean;
  regionName: string | null;
  byMemberId: number | null;
}

export interface OffThreadKinds {
  /** A dashboard upload of many rows: read, checked and (unless a dry run) applied in one IMMEDIATE transaction. */
  import: { args: ImportArgs; result: ImportJson };
  /** /团队 on a large region: the figures the card is built from; null when the member or region is gone. */
  team: { args: TeamViewArgs; result: TeamView | null };
}

/** Kinds whose runner awaits (the .xlsx reader is asynchronous); the worker awaits every runner. */
export type AsyncKind = 'import';

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export const OFF_THREAD = {
  async import(services: Services, { bytes, dryRun, regionName, byMemberId }: ImportArgs): Promise<ImportJson> {
    return reportJson(await importXlsx(services, asBuffer(bytes), { dryRun, regionName, byMemberId }));
  },
  team(services: Services, args: TeamViewArgs): TeamView | null {
    return teamView(services, args);
  },
};
