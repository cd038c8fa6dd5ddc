import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { LARGE_SCOPE_CUSTOMERS } from '../../src/dashboard/routes.js';
import { dashboardSecret, signToken } from '../../src/method/access/link.js';
import { scopeFor } from '../../src/method/access/scope.js';
import { type DashboardView, dashboardViewJson } from '../../src/method/heavy/dashboard-kinds.js';
import { heavyStats } from '../../src/method/heavy/run.js';
import { NO_HISTORY } from '../../src/method/metrics/region-backtest.js';
import { fileServicesFor } from '../helpers/file-services.js';
import { seedNumberedCustomers, seedSmallTeam } from '../helpers/team.js';

// On a view of LARGE_SCOPE_CUSTOMERS or more (the step-3 region has 100,000), the panels behind the
// first screen are computed in the heavy worker, not on the event loop that acks webhooks (issue 15
// item 4, issue 13 item 3), and answer what the inline path answers. A small view stays inline.

const fileServices = fileServicesFor('large', { demo: false, cleanupTimeoutMs: 120_000 });

async function dashboard(customers: number) {
  const services = fileServices();
  const team = seedSmallTeam(services);
  seedNumberedCustomers(services, team.region.id, team.wang.id, customers);
  // A stored calibration, as the nightly job leaves it: the forecast panel never starts one here.
  services.repos.calibrations.put({ regionId: team.region.id, asOf: services.today(), json: JSON.stringify(NO_HISTORY), computedAt: 0 });
  const { app } = await buildApp(services);
  const link = { m: team.manager.id, role: 'manager' as const, g: team.region.id, exp: Date.parse('2100-01-01') };
  const token = signToken(dashboardSecret(services), link);
  const get = (path: string) => app.inject({ url: `/warroom/api/${path}${path.includes('?') ? '&' : '?'}t=${token}` });
  return { services, team, app, link, get };
}

const ROUTES: Array<[DashboardView, string]> = [
  ['heat', 'heat.json'],
  ['board', 'board.json'],
  ['forecast', 'forecast.json'],
  ['map', 'map.json?rep='],
];

describe('dashboard panels of a large view', () => {
  it('are computed in the worker, one after the other, and equal the inline answers', { timeout: 240_000 }, async () => {
    const t = await dashboard(LARGE_SCOPE_CUSTOMERS);
    try {
      const paths = ROUTES.map(([view, path]) => (view === 'map' ? `${path}${t.team.li.id}` : path));
      // Asked for at once, as the page does.
      const answers = await Promise.all(paths.map((p) => t.get(p)));
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      expect(heavyStats(t.services).started).toEqual({ dashboard: 4 });
      const scope = scopeFor(t.services, t.link)!;
      expect(scope.teamCustomers.length).toBeGreaterThanOrEqual(LARGE_SCOPE_CUSTOMERS);
      ROUTES.forEach(([view], i) => {
        const inline = dashboardViewJson(t.services, scope, { view, rep: t.team.li.id });
        expect(answers[i]!.json(), view).toEqual(JSON.parse(JSON.stringify(inline)));
      });
      // A rep outside the view is a 404 from the worker's answer too; summary.json never starts a worker.
      expect((await t.get('map.json?rep=999999')).statusCode).toBe(404);
      expect((await t.get('summary.json')).statusCode).toBe(200);
      expect(heavyStats(t.services).started).toEqual({ dashboard: 5 });
    } finally {
      await t.app.close();
    }
  });

  it('a view one customer smaller answers inline', { timeout: 120_000 }, async () => {
    const t = await dashboard(LARGE_SCOPE_CUSTOMERS - 4);
    try {
      expect(scopeFor(t.services, t.link)!.teamCustomers.length).toBe(LARGE_SCOPE_CUSTOMERS - 1);
      for (const [view, path] of ROUTES) expect((await t.get(view === 'map' ? `${path}${t.team.li.id}` : path)).statusCode).toBe(200);
      expect(heavyStats(t.services).started).toEqual({});
    } finally {
      await t.app.close();
    }
  });
});
