import { isoWeek, localDateOf } from '../domain/dates.js';
import type { Services } from '../services.js';
import { commitRun } from './outbox.js';
import { buildWeeklyReport } from './report-model.js';
import { regionGroups } from './targets.js';
import type { JobOptions, JobResult, OutMessage } from './types.js';

/** Key of a region's report on one platform for one ISO week: one post per group per week. */
export function weeklyReportKey(regionId: number, week: string, platform: string): string {
  return `weekly-report:${regionId}:${week}:${platform}`;
}

/** The report messages for one region, one per bound group on a configured platform. */
export function weeklyReportMessages(services: Services, regionId: number, at: Date): OutMessage[] {
  const report = buildWeeklyReport(services, regionId, at);
  if (!report) return [];
  return regionGroups(services, regionId).map((g) => ({
    key: weeklyReportKey(regionId, report.week, g.platform), platform: g.platform, target: g.target, reply: report.card,
  }));
}

/** The Monday stand-up report into every region's group(s), once per ISO week. */
export function runWeeklyReport(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const period = isoWeek(localDateOf(at, services.config.TEAM_TIMEZONE));
  const messages = services.repos.regions.all().flatMap((r) => weeklyReportMessages(services, r.id, at));
  const late = opts.late ?? false;
  const enqueued = commitRun(services, { job: 'weekly-report', period, at, late, messages });
  if (enqueued === null) return { job: 'weekly-report', period, status: 'already', late, enqueued: [], summary: `${period} 的周报已经发过，未重复发送` };
  const unbound = messages.length === 0 ? '（没有区域绑定了群：在群里发送 /绑定 <区域>）' : '';
  return { job: 'weekly-report', period, status: 'done', late, enqueued, summary: `${period} 周报：写入发件箱 ${enqueued.length} 条${unbound}` };
}
