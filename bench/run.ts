import { benchConsole } from './console.js';
import { benchFeishu } from './feishu.js';
import { benchWecom } from './wecom.js';
import { benchStep3 } from './method-step3.js';
import { benchStep12 } from './method-step12.js';

// npm run bench — every speed and memory target lives here, never in unit tests.
// Each section runs on loopback with a bounded number of requests.

const sections: Array<[string, () => Promise<string>]> = [
  ['console', () => benchConsole()],
  ['feishu', () => benchFeishu()],
  ['wecom', () => benchWecom()],
  ['step3', () => benchStep3()],
  ['step12', () => benchStep12()],
];
const only = process.argv[2];
for (const [name, run] of sections) {
  if (only && only !== name) continue;
  console.log(await run());
  console.log('');
}
