import type { Reply } from '../../core/reply.js';
import type { Services } from '../../services.js';
import { enqueue } from './outbox.js';
import { memberDm } from './recipients.js';

// Private messages from commands (a review card to the manager, the answer back to the rep) go
// through the jobs outbox, so they are sent, retried and deduplicated like every proactive message.
// Call inside the command's transaction: the request row and its message are written together.

/** Queues a DM; false when the member is not known on any configured platform (the caller says so). */
export function notifyMember(services: Services, memberId: number, reply: Reply, key: string): boolean {
  const dm = memberDm(services, memberId);
  if (!dm) return false;
  enqueue(services, [{ key: `${key}:${dm.platform}`, platform: dm.platform, target: dm.target, reply }], services.clock.now());
  return true;
}

/** The rep's manager, else the first manager of the region: who reviews stages and lowered frequencies. */
export function reviewerOf(services: Services, rep: { managerId: number | null; regionId: number | null }): number | null {
  if (rep.managerId != null) return rep.managerId;
  if (rep.regionId == null) return null;
  return services.repos.members.inRegion(rep.regionId).find((m) => m.role === 'manager')?.id ?? null;
}
