import type { Platform } from '../../core/events.js';
import type { Identity, IdentityPort, Profile, ProfileLookup } from '../../core/ports.js';
import { type Reply, text } from '../../core/reply.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { PendingReason } from '../../db/repos/pending-identities.repo.js';
import type { Services } from '../../services.js';

// Who is this platform user? Written once for every platform: the adapter only looks a profile up
// in its directory (Feishu contact.v3.user.get, docs/platforms/feishu.md §5; WeCom user/get,
// docs/platforms/wecom.md §6). A unique name match binds the user; the directory leader becomes the
// manager when they are a member; anyone else is kept pending for an admin. The pending row is the
// one cache (in SQLite, so every instance shares it): its profile is re-matched without another
// directory call until it is due for a re-read.

/** A matched-but-unbound person's directory entry is re-read at most this often. */
const PENDING_RECHECK_MS = 24 * 3600 * 1000;
/** A failed look-up is not repeated sooner (directory APIs are rate-limited per app/corp). */
const LOOKUP_RETRY_MS = 10 * 60_000;

const PLATFORM_NAMES: Record<Platform, string> = { feishu: '飞书', wecom: '企业微信', console: '控制台' };

export function createIdentities(services: Services): IdentityPort {
  const { members, pendingIdentities: pending } = services.repos;
  const now = () => services.clock.now().getTime();
  // Single flight: a retried delivery of the same message does not look the person up twice.
  const inflight = new Map<string, Promise<Identity>>();

  /** The unique member with this name who has no other identity on this platform, or why not. */
  function match(platform: Platform, userId: string, name: string | null): Member | Exclude<PendingReason, 'lookup_failed'> {
    if (!name) return 'missing';
    const found = members.byName(name);
    if (found.length === 0) return 'missing';
    if (found.length > 1) return 'ambiguous';
    const bound = members.identityOf(found[0]!.id, platform);
    // Two people may share a name: the second must not inherit the first one's role.
    return bound && bound !== userId ? 'conflict' : found[0]!;
  }

  /** A member's manager defaults to their directory leader, matched by name like anyone else. */
  async function defaultManager(platform: Platform, member: Member, leaderId: string | null, lookup: ProfileLookup): Promise<void> {
    if (member.managerId != null || !leaderId) return;
    let leader = members.byIdentity(platform, leaderId);
    if (!leader) {
      const profile = await lookup(leaderId).catch(() => null);
      const m = match(platform, leaderId, profile?.name ?? null);
      if (typeof m === 'string') return;
      members.bindIdentity(m.id, platform, leaderId);
      leader = m;
    }
    if (leader.id !== member.id) members.setManagerIfUnset(member.id, leader.id);
  }

  /** The stored profile while it is fresh, else a directory read; readAt is when the directory was read. */
  async function profileOf(
    platform: Platform,
    userId: string,
    lookup: ProfileLookup,
  ): Promise<{ profile: Profile | null; readAt: number }> {
    const row = pending.get(platform, userId);
    const age = row ? now() - row.seenAt : Infinity;
    if (row && row.reason !== 'lookup_failed' && age < PENDING_RECHECK_MS) {
      return { profile: { name: row.name, department: row.department, leaderId: row.leaderExternalId }, readAt: row.seenAt };
    }
    if (row && row.reason === 'lookup_failed' && age < LOOKUP_RETRY_MS) return { profile: null, readAt: row.seenAt };
    const profile = await lookup(userId).catch((err: unknown) => {
      services.log.warn(
        { platform, err: (err as Error).message },
        "directory look-up failed: check the app's contact range / visible range",
      );
      return null;
    });
    return { profile, readAt: now() };
  }

  async function bind(platform: Platform, userId: string, lookup: ProfileLookup): Promise<Identity> {
    const { profile, readAt } = await profileOf(platform, userId, lookup);
    const m = profile ? match(platform, userId, profile.name) : 'lookup_failed';
    if (typeof m !== 'string') {
      members.bindIdentity(m.id, platform, userId);
      pending.resolve(platform, userId);
      await defaultManager(platform, m, profile?.leaderId ?? null, lookup);
      return { kind: 'member', name: m.name };
    }
    pending.record({
      platform,
      externalId: userId,
      reason: m,
      seenAt: readAt,
      name: profile?.name ?? null,
      department: profile?.department ?? null,
      leaderExternalId: profile?.leaderId ?? null,
    });
    services.log.info({ platform, reason: m }, 'platform user not matched to a unique member by name; kept pending for an admin');
    return { kind: 'pending', reply: pendingReply(platform, m, profile?.name ?? null) };
  }

  async function resolve(platform: Platform, userId: string, lookup: ProfileLookup): Promise<Identity> {
    const known = members.byIdentity(platform, userId);
    if (known) return { kind: 'member', name: known.name };
    const key = `${platform}:${userId}`;
    let p = inflight.get(key);
    if (!p) {
      p = bind(platform, userId, lookup).finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    return p;
  }

  function bindByName(platform: Platform, userId: string, name: string): void {
    if (members.byIdentity(platform, userId)) return;
    const found = members.byName(name);
    if (found.length === 1) members.bindIdentity(found[0]!.id, platform, userId);
  }

  return { resolve, bindByName, roster: () => members.all().map((m) => ({ name: m.name, role: m.role })) };
}

export function pendingReply(platform: Platform, reason: PendingReason, name: string | null): Reply {
  const who = name ? `${name}，` : '';
  const p = PLATFORM_NAMES[platform];
  const tail = '已登记给管理员，确认后会把你加入作战室的成员名单，之后重新发送即可。也可以直接联系区域主管或管理员处理。';
  switch (reason) {
    case 'ambiguous':
      return text(`${who}成员名单里有不止一位叫「${name}」的成员，无法自动确认你是哪一位。${tail}`);
    case 'conflict':
      return text(`${who}成员名单里的「${name}」已绑定了另一个${p}账号，无法自动绑定你的账号。${tail}`);
    case 'lookup_failed':
      return text(`${who}暂时无法从${p}通讯录读取你的姓名（请管理员检查应用的通讯录权限范围），所以还不能在成员名单里找到你。${tail}`);
    default:
      return text(`${who}你还不在作战室的成员名单里（按${p}姓名没有找到同名成员），暂时不能使用命令。${tail}`);
  }
}
