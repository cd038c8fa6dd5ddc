import { type Reply, toPlainText } from '../core/reply.js';
import type { OutboxRow } from '../db/repos/outbox.repo.js';

/** Outbox rows for operators: key, state, attempts, target, last error, then the text. */
export function printRows(rows: OutboxRow[]): void {
  for (const r of rows) {
    const err = r.lastError ? `  最近错误：${r.lastError}` : '';
    console.log(
      `#${r.id}  ${r.state.padEnd(7)}  尝试 ${r.attempts} 次  ${r.idempotencyKey}  → ${r.platform} ${r.targetKind} ${r.targetId}${err}`,
    );
    const body = toPlainText(JSON.parse(r.payloadJson) as Reply);
    console.log(
      body
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n'),
    );
    console.log('');
  }
}
