import type { Services } from '../../services.js';
import type { LinkPayload } from '../access/link.js';
import { type Scope, scopeFor } from '../access/scope.js';
import { boardJson, heatJson } from '../metrics/board.js';
import { forecastJson } from '../metrics/forecast-view.js';
import { mapJson } from '../plans/map-view.js';

// The dashboard's panels behind the first screen (heat map, action board, forecast, a rep's battle
// map). Each reads and replays the region's window: seconds of CPU on the step-3 region's 100,000
// customers, so on a large view (LARGE_SCOPE_CUSTOMERS, src/dashboard/routes.ts) they run in the heavy
// worker, as `quarter` does. One kind for the four: the page asks for three at once, and one queue
// runs them one after the other beside the first screen's worker, not four workers on two cores.

export type DashboardView = 'board' | 'heat' | 'forecast' | 'map';

export interface DashboardViewArgs {
  view: DashboardView;
  /** The battle map's rep (map only). */
  rep?: number;
}

/** A panel's JSON for a scope: what the route answers inline on a small view and the worker computes on a large one. */
export function dashboardViewJson(services: Services, scope: Scope, { view, rep }: DashboardViewArgs) {
  switch (view) {
    case 'board':
      return boardJson(services, scope);
    case 'heat':
      return heatJson(services, scope);
    case 'forecast':
      return forecastJson(services, scope);
    case 'map':
      // null: no such rep in this scope (the route's 404).
      return mapJson(services, scope, rep ?? scope.viewer.id);
  }
}

export interface DashboardKinds {
  /**
   * A dashboard panel of a large view, as the UTF-8 JSON bytes the route sends: serialized here, since
   * handing the objects over (a heat map lists 100,000 customers) cost the server's thread over a
   * second of copying and stringifying, and a string of them still 0.4-0.9 s; bytes cross as one copy.
   * body null: no such rep in the scope (404); the whole result null: the viewer's link no longer
   * matches (the route's 403 'changed').
   */
  dashboard: {
    args: DashboardViewArgs & { viewer: LinkPayload };
    result: { body: Uint8Array | null } | null;
  };
}

type Runner<K extends keyof DashboardKinds> = (services: Services, args: DashboardKinds[K]['args']) => DashboardKinds[K]['result'];

export const DASHBOARD_HEAVY: { dashboard: Runner<'dashboard'> } = {
  dashboard(services, { viewer, ...args }) {
    const scope = scopeFor(services, viewer);
    if (!scope) return null;
    const json = dashboardViewJson(services, scope, args);
    return { body: json === null ? null : Buffer.from(JSON.stringify(json)) };
  },
};
