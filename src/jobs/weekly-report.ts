import { runWeeklyReport } from '../method/jobs/weekly-report.js';
import type { Job } from './types.js';

// The schedule and the job's name; what it computes and commits is src/method/jobs/weekly-report.ts.
export { runWeeklyReport };

/** The Monday stand-up report into every region's group(s), once per ISO week. */
export const weeklyReportJob: Job = {
  name: 'weekly-report',
  period: 'week',
  postsToChats: true,
  schedule: (config) => config.SCHEDULE_WEEKLY_REPORT,
  run: runWeeklyReport,
};
