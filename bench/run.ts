import { spawnSync } from 'node:child_process';

// npm run bench [-- <section>] — every speed and memory target lives here, never in unit tests.
// Each section runs on loopback with bounded work, in its own process, so one section's memory
// (RSS targets) is not charged to the next.

const sections: Record<string, () => Promise<string>> = {
  console: async () => (await import('./console.js')).benchConsole(),
  feishu: async () => (await import('./feishu.js')).benchFeishu(),
  wecom: async () => (await import('./wecom.js')).benchWecom(),
  step12: async () => (await import('./method-step12.js')).benchStep12(),
  step3: async () => (await import('./method-step3.js')).benchStep3(),
  acks: async () => (await import('./acks.js')).benchAcks(),
  fanout: async () => (await import('./fanout.js')).benchFanout(),
  dashboard: async () => (await import('./dashboard.js')).benchDashboard(),
  stall: async () => (await import('./stall.js')).benchStall(),
};

const only = process.argv[2];
if (only) {
  const run = sections[only];
  if (!run) {
    console.error(`unknown section "${only}"; one of: ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  console.log(await run());
  // A section may leave heavy-worker jobs queued (the fan-out's calibrations): the figures are printed, so end.
  process.exit(0);
} else {
  let failed = 0;
  for (const name of Object.keys(sections)) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
    console.log('');
  }
  process.exit(failed ? 1 : 0);
}
