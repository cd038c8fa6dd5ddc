import type { DB } from '../db/client.js';
import type { Services } from '../services.js';

// "Marked done in the same transaction as its effects": while one inbound event is processed, the
// services it is given open every write transaction with the event's done mark inside it. A crash
// therefore either keeps the effects and the mark, or neither (and start-up resumes the event).
// Commands need not know: they write in services.db.transaction(...) as they always did.

export function withDoneMark(services: Services, markDone: () => void): Services {
  const db = services.db;
  const transaction = ((fn: (tx: unknown) => unknown, config?: unknown) =>
    (db.transaction as (f: (tx: unknown) => unknown, c?: unknown) => unknown)((tx) => {
      const out = fn(tx);
      markDone();
      return out;
    }, config)) as DB['transaction'];
  const scoped = new Proxy(db, { get: (target, prop) => (prop === 'transaction' ? transaction : Reflect.get(target, prop)) });
  return { ...services, db: scoped };
}
