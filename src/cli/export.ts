import { EXPORT_KINDS, type ExportKind, exportTables } from '../method/excel/export.js';
import { writeTables } from '../method/excel/workbook.js';
import { bootServices } from './boot.js';

// npm run export -- <data|board|maps|targets|logs> <file.xlsx|file.csv>
// .csv writes CSV with a byte-order mark (one file per sheet when the export has several).

const [kind, file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!kind || !file || !(EXPORT_KINDS as readonly string[]).includes(kind)) {
  console.error(`用法：npm run export -- <${EXPORT_KINDS.join('|')}> <文件.xlsx 或 文件.csv>`);
  process.exit(2);
}

const services = bootServices();
const tables = exportTables(services, kind as ExportKind);
const written = await writeTables(file, tables);
for (const t of tables) console.log(`${t.name}：${t.rows.length} 行`);
console.log(`已写入 ${written.join('、')}`);
services.db.$client.close();
