import { runWarnings } from '../method/jobs/warnings.js';
import type { Job } from './types.js';

// The schedule and the job's name; what it computes and commits is src/method/jobs/warnings.ts.
export { runWarnings };

/** Warnings (预警), docs/method.md step 3: the manager's DM and the rep's nudge, once per ISO week. */
export const warningsJob: Job = {
  name: 'warnings',
  period: 'week',
  postsToChats: true,
  // Right after the report, so they share its schedule.
  schedule: (config) => config.SCHEDULE_WEEKLY_REPORT,
  run: runWarnings,
};
