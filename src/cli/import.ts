import { readFile } from 'node:fs/promises';
import { formatReport, importXlsx } from '../method/excel/import.js';
import { bootServices } from './boot.js';

// npm run import -- <file.xlsx> [--dry-run]
// Exit status: 0 imported (or a clean dry run), 1 the file has problems (nothing written), 2 usage.

const argv = process.argv.slice(2);
const dryRun = argv.includes('--dry-run');
const file = argv.find((a) => !a.startsWith('--'));
if (!file) {
  console.error(
    '用法：npm run import -- <文件.xlsx> [--dry-run]\n工作表：成员、客户、订单、阶段历史、动作记录（表头见 docs/user-guide.md "Excel import and export"，或在看板下载模板）',
  );
  process.exit(2);
}

let buf: Buffer;
try {
  buf = await readFile(file);
} catch (err) {
  console.error(`无法读取文件 ${file}：${(err as Error).message}`);
  process.exit(2);
}
const services = bootServices();
const report = await importXlsx(services, buf, { dryRun, onProgress: (line) => console.error(line) });
console.log(formatReport(report));
services.db.$client.close();
process.exit(report.ok ? 0 : 1);
