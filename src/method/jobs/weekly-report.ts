import { isoWeek, localDateOf } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { commitRun } from '../delivery/outbox.js';
import { weeklyReportMessages } from '../reports/weekly-report.js';
import type { JobOptions, JobResult } from './types.js';

/** The Monday stand-up report into every region's group(s), once per ISO week. */
export function runWeeklyReport(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const period = isoWeek(localDateOf(at, services.config.TEAM_TIMEZONE));
  const messages = services.repos.regions.all().flatMap((r) => weeklyReportMessages(services, r.id, at));
  const late = opts.late ?? false;
  const enqueued = commitRun(services, { job: 'weekly-report', period, at, late, messages });
  if (enqueued === null)
    return { job: 'weekly-report', period, status: 'already', late, enqueued: [], summary: `${period} 的周报已经发过，未重复发送` };
  const unbound = messages.length === 0 ? '（没有区域绑定了群：在群里发送 /绑定 <区域>）' : '';
  return {
    job: 'weekly-report',
    period,
    status: 'done',
    late,
    enqueued,
    summary: `${period} 周报：写入发件箱 ${enqueued.length} 条${unbound}`,
  };
}
