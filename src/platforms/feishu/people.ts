import { text, type Reply } from '../../core/reply.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { PendingReason } from '../../db/repos/pending-identities.repo.js';
import type { Services } from '../../services.js';
import type { FeishuClient } from './client.js';

// Who is this open_id? Resolved before the router runs, so the router finds the member by
// identity. First sight: contact.v3.user.get (name, department, leader_user_id; docs/platforms/feishu.md §5),
// then an exact, unique name match. Anything else is kept pending for an admin.

/** Re-read the directory for a pending person at most this often; in between, re-match the stored name. */
const PENDING_RECHECK_MS = 24 * 3600 * 1000;

export interface Profile {
  name: string | null;
  department: string | null;
  leaderId: string | null;
}

export type Resolution = { kind: 'member'; member: Member } | { kind: 'pending'; reply: Reply };

interface UserData { user?: { name?: string; department_ids?: string[]; leader_user_id?: string } }

export function createPeople(services: Services, client: FeishuClient) {
  const repos = services.repos;
  const pending = services.repos.pendingIdentities;

  async function departmentName(id: string): Promise<string> {
    try {
      const d = await client.request<{ department?: { name?: string } }>('GET', `/open-apis/contact/v3/departments/${encodeURIComponent(id)}`,
        { query: { department_id_type: 'open_department_id', user_id_type: 'open_id' } });
      return d.department?.name ?? id;
    } catch {
      return id; // the name is a courtesy for the admin; the id still identifies the department
    }
  }

  /** null when the user is outside the app's contact range or the API refuses. */
  async function lookup(openId: string): Promise<Profile | null> {
    try {
      const d = await client.request<UserData>('GET', `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`,
        { query: { user_id_type: 'open_id', department_id_type: 'open_department_id' } });
      const u = d.user ?? {};
      const dep = u.department_ids?.[0];
      return { name: u.name?.trim() || null, department: dep ? await departmentName(dep) : null, leaderId: u.leader_user_id || null };
    } catch (err) {
      services.log.warn({ err: (err as Error).message }, 'Feishu user lookup failed: check contact scopes and the contact data range');
      return null;
    }
  }

  /** The unique member with this name who has no other Feishu identity, or why not. */
  function match(openId: string, name: string | null): Member | Exclude<PendingReason, 'lookup_failed'> {
    if (!name) return 'missing';
    const found = repos.members.byName(name);
    if (found.length === 0) return 'missing';
    if (found.length > 1) return 'ambiguous';
    const bound = repos.members.identityOf(found[0]!.id, 'feishu');
    return bound && bound !== openId ? 'conflict' : found[0]!;
  }

  function setManagerIfUnset(memberId: number, managerId: number): void {
    services.repos.members.setManagerIfUnset(memberId, managerId);
  }

  /** A member's manager defaults to their Feishu leader (leader_user_id) when not set. */
  async function defaultManager(member: Member, leaderId: string | null): Promise<void> {
    if (member.managerId != null || !leaderId) return;
    let leader = repos.members.byIdentity('feishu', leaderId);
    if (!leader) {
      const m = match(leaderId, (await lookup(leaderId))?.name ?? null);
      if (typeof m === 'string') return;
      repos.members.bindIdentity(m.id, 'feishu', leaderId);
      leader = m;
    }
    if (leader.id !== member.id) setManagerIfUnset(member.id, leader.id);
  }

  /** seen_at is when the directory was last read, so the recheck interval holds however often they write. */
  async function profileOf(openId: string): Promise<{ profile: Profile | null; readAt: number }> {
    const row = pending.get('feishu', openId);
    if (row && services.clock.now().getTime() - row.seenAt < PENDING_RECHECK_MS && row.reason !== 'lookup_failed') {
      return { profile: { name: row.name, department: row.department, leaderId: row.leaderExternalId }, readAt: row.seenAt };
    }
    return { profile: await lookup(openId), readAt: services.clock.now().getTime() };
  }

  async function resolve(openId: string): Promise<Resolution> {
    const known = repos.members.byIdentity('feishu', openId);
    if (known) return { kind: 'member', member: known };
    const { profile, readAt } = await profileOf(openId);
    const m = profile ? match(openId, profile.name) : 'lookup_failed';
    if (typeof m !== 'string') {
      repos.members.bindIdentity(m.id, 'feishu', openId);
      pending.resolve('feishu', openId);
      await defaultManager(m, profile?.leaderId ?? null);
      return { kind: 'member', member: repos.members.byId(m.id) ?? m };
    }
    pending.record({
      platform: 'feishu', externalId: openId, reason: m, seenAt: readAt,
      name: profile?.name ?? null, department: profile?.department ?? null, leaderExternalId: profile?.leaderId ?? null,
    });
    return { kind: 'pending', reply: pendingReply(m, profile?.name ?? null) };
  }

  return { resolve, lookup };
}

export function pendingReply(reason: PendingReason, name: string | null): Reply {
  const who = name ? `${name}，` : '';
  const tail = '已登记给管理员，确认后会把你加入作战室的成员名单，之后重新发送即可。也可以直接联系区域主管或管理员处理。';
  switch (reason) {
    case 'ambiguous': return text(`${who}成员名单里有不止一位叫「${name}」的成员，无法自动确认你是哪一位。${tail}`);
    case 'conflict': return text(`${who}成员名单里的「${name}」已绑定了另一个飞书账号，无法自动绑定你的账号。${tail}`);
    case 'lookup_failed': return text(`${who}暂时无法从飞书通讯录读取你的姓名（请管理员检查应用的通讯录权限范围），所以还不能在成员名单里找到你。${tail}`);
    default: return text(`${who}你还不在作战室的成员名单里（按飞书姓名没有找到同名成员），暂时不能使用命令。${tail}`);
  }
}
