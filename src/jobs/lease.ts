import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Services } from '../services.js';

// A lease in SQLite (job_leases) so that two instances on one database never run the same job at
// once. The run itself is one short synchronous transaction; the TTL only matters when a holder
// dies, and then the other instance takes over after it.

export const LEASE_TTL_MS = 5 * 60_000;

/** A per-process id: host, pid and a random part (two processes may share a pid across hosts). */
export function instanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Runs fn while holding the named lease; returns null without running when another holder has it. */
export function withLease<T>(services: Services, name: string, holder: string, fn: () => T): T | null {
  const { leases } = services.repos;
  if (!leases.acquire(name, holder, services.clock.now().getTime(), LEASE_TTL_MS)) return null;
  try {
    return fn();
  } finally {
    leases.release(name, holder);
  }
}

/**
 * The same for work that ends later (a job's body in the heavy worker): the lease is held until fn
 * settles and renewed meanwhile, so the other instance does not start a second copy of a long run
 * (if it did, the job_runs record would still keep the run to one).
 */
export async function withLeaseWhile<T>(services: Services, name: string, holder: string, fn: () => Promise<T>): Promise<T | null> {
  const { leases } = services.repos;
  const take = () => leases.acquire(name, holder, services.clock.now().getTime(), LEASE_TTL_MS);
  if (!take()) return null;
  const renew = setInterval(() => {
    try {
      take();
    } catch (err) {
      services.log.warn({ err, lease: name }, 'lease renewal failed; the next one tries again');
    }
  }, LEASE_TTL_MS / 3);
  renew.unref();
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    leases.release(name, holder);
  }
}
