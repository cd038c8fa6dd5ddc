import type { Config } from '../config.js';
import type { JobOptions, JobResult } from '../method/jobs/types.js';
import type { Services } from '../services.js';

// A scheduled job declares itself like a command does: a name, when it wakes (from config), the
// period it runs once in, and what it does. A new job is one file plus one line in ./index.ts.

export interface Job {
  name: string;
  /** The node-cron expression it is due at, from the configuration. */
  schedule(config: Config): string;
  /**
   * 'week': due once per ISO week, on the first working day on or after the expression's weekday
   * (a holiday Monday moves it); 'day': once per local date, every day.
   */
  period: 'week' | 'day';
  /** Skips (and catches up on) days that are not working days in services.calendar. */
  workingDaysOnly?: boolean;
  /** Off when this returns false (e.g. the backup without BACKUP_DIR): never due, never woken. */
  enabled?(config: Config): boolean;
  /** A late catch-up is held back outside sending hours; housekeeping has no such limit. */
  postsToChats: boolean;
  run(services: Services, at: Date, opts?: JobOptions): JobResult;
}

export type { JobOptions, JobResult } from '../method/jobs/types.js';
