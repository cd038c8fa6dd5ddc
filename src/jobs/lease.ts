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
