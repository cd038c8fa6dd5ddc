import { configuredAdapters } from '../adapters.js';
import { buildApp } from '../app.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { JOB_NAMES, jobNamed } from '../jobs/index.js';
import { runJob } from '../jobs/runner.js';
import { deliverDue } from '../method/delivery/outbox.js';
import type { Services } from '../services.js';
import { bootServices, flag } from './boot.js';
import { printRows } from './outbox-print.js';

// npm run job -- <weekly-report|warnings|reminders|prune> [--at <ISO time>]
// Runs one job now (or as if at that time) through the same outbox as the scheduler: still once per
// period. When a server is running on this database it delivers within seconds (and the console
// page shows it); otherwise this process delivers and prints what was sent.

const argv = process.argv.slice(2);
const name = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--at');
const at = flag(argv, 'at');
if (!name || !jobNamed(name) || (at !== undefined && Number.isNaN(Date.parse(at)))) {
  console.error(`用法：npm run job -- <${JOB_NAMES.join('|')}> [--at 2026-11-23T09:07:00+08:00]`);
  process.exit(2);
}

async function serverRunning(services: Services): Promise<boolean> {
  const host = services.config.HOST === '0.0.0.0' ? '127.0.0.1' : services.config.HOST;
  try {
    const res = await fetch(`http://${host}:${services.config.PORT}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

const services = bootServices({ at });
if (services.config.localMode || services.config.WARROOM_DEMO) seedDemoIfEmpty(services);
const result = runJob(services, name, services.clock.now());
await result.pending;
console.log(`${result.job} ${result.period}：${result.summary}${result.late ? '（补发）' : ''}`);
if (result.enqueued.length > 0) {
  if (await serverRunning(services)) {
    console.log('正在运行的服务会在 10 秒内发送这些消息（本地模式下在控制台页面可见）。用 npm run outbox 查看状态。');
  } else {
    // With the configured platforms, or Feishu and WeCom rows would stay pending until a server sends them.
    const { app, adapters } = await buildApp(services, configuredAdapters(services.config));
    const stats = await deliverDue(services, adapters);
    await app.close();
    console.log(`发送：成功 ${stats.sent}，待重试 ${stats.retrying}，失败 ${stats.failed}\n`);
    printRows(result.enqueued.map((k) => services.repos.outbox.byKey(k)).filter((r) => r !== null));
  }
}
services.db.$client.close();
