import { describe, expect, it } from 'vitest';
import { memberIdentities, members, regions } from '../../src/db/schema.js';
import { chatApp } from '../helpers/method-chat.js';
import { seedSmallTeam } from '../helpers/team.js';

/** The small team plus 华南区 with its manager 李经理, and an admin without a region. */
async function setup() {
  const t = await chatApp((s) => {
    const team = seedSmallTeam(s);
    const south = s.db.insert(regions).values({ name: '华南区', weightsJson: '{}' }).returning().get();
    for (const [name, role, regionId] of [
      ['李经理', 'manager', south.id],
      ['管理员甲', 'admin', null],
    ] as const) {
      const m = s.db.insert(members).values({ name, role, regionId }).returning().get();
      s.db.insert(memberIdentities).values({ memberId: m.id, platform: 'console', externalId: name }).run();
    }
    return { ...team, south };
  });
  const inGroup = async (as: string, text: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text, chat: 'group' } });
    return (res.json() as { replies: Array<{ text: string }> }).replies[0]!.text;
  };
  const boundTo = () => t.services.repos.regions.regionOfChat('console', 'console-group')?.name ?? null;
  return { ...t, inGroup, boundTo };
}

describe('/bind in a group already bound to another region', () => {
  it('a manager of another region is refused, told whose group it is and who can change it', async () => {
    const t = await setup();
    t.services.db.$client.prepare('DELETE FROM region_chats').run();
    expect(await t.inGroup('李经理', '/绑定 华南区')).toContain('已将本群绑定为「华南区」');
    const r = await t.inGroup('张经理', '/绑定 华东区');
    expect(r).toContain('本群已绑定为「华南区」的作战群');
    expect(r).toContain('李经理');
    expect(r).toContain('在华东区自己的群里发送 /绑定 华东区');
    expect(t.boundTo()).toBe('华南区');
    // The region's own manager and an admin may rebind it.
    expect(await t.inGroup('管理员甲', '/绑定 华东区')).toContain('已将本群绑定为「华东区」');
    expect(t.boundTo()).toBe('华东区');
    expect(await t.inGroup('张经理', '/绑定 华东区')).toContain('已将本群绑定为「华东区」');
  });
});
