import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { seedStep3 } from './step3-seed.js';
if (!existsSync('/tmp/proto/db/bench.db')) { mkdirSync('/tmp/proto/db', { recursive: true }); seedStep3('/tmp/proto/db').services.db.$client.close(); }
const db = new Database('/tmp/proto/db/bench.db');
const cache = process.argv[2] ?? '-2000';
db.pragma('cache_size = ' + cache);
function q(name: string, sql: string, ...args: unknown[]) {
  const st = db.prepare(sql);
  const t = performance.now();
  const rows = st.raw().all(...args);
  console.log(name, (performance.now() - t).toFixed(0), 'ms', rows.length);
  if (process.argv[3]) for (const r of db.prepare('EXPLAIN QUERY PLAN ' + sql).all(...args) as any[]) console.log('   ', r.detail);
}
const Q = () => {
q('items30', `SELECT i.* FROM due_items i JOIN customers c ON c.id = i.customer_id WHERE c.region_id = ? AND i.due_date BETWEEN ? AND ?`, 1, '2026-10-27', '2026-11-30');
q('lastpack', `SELECT c.id, max(l.occurred_on) FROM customers c JOIN action_logs l ON l.customer_id = c.id JOIN action_types t ON t.code = l.action_code WHERE c.region_id = ? AND c.stage = 'declining' AND l.status = 'valid' AND t.stage = c.stage GROUP BY c.id`, 1);
q('coll', `SELECT o.customer_id, min(o.date), sum(CASE WHEN o.date BETWEEN ? AND ? THEN o.amount_fen ELSE 0 END), sum(CASE WHEN o.date >= ? THEN o.amount_fen ELSE 0 END) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region_id = ? AND o.kind = 'collection' AND o.date < ? GROUP BY o.customer_id`, '2025-11-26', '2026-02-23', '2026-08-28', 1, '2026-11-26');
q('pack', `SELECT i.customer_id, i.action_code IN ('tech_qa','trial_upgrade','exec_visit','competitor_report','joint_case','annual_review','churn_interview','improvement_proposal','tech_support') AS hq, count(*), sum(i.status = 'done') FROM due_items i JOIN customers c ON c.id = i.customer_id WHERE c.region_id = ? AND i.status != 'cancelled' AND i.due_date >= ? AND i.due_date < ? GROUP BY i.customer_id, hq`, 1, '2026-08-28', '2026-11-26');
};
Q(); console.log('--- again'); Q();
console.log('rss', process.memoryUsage().rss / 2 ** 20, process.resourceUsage().maxRSS / 1024);
