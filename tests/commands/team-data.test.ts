import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { addDays } from '../../src/domain/dates.js';
import { loadRegionData, loadTeamData } from '../../src/method/metrics/region-data.js';
import {
  attainmentLine,
  profilesOf,
  rankingOf,
  regionTrend,
  repurchaseLine,
  transitionsLine,
  warningsOf,
} from '../../src/method/metrics/team-figures.js';
import { testServices } from '../helpers/test-app.js';

// /团队 and /画像 load a window of the region (loadTeamData), not its history. On the demo, every
// figure they show must equal the one computed from the whole history, and a figure outside the
// window must refuse rather than report the missing days as empty.
describe('team data (what /团队 and /画像 load)', () => {
  const { services } = testServices();
  seedDemo(services);
  const today = services.today();
  const full = loadRegionData(services, 1)!;
  const team = loadTeamData(services, 1, today)!;

  it('loads fewer rows than the history, and no logs', () => {
    expect(team.items.length).toBeLessThan(full.items.length);
    expect(team.collections.length).toBeLessThan(full.collections.length);
    expect('logs' in team).toBe(false);
  });

  it('gives every figure the full history gives', () => {
    expect(regionTrend(team, today)).toEqual(regionTrend(full, today));
    expect(warningsOf(team, today)).toEqual(warningsOf(full, today));
    expect(attainmentLine(services, team, today)).toBe(attainmentLine(services, full, today));
    expect(repurchaseLine(team)).toBe(repurchaseLine(full));
    expect(transitionsLine(team, today)).toBe(transitionsLine(full, today));
    const profiles = profilesOf(team, today);
    expect(profiles).toEqual(profilesOf(full, today));
    expect(rankingOf(profiles.profiles)).toEqual(rankingOf(profilesOf(full, today).profiles));
    expect(profiles.profiles.some((p) => p.completion.due > 0)).toBe(true);
  });

  it('refuses a window it did not load', () => {
    expect(() => regionTrend(team, today, 30)).toThrow(/not loaded/);
    expect(() => attainmentLine(services, team, addDays(today, -200))).toThrow(/not loaded/);
  });
});
