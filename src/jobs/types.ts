import type { Platform } from '../core/events.js';
import type { Reply } from '../core/reply.js';
import type { SendTarget } from '../platforms/types.js';

export const JOB_NAMES = ['weekly-report', 'warnings', 'reminders', 'prune'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(s: string): s is JobName {
  return (JOB_NAMES as readonly string[]).includes(s);
}

/** A message a job wants sent; it becomes one outbox row. */
export interface OutMessage {
  /** e.g. weekly-report:1:2026-W48:feishu; the platform uses it to drop a duplicate send. */
  key: string;
  platform: Platform;
  target: SendTarget;
  reply: Reply;
}

export interface JobResult {
  job: JobName;
  /** The period the run is for: an ISO week such as '2026-W48', or a date for the prune. */
  period: string;
  /** done: recorded now; already: this period ran before; skipped: nothing to do this period. */
  status: 'done' | 'already' | 'skipped';
  late: boolean;
  /** Keys written to the outbox by this run (a key already present is not written again). */
  enqueued: string[];
  /** zh-CN summary for operators (`npm run job`). */
  summary: string;
}

export interface JobOptions {
  /** A catch-up run after downtime. */
  late?: boolean;
}
