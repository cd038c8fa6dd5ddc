import { isoWeek, localDateOf } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { weeklyReportMessages } from '../reports/weekly-report.js';
import { messagingRun } from './messaging-run.js';
import type { JobOptions, JobResult } from './types.js';

/** The Monday stand-up report into every region's group(s), once per ISO week. */
export function runWeeklyReport(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const period = isoWeek(localDateOf(at, services.config.TEAM_TIMEZONE));
  const messages = services.repos.regions.all().flatMap((r) => weeklyReportMessages(services, r.id, at));
  const late = opts.late ?? false;
  const unbound = messages.length === 0 ? '（没有区域绑定了群：在群里发送 /绑定 <区域>）' : '';
  return messagingRun(
    services,
    { job: 'weekly-report', period, at, late, messages },
    '周报',
    (enqueued) => `${period} 周报：写入发件箱 ${enqueued.length} 条${unbound}`,
  );
}
