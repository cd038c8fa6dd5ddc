// What a scheduled job's body returns (src/method/jobs/). The front door (src/jobs/) owns the
// schedule, the lease and the catch-up; the body computes, then records the run and its outbox rows.

export interface JobResult {
  job: string;
  /** The period the run is for: an ISO week such as '2026-W48', or a date for a daily job. */
  period: string;
  /** done: recorded now; already: this period ran before; skipped: nothing to do this period. */
  status: 'done' | 'already' | 'skipped';
  late: boolean;
  /** Keys written to the outbox by this run (a key already present is not written again). */
  enqueued: string[];
  /** zh-CN summary for operators (`npm run job`). */
  summary: string;
  /** Work the run started and that goes on after it returns (the backup's copy); `npm run job` awaits it. */
  pending?: Promise<void>;
}

export interface JobOptions {
  /** A catch-up run after downtime. */
  late?: boolean;
}
