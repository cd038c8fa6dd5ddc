import { runReminders } from '../method/jobs/reminders.js';
import type { Job } from './types.js';

// The schedule and the job's name; what it computes and commits is src/method/jobs/reminders.ts.
export { runReminders };

/** Thursday reminders: each rep's open items of the week, each manager's coaching sessions. */
export const remindersJob: Job = {
  name: 'reminders',
  period: 'week',
  postsToChats: true,
  workingDaysOnly: true,
  schedule: (config) => config.SCHEDULE_REMINDERS,
  run: runReminders,
};
