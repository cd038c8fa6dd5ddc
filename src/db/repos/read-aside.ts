import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { DB } from '../client.js';

// Numeric reads on a second connection in a worker thread (readAside), for the region window
// (region-window.repo.ts): better-sqlite3 is synchronous, so this is how its reads use the second
// core. Results cross as Float64Arrays (transferred, not copied).

/**
 * A query whose one result is a JSON array (json_group_array): of numbers when `columns` is 1,
 * else of arrays of `columns` numbers.
 */
export interface NumericQuery {
  sql: string;
  args: unknown[];
  columns: number;
}

/** Rows flattened into one Float64Array (transferable, no per-row objects). Mirrored in WORKER. */
function runNumeric(conn: Database, q: NumericQuery): Float64Array {
  const rows = JSON.parse(
    (conn
      .prepare(q.sql)
      .pluck()
      .get(...q.args) as string | null) ?? '[]',
  ) as number[] | number[][];
  if (q.columns === 1) return Float64Array.from(rows as number[]);
  const flat = new Float64Array(rows.length * q.columns);
  let k = 0;
  for (const r of rows as number[][]) for (let c = 0; c < q.columns; c++) flat[k++] = r[c]!;
  return flat;
}

// runNumeric as plain JS, run by eval: no TypeScript loader is needed, so the worker starts the
// same under tsx, vitest and a build. It always closes its connection and raises the flag.
const WORKER = `
const { workerData: d } = require('node:worker_threads');
let db;
try {
  db = new (require(d.driver))(d.path, { readonly: true, fileMustExist: true });
  const out = d.queries.map((q) => {
    const rows = JSON.parse(db.prepare(q.sql).pluck().get(...q.args) ?? '[]');
    if (q.columns === 1) return Float64Array.from(rows);
    const flat = new Float64Array(rows.length * q.columns);
    let k = 0;
    for (const r of rows) for (let c = 0; c < q.columns; c++) flat[k++] = r[c];
    return flat;
  });
  d.port.postMessage({ out }, out.map((a) => a.buffer));
} catch (e) {
  d.port.postMessage({ error: String((e && e.stack) || e) });
} finally {
  try { if (db) db.close(); } catch {}
  const flag = new Int32Array(d.signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}`;

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
const ASIDE_TIMEOUT_MS = 60_000;

/**
 * Starts read-only numeric queries on a second connection in a worker thread; join() blocks until
 * they are done and returns their rows. better-sqlite3 is synchronous, so this is how a large
 * region's reads use the second core: the caller runs its own queries on the main connection
 * meanwhile (WAL lets both read at once). An in-memory database (no second connection can see it)
 * or one inside a transaction (its writes are not visible elsewhere) runs them here, in join().
 * A worker's error is thrown by join(); join() also ends the worker.
 */
export function readAside(db: DB, queries: NumericQuery[]): () => Float64Array[] {
  const conn = db.$client;
  if (conn.memory || conn.inTransaction) return () => queries.map((q) => runNumeric(conn, q));
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: DRIVER, path: conn.name, queries, signal, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  return () => {
    try {
      if (Atomics.wait(new Int32Array(signal), 0, 0, ASIDE_TIMEOUT_MS) === 'timed-out')
        throw new Error('region window: side reads timed out');
      const msg = receiveMessageOnPort(port1)?.message as { out?: Float64Array[]; error?: string } | undefined;
      if (!msg?.out) throw new Error(`region window: side reads failed: ${msg?.error ?? 'no result'}`);
      return msg.out;
    } finally {
      port1.close();
      void worker.terminate();
    }
  };
}
