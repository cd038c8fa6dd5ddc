import { localDateOf } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { commitRun } from '../delivery/outbox.js';
import { calendarNoticeMessages, missingArrangementYear } from '../reports/calendar-notice.js';
import type { JobOptions, JobResult } from './types.js';

// Daily check that next year's holiday arrangement is in the work calendar (from 1 December) and
// this year's still is. When it is missing, managers and admins are told once per year: the notice
// is recorded as its own run under `notified:<year>`, so neither the daily runs nor the outbox's
// 30-day prune make it repeat. A crash between the two records only re-runs the (silent) day.

const JOB = 'calendar-notice';

export function runCalendarNotice(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const today = localDateOf(at, services.config.TEAM_TIMEZONE);
  const late = opts.late ?? false;
  const year = missingArrangementYear(services.calendar, today);
  const notice =
    year === null
      ? null
      : commitRun(services, { job: JOB, period: `notified:${year}`, at, late, messages: calendarNoticeMessages(services, year) });
  if (commitRun(services, { job: JOB, period: today, at, late, messages: [], detail: { missingYear: year } }) === null) {
    return { job: JOB, period: today, status: 'already', late, enqueued: [], summary: `${today} 已检查过放假安排` };
  }
  const summary =
    year === null
      ? '放假调休安排已在日历中，无需提醒'
      : notice === null
        ? `${year} 年放假安排仍未录入（主管和管理员已在之前收到提醒）`
        : `${year} 年放假安排未录入：提醒主管和管理员 ${notice.length} 人`;
  return { job: JOB, period: today, status: 'done', late, enqueued: notice ?? [], summary };
}
