import { buildApp } from '../app.js';
import { loadConfigWith } from '../config.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { bootServices, flag } from './boot.js';

// npm run chat -- --as 小李 "/log 现场回访 华东重工"
// Talks to a running server (WARROOM_URL, default http://127.0.0.1:$PORT); when none answers, runs
// the same app in-process on DATABASE_PATH. Either way the request is POST /console/messages.

const argv = process.argv.slice(2);
const as = flag(argv, 'as');
const text = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--as' && argv[i - 1] !== '--url').join(' ');
if (!as || !text) {
  console.error('用法：npm run chat -- --as 小李 "/log 现场回访 华东重工"');
  process.exit(2);
}
const config = loadConfigWith({ LOG_LEVEL: 'warn' });
const base = flag(argv, 'url') ?? `http://127.0.0.1:${config.PORT}`;
// A console behind CONSOLE_TOKEN needs it on every request (docs/security.md).
const auth: Record<string, string> = config.CONSOLE_TOKEN ? { 'x-console-token': config.CONSOLE_TOKEN } : {};

async function viaServer(): Promise<unknown | null> {
  try {
    const res = await fetch(`${base}/console/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ as, text }),
    });
    return await res.json();
  } catch {
    return null;
  }
}

async function inProcess(): Promise<unknown> {
  const services = bootServices({ overrides: { CONSOLE_ENABLED: 'true' } });
  seedDemoIfEmpty(services);
  const { app } = await buildApp(services);
  const res = await app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } });
  await app.close();
  return res.json();
}

const out = ((await viaServer()) ?? (await inProcess())) as { replies?: Array<{ text: string }>; error?: string };
if (out.error) {
  console.error(out.error);
  process.exit(1);
}
for (const r of out.replies ?? []) console.log(`${r.text}\n`);
