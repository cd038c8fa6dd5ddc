import { runCalendarNotice } from '../method/jobs/calendar-notice.js';
import type { Job } from './types.js';

// The schedule and the job's name; what it computes and commits is src/method/jobs/calendar-notice.ts.
export { runCalendarNotice };

/** Daily: is next year's holiday arrangement in the work calendar? Managers are told once per year. */
export const calendarNoticeJob: Job = {
  name: 'calendar-notice',
  period: 'day',
  postsToChats: true,
  schedule: (config) => config.SCHEDULE_CALENDAR_NOTICE,
  run: runCalendarNotice,
};
