import { INBOUND_RETENTION_MS, runPrune, SENT_RETENTION_MS } from '../method/jobs/prune.js';
import type { Job } from './types.js';

// The schedule and the job's name; what it deletes, refreshes and hands to the heavy worker is
// src/method/jobs/prune.ts (it runs on the main thread: it only records the run and starts the worker).
export { INBOUND_RETENTION_MS, runPrune, SENT_RETENTION_MS };

export const pruneJob: Job = {
  name: 'prune',
  period: 'day',
  postsToChats: false,
  schedule: (config) => config.SCHEDULE_PRUNE,
  run: runPrune,
};
