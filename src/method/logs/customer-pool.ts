import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { Services } from '../../services.js';

// The customers a chat command matches words against: a member's region, or every customer for an
// admin without one. Reading 100,000 rows cost 1.5-1.8 s of event loop on every /记录 of the step-3
// region, so the pool is kept in services.memo until CustomersRepo.poolVersion() moves: a customer
// inserted or deleted, or its name, aliases, owner, region, stage or baseline changed (migrations
// 0014-0015), by any connection. A log does not move it, but it does move the trigger-kept dates
// (first_collection_on, last_pack_action_on): a kept row's dates may be old, so a command that goes
// on to act on the matched customer reads it again (fresh()).

export const poolKey = (member: Pick<Member, 'regionId'>): string => (member.regionId == null ? 'all' : `region:${member.regionId}`);

export function customerPool(services: Services, member: Pick<Member, 'regionId'>): Customer[] {
  const kept = services.memo.get('customer-pools', () => new Map<string, { version: string; pool: Customer[] }>());
  const key = poolKey(member);
  const version = services.repos.customers.poolVersion();
  const hit = kept.get(key);
  if (hit?.version === version) return hit.pool;
  const { customers } = services.repos;
  const pool = Object.freeze(member.regionId == null ? customers.all() : customers.inRegion(member.regionId)) as Customer[];
  kept.set(key, { version, pool });
  return pool;
}

/** The matched customer as stored now (the pool's copy may carry old trigger-kept dates). */
export const fresh = (services: Services, c: Customer): Customer => services.repos.customers.byId(c.id) ?? c;
