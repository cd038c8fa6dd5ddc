import type { Profile } from '../../core/ports.js';
import type { WecomClient } from './client.js';

// Who is this WeCom userid, according to the directory (user/get, then the main department's
// leader; docs/platforms/wecom.md §6). The AI bot's from.userid is the same enterprise userid, so bot
// senders are looked up through the app too. Binding the person to a member is the application
// layer's job (src/method/people/identities.ts); this only looks the profile up.

export interface DirectoryPerson {
  userId: string;
  name: string;
  departmentIds: string[];
  /** direct_leader[0], else the department_leader of the main department (docs/platforms/wecom.md §6). */
  leaderUserId?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function createDirectory(client: WecomClient) {
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

  /** The neutral profile the application layer binds with; throws when the look-up fails. */
  async function profile(userId: string): Promise<Profile> {
    const p = await lookup(userId);
    return { name: p.name || null, department: p.departmentIds[0] ?? null, leaderId: p.leaderUserId ?? null };
  }

  return { lookup, profile };
}

export type Directory = ReturnType<typeof createDirectory>;
