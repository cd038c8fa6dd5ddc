import { describe, expect, it } from 'vitest';
import { runWeeklyReport } from '../../src/jobs/weekly-report.js';
import { buildTestApp } from '../helpers/test-app.js';
import { MONDAY_0907, outboxRows, seedJobsTeam } from '../jobs/setup.js';

async function setup(bind = true) {
  let team!: ReturnType<typeof seedJobsTeam>;
  const built = await buildTestApp({
    now: MONDAY_0907,
    seed: (s) => {
      team = seedJobsTeam(s);
      if (!bind) s.db.$client.prepare('DELETE FROM region_chats').run();
    },
  });
  const say = async (as: string, text: string) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } });
    return (res.json() as { replies: Array<{ reply: any; text: string }> }).replies[0]!;
  };
  return { ...built, team, say };
}

describe('/report', () => {
  it('previews the Monday report to the manager only, writing nothing', async () => {
    const t = await setup();
    const r = await t.say('张经理', '/报告');
    expect(r.reply.title).toBe('预览 · 华东区 · 周一晨会（11月30日）');
    expect(r.text).toContain('小李 | 上周应完成 3 件，完成 0 件，0%');
    expect(outboxRows(t.services)).toHaveLength(0);
  });

  it('is for managers and admins', async () => {
    const t = await setup();
    expect((await t.say('小李', '/report')).text).toContain('只有主管或管理员可以使用');
  });

  it("/report post puts it into the outbox under the week's key, once; the Monday job does not repeat it", async () => {
    const t = await setup();
    expect((await t.say('张经理', '/report post')).text).toContain('已加入发送队列');
    expect((await t.say('张经理', '/报告 发布')).text).toContain('不会重复发送');
    runWeeklyReport(t.services, new Date(MONDAY_0907));
    expect(outboxRows(t.services).map((r) => r.idempotency_key)).toEqual([`weekly-report:${t.team.region.id}:2026-W49:console`]);
  });

  it('says how to bind a group when the region has none', async () => {
    const t = await setup(false);
    expect((await t.say('张经理', '/report post')).text).toContain('/绑定 华东区');
  });
});
