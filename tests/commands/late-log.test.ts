import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { customers, dueItems } from '../../src/db/schema.js';
import type { Services } from '../../src/services.js';
import { chatApp } from '../helpers/method-chat.js';
import { seedSmallTeam } from '../helpers/team.js';

// Issue 14 item 3: a late action counts. 苏南重型装备's 技术答疑 of the fortnight 11-02..11-15 was
// due 11-13 and missed (yellow on 11-26); the next fortnight's is due 11-27.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

function seed(services: Services) {
  const team = seedSmallTeam(services);
  const sn = services.db
    .insert(customers)
    .values({ name: '苏南重型装备', ownerId: team.li.id, regionId: team.region.id, stage: 'incubating', stageSince: '2026-09-01' })
    .returning()
    .get();
  const qa = (period: string, windowStart: string, windowEnd: string, dueDate: string) =>
    services.db
      .insert(dueItems)
      .values({ memberId: team.li.id, customerId: sn.id, actionCode: 'tech_qa', period, windowStart, windowEnd, dueDate })
      .returning()
      .get();
  return {
    ...team,
    sn,
    missed: qa('2026-W45/2', '2026-11-02', '2026-11-15', '2026-11-13'),
    current: qa('2026-W47/2', '2026-11-16', '2026-11-29', '2026-11-27'),
  };
}

async function setup() {
  const t = await chatApp(seed);
  app = t.app;
  const item = (id: number) => t.sql('SELECT status, completed_late FROM due_items WHERE id = ?', id)[0];
  const heatLine = async () => (await t.say('张经理', '/热力图'))[0]!.text;
  return { ...t, item, heatLine };
}

describe('a late action counts (issue 14 item 3)', () => {
  it('closes the overdue item, not the next one, says so, and the customer turns green', async () => {
    const t = await setup();
    expect(await t.heatLine()).toContain('苏南重型装备（小李，孵化）：1 项动作逾期 13 天');
    const [r] = await t.say('小李', '/记录 技术答疑 苏南重型装备');
    expect(r!.text).toContain('补做：第45周第2次 技术答疑（计划 11-13，逾期 13 天，记为逾期完成）');
    expect(t.item(t.seeded.missed.id)).toEqual({ status: 'done', completed_late: 1 });
    expect(t.item(t.seeded.current.id)).toEqual({ status: 'open', completed_late: 0 });
    const heat = await t.heatLine();
    expect(heat).not.toContain('苏南重型装备（小李');
    expect(heat).toContain('逾期后补做（近 30 天）：苏南重型装备 1 项');
    // A second log the same fortnight (the day before: the same day would ask first) takes the item of its own window, on time.
    const [again] = await t.say('小李', '/记录 技术答疑 苏南重型装备 昨天 讲了新工艺');
    expect(again!.text).toContain('第47周第2次 技术答疑（计划 11-27）✓');
    expect(t.item(t.seeded.current.id)).toEqual({ status: 'done', completed_late: 0 });
  });

  it('undoing the late log reopens the missed item and the customer is yellow again', async () => {
    const t = await setup();
    await t.say('小李', '/记录 技术答疑 苏南重型装备');
    await t.say('小李', '/撤销');
    expect(t.item(t.seeded.missed.id)).toEqual({ status: 'open', completed_late: 0 });
    expect(await t.heatLine()).toContain('苏南重型装备（小李，孵化）：1 项动作逾期 13 天');
  });
});
