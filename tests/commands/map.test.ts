import { describe, expect, it } from 'vitest';
import { dashboardSecret, signToken } from '../../src/method/access/link.js';
import { battleMapData } from '../../src/method/plans/battle-map.js';
import { chatApp } from '../helpers/method-chat.js';
import { seedSmallTeam } from '../helpers/team.js';

async function setup() {
  const t = await chatApp(seedSmallTeam);
  const token = (m: { id: number; role: 'rep' | 'manager' | 'admin'; regionId: number | null }, expMs = Date.parse('2026-12-01')) =>
    signToken(dashboardSecret(t.services), { m: m.id, role: m.role, g: m.regionId, exp: expMs });
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  return { ...t, token, get };
}

describe('/map', () => {
  it('shows customers by stage, the expected contribution and this quarter by week', async () => {
    const t = await setup();
    const [before] = await t.say('小李', '/地图');
    expect(before!.text).toContain('目标：尚未设定');
    await t.say('张经理', '/目标 1000万');
    // A draft: the rep gets no numbers (not even a split computed from the draft's region target).
    const [draft] = await t.say('小李', '/地图');
    expect(draft!.text).toContain('主管还没有发布本期目标');
    expect((draft!.reply.table.rows as string[][]).every((x) => x[2] === '—')).toBe(true);
    expect(battleMapData(t.services, t.seeded.li.id, '2026-11-26')!.target).toMatchObject({ source: 'unpublished', targetFen: null });
    const json = await t.get(`/api/map?member=${encodeURIComponent('小李')}&token=${t.token(t.seeded.li)}`);
    expect(json.json().target).toMatchObject({ source: 'unpublished', targetFen: null, oldWayFen: null });
    expect(
      json.json().stages.flatMap((st: { customers: Array<{ expectedFen: unknown }> }) => st.customers.map((c) => c.expectedFen)),
    ).toEqual([null, null]);
    // The manager sees the draft, labelled.
    const [mgr] = await t.say('张经理', '/地图 小李');
    expect(mgr!.text).toContain('草稿（未发布，销售看不到）');
    expect((mgr!.reply.table.rows as string[][]).every((x) => x[2] !== '—')).toBe(true);
    await t.say('张经理', '/目标 发布');
    const [r] = await t.say('小李', '/地图');
    expect(r!.reply.title).toBe('小李 · 个人作战地图');
    expect(r!.text).toContain('已发布版本');
    const rows = r!.reply.table.rows as string[][];
    expect(rows.map((x) => x.slice(0, 2))).toEqual([
      ['孵化', '华东重工'],
      ['成长', '华东精密机械'],
    ]);
    expect(rows.every((x) => x[2] !== '—')).toBe(true);
    expect(r!.text).toContain('11-23 周（本周） 完成 0/3');
  });

  it('a manager names a rep; a rep only sees their own', async () => {
    const t = await setup();
    expect((await t.say('张经理', '/地图 老王'))[0]!.reply.title).toBe('老王 · 个人作战地图');
    expect((await t.say('小李', '/地图 老王'))[0]!.text).toContain('只能查看自己');
    expect((await t.say('张经理', '/地图 小王八'))[0]!.text).toContain('不是华东区的销售');
  });

  it('battleMapData marks done items and weeks', async () => {
    const t = await setup();
    await t.say('小李', '/记录 现场回访 华东重工');
    const data = battleMapData(t.services, t.seeded.li.id, '2026-11-26')!;
    const week = data.quarter.weeks.find((w) => w.current)!;
    expect(week).toMatchObject({ monday: '2026-11-23', due: 3, done: 1 });
    expect(data.stages.map((s) => s.stage)).toEqual(['incubating', 'growing']);
  });
});

describe('GET /api/map', () => {
  it('serves the same data as JSON behind the signed-link token', async () => {
    const t = await setup();
    const li = t.seeded.li;
    const res = await t.get(`/api/map?member=${encodeURIComponent('小李')}&token=${t.token(li)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(battleMapData(t.services, li.id, '2026-11-26'))));
  });

  it('refuses a missing, forged or expired token and members outside the scope', async () => {
    const t = await setup();
    const { li, manager } = t.seeded;
    expect((await t.get('/api/map?member=小李')).statusCode).toBe(403);
    expect((await t.get(`/api/map?member=小李&token=${t.token(li)}x`)).statusCode).toBe(403);
    expect((await t.get(`/api/map?member=小李&token=${t.token(li, Date.parse('2026-11-01'))}`)).statusCode).toBe(401);
    expect((await t.get(`/api/map?member=${encodeURIComponent('老王')}&token=${t.token(li)}`)).statusCode).toBe(404);
    const asManager = await t.get(`/api/map?member=${encodeURIComponent('老王')}&token=${t.token(manager)}`);
    expect(asManager.statusCode).toBe(200);
    expect(asManager.json().member.name).toBe('老王');
  });
});
