import type { Services } from '../../services.js';
import type { WecomClient } from './client.js';

// A WeCom userid seen for the first time is looked up in the directory and bound to the team member
// with the same name, as on Feishu. The AI bot's from.userid is the same enterprise userid, so bot
// senders resolve through the app's user/get too (docs/platforms/wecom.md §6).

/** A failed or unmatched look-up is not repeated for this long (user/get is rate-limited per corp). */
const NEGATIVE_TTL_MS = 10 * 60_000;

export interface DirectoryPerson {
  userId: string;
  name: string;
  departmentIds: string[];
  /** direct_leader[0], else the department_leader of the main department (docs/platforms/wecom.md §6). */
  leaderUserId?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function createPeople(services: Services, client: WecomClient) {
  const { members } = services.repos;
  const inflight = new Map<string, Promise<string | undefined>>();
  const recent = new Map<string, { at: number; name?: string }>();

  async function departmentLeader(id: string | undefined): Promise<string | undefined> {
    if (!id) return undefined;
    const r = await client.getDepartment(id);
    const dept = r.department as { department_leader?: unknown } | undefined;
    return strings(dept?.department_leader)[0];
  }

  /** user/get: needs the member inside the app's 可见范围; only leaders in range are returned. */
  async function lookup(userId: string): Promise<DirectoryPerson> {
    const u = await client.getUser(userId);
    const departmentIds = strings(u.department);
    const main = u.main_department !== undefined ? String(u.main_department) : departmentIds[0];
    const leaderUserId = strings(u.direct_leader)[0] ?? (await departmentLeader(main).catch(() => undefined));
    return { userId, name: typeof u.name === 'string' ? u.name : '', departmentIds, leaderUserId };
  }

  /** A member's manager defaults to their WeCom leader, matched by name like anyone else. */
  async function defaultManager(memberId: number, leaderUserId: string | undefined): Promise<void> {
    if (!leaderUserId || members.byId(memberId)?.managerId != null) return;
    let leader = members.byIdentity('wecom', leaderUserId);
    if (!leader) {
      const name = (await lookup(leaderUserId).catch(() => null))?.name;
      const found = name ? members.byName(name) : [];
      if (found.length !== 1 || members.identityOf(found[0]!.id, 'wecom')) return;
      leader = found[0]!;
      members.bindIdentity(leader.id, 'wecom', leaderUserId);
    }
    if (leader.id !== memberId) members.setManagerIfUnset(memberId, leader.id);
  }

  async function resolve(userId: string): Promise<string | undefined> {
    try {
      const person = await lookup(userId);
      const found = person.name ? members.byName(person.name) : [];
      // Bind only on a unique name match whose member has no other WeCom id: WeCom allows two people
      // with one name, and the second must not inherit the first one's role.
      const taken = found.length === 1 && (members.identityOf(found[0]!.id, 'wecom') ?? userId) !== userId;
      if (found.length === 1 && !taken) {
        members.bindIdentity(found[0]!.id, 'wecom', userId);
        services.repos.pendingIdentities.resolve('wecom', userId);
        await defaultManager(found[0]!.id, person.leaderUserId);
      } else {
        services.repos.pendingIdentities.record({
          platform: 'wecom', externalId: userId, name: person.name || null, department: person.departmentIds[0] ?? null,
          leaderExternalId: person.leaderUserId ?? null, reason: taken ? 'conflict' : found.length ? 'ambiguous' : 'missing', seenAt: services.clock.now().getTime(),
        });
        services.log.info({ userId, candidates: found.length }, 'WeCom user not matched to a unique member by name; kept pending for an admin');
      }
      return person.name || undefined;
    } catch (err) {
      services.log.warn({ userId, err: (err as Error).message }, 'WeCom directory look-up failed; check the app\'s visible range and trusted IP');
      return undefined;
    }
  }

  /** Makes sure a first-seen userid is bound if possible; returns the display name when known. */
  async function ensure(userId: string): Promise<string | undefined> {
    const bound = members.byIdentity('wecom', userId);
    if (bound) return bound.name;
    const now = services.clock.now().getTime();
    const hit = recent.get(userId);
    if (hit && now - hit.at < NEGATIVE_TTL_MS) return hit.name;
    let p = inflight.get(userId);
    if (!p) {
      // Single flight: a retried delivery of the same message does not look the person up twice.
      p = resolve(userId).then((name) => { recent.set(userId, { at: now, name }); return name; }).finally(() => inflight.delete(userId));
      inflight.set(userId, p);
    }
    return p;
  }

  return { ensure, lookup };
}

export type People = ReturnType<typeof createPeople>;
