import { runBackup } from '../method/jobs/backup.js';
import type { Job } from './types.js';

// The schedule and the job's name; the nightly copy is src/method/jobs/backup.ts (it runs on the main
// thread: it records the run and starts the online backup, which goes on asynchronously).
export { runBackup };

export const backupJob: Job = {
  name: 'backup',
  schedule: (config) => config.SCHEDULE_BACKUP,
  period: 'day',
  enabled: (config) => !!config.BACKUP_DIR,
  postsToChats: false,
  run: runBackup,
};
