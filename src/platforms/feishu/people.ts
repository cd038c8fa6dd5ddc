import type { Profile } from '../../core/ports.js';
import type { FeishuClient } from './client.js';

// Who is this open_id, according to Feishu's directory: contact.v3.user.get (name, department,
// leader_user_id; docs/platforms/feishu.md §5). Binding the person to a member is the application
// layer's job (src/method/people/identities.ts); this only looks the profile up.

interface UserData {
  user?: { name?: string; department_ids?: string[]; leader_user_id?: string };
}

export function createDirectory(client: FeishuClient) {
  async function departmentName(id: string): Promise<string> {
    try {
      const d = await client.request<{ department?: { name?: string } }>(
        'GET',
        `/open-apis/contact/v3/departments/${encodeURIComponent(id)}`,
        { query: { department_id_type: 'open_department_id', user_id_type: 'open_id' } },
      );
      return d.department?.name ?? id;
    } catch {
      return id; // the name is a courtesy for the admin; the id still identifies the department
    }
  }

  /** Throws when the user is outside the app's contact range or the API refuses. */
  async function lookup(openId: string): Promise<Profile> {
    const d = await client.request<UserData>('GET', `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`, {
      query: { user_id_type: 'open_id', department_id_type: 'open_department_id' },
    });
    const u = d.user ?? {};
    const dep = u.department_ids?.[0];
    return { name: u.name?.trim() || null, department: dep ? await departmentName(dep) : null, leaderId: u.leader_user_id || null };
  }

  return { lookup };
}
