import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ConfigError, loadConfigWith } from '../config.js';
import { backupTo } from '../db/backup.js';

// npm run backup -- <file>
// A consistent copy of DATABASE_PATH through SQLite's online backup, safe while the service runs
// (docs/operations.md "Backups"). Restore it with npm run restore -- <file>.

const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!file) {
  console.error('用法：npm run backup -- <备份文件，例如 backups/warroom-2026-11-26.db>');
  process.exit(2);
}
let path: string;
try {
  path = loadConfigWith({ LOG_LEVEL: 'warn' }).DATABASE_PATH;
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(2);
}
if (!existsSync(path)) {
  console.error(`找不到数据库 DATABASE_PATH=${path}：请检查路径，或先启动一次服务创建它。`);
  process.exit(1);
}
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
  const r = await backupTo(db, file);
  console.log(`已备份 ${path} → ${r.file}（${(r.bytes / 1024 / 1024).toFixed(1)} MB）。恢复：npm run restore -- ${file}`);
} catch (err) {
  console.error(`备份失败（DATABASE_PATH=${path} → ${file}）：${(err as Error).message}。请检查目标文件夹可写、磁盘有空间。`);
  process.exitCode = 1;
} finally {
  db.close();
}
