import { benchConsole } from './console.js';

// npm run bench — every speed and memory target lives here, never in unit tests.
// Each section runs on loopback with a bounded number of requests.

const sections: Array<[string, () => Promise<string>]> = [['console', () => benchConsole()]];
const only = process.argv[2];
for (const [name, run] of sections) {
  if (only && only !== name) continue;
  console.log(await run());
  console.log('');
}
