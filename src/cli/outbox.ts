import type { OutboxState } from '../db/repos/outbox.repo.js';
import { bootServices, flag } from './boot.js';
import { printRows } from './outbox-print.js';

// npm run outbox [-- --state pending|sent|failed] [--limit 50]
// Lists proactive messages, newest first: idempotency key, state, attempts, target and text.

const STATES: OutboxState[] = ['pending', 'sent', 'failed'];

const argv = process.argv.slice(2);
const state = flag(argv, 'state');
if (state !== undefined && !STATES.includes(state as OutboxState)) {
  console.error(`用法：npm run outbox -- [--state ${STATES.join('|')}] [--limit 50]`);
  process.exit(2);
}
const services = bootServices();
const counts = services.repos.outbox.countByState();
console.log(`发件箱（${services.config.DATABASE_PATH}）：待发送 ${counts.pending}，已发送 ${counts.sent}，失败 ${counts.failed}\n`);
printRows(services.repos.outbox.list({ state: state as OutboxState | undefined, limit: Number(flag(argv, 'limit') ?? 50) }));
services.db.$client.close();
