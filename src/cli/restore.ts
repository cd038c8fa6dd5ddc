import { ConfigError, loadConfigWith } from '../config.js';
import { checkBackup, restoreFrom, serverOn } from '../db/backup.js';

// npm run restore -- <file>
// Replaces DATABASE_PATH with a backup after checking it (integrity_check, and a schema this build
// knows). Refused while a server runs on the database: stop it first (docs/operations.md "Backups").

const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!file) {
  console.error('用法：npm run restore -- <备份文件>（先停止服务）');
  process.exit(2);
}
let path: string;
try {
  path = loadConfigWith({ LOG_LEVEL: 'warn' }).DATABASE_PATH;
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(2);
}
const pid = serverOn(path);
if (pid !== null) {
  console.error(`拒绝恢复：作战室服务（进程 ${pid}）正在使用 DATABASE_PATH=${path}。请先停止服务，再运行 npm run restore -- ${file}。`);
  process.exit(1);
}
const problems = checkBackup(file);
if (problems.length > 0) {
  console.error(`拒绝恢复 ${file}：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const { kept } = restoreFrom(file, path, stamp);
console.log(
  `已用 ${file} 恢复 DATABASE_PATH=${path}（integrity_check 通过）。${kept ? `原数据库保留为 ${kept}。` : ''}启动服务时会应用新的迁移。`,
);
