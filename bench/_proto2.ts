import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
const db = new Database('/tmp/proto/db/bench.db');
let t = performance.now();
db.exec(`CREATE INDEX IF NOT EXISTS due_items_customer_due_idx ON due_items (customer_id, due_date, status, action_code)`);
console.log('index', (performance.now() - t).toFixed(0));
db.exec('ANALYZE');
function q(name: string, sql: string, ...args: unknown[]) {
  const st = db.prepare(sql);
  const t = performance.now();
  const rows = st.raw().all(...args);
  console.log(name, (performance.now() - t).toFixed(0), 'ms', rows.length);
  if (process.argv[2]) for (const r of db.prepare('EXPLAIN QUERY PLAN ' + sql).all(...args) as any[]) console.log('   ', r.detail);
}
const HQ = `('tech_qa','trial_upgrade','exec_visit','competitor_report','joint_case','annual_review','churn_interview','improvement_proposal','tech_support')`;
const Q = () => {
q('overdue', `SELECT i.* FROM customers c JOIN due_items i ON i.customer_id = c.id WHERE c.region_id = ? AND i.status = 'open' AND i.due_date BETWEEN ? AND ?`, 1, '2026-10-27', '2026-11-25');
q('week', `SELECT i.* FROM customers c JOIN due_items i ON i.customer_id = c.id WHERE c.region_id = ? AND i.due_date BETWEEN ? AND ?`, 1, '2026-11-16', '2026-11-22');
q('lastpack', `SELECT c.id, (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code WHERE l.customer_id = c.id AND l.status = 'valid' AND t.stage = c.stage ORDER BY l.occurred_on DESC LIMIT 1) FROM customers c WHERE c.region_id = ? AND c.stage = 'declining'`, 1);
q('coll', `SELECT o.customer_id, min(o.date), sum(CASE WHEN o.date BETWEEN ? AND ? THEN o.amount_fen ELSE 0 END), sum(CASE WHEN o.date >= ? THEN o.amount_fen ELSE 0 END) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region_id = ? AND o.kind = 'collection' AND o.date < ? GROUP BY o.customer_id`, '2025-11-26', '2026-02-23', '2026-08-28', 1, '2026-11-26');
q('coll2', `SELECT c.id,
  (SELECT min(date) FROM orders WHERE customer_id = c.id AND kind = 'collection' AND date < ?4),
  (SELECT sum(amount_fen) FROM orders WHERE customer_id = c.id AND kind = 'collection' AND date BETWEEN ?1 AND ?2),
  (SELECT sum(amount_fen) FROM orders WHERE customer_id = c.id AND kind = 'collection' AND date >= ?3 AND date < ?4)
  FROM customers c WHERE c.region_id = ?5`, '2025-11-26', '2026-02-23', '2026-08-28', '2026-11-26', 1);
q('pack', `SELECT i.customer_id, sum(i.action_code IN ${HQ}), sum(i.action_code IN ${HQ} AND i.status = 'done'), sum(i.action_code NOT IN ${HQ}), sum(i.action_code NOT IN ${HQ} AND i.status = 'done') FROM customers c JOIN due_items i ON i.customer_id = c.id WHERE c.region_id = ? AND i.status != 'cancelled' AND i.due_date >= ? AND i.due_date < ? GROUP BY i.customer_id`, 1, '2026-08-28', '2026-11-26');
};
Q(); console.log('--- again'); Q();
console.log('rss', process.memoryUsage().rss / 2 ** 20, process.resourceUsage().maxRSS / 1024);
