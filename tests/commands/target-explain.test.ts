import { describe, expect, it } from 'vitest';
import { customers, memberIdentities, members } from '../../src/db/schema.js';
import { seedDemo } from '../../src/demo/seed.js';
import type { TargetSplit } from '../../src/domain/target-split.js';
import type { Services } from '../../src/services.js';
import { chatApp } from '../helpers/method-chat.js';

// Issue 14 item 6: targets that explain themselves, on the article's 华东区 (demo seed, fixed clock 2026-11-26).

const YI = 100_000_000 * 100; // 1亿 in 分

/** A rep who joins the region today, with no sales last year and one new customer. */
function addNewRep(s: Services) {
  const region = s.repos.regions.byName('华东区')!;
  const rep = s.db
    .insert(members)
    .values({ name: '小新', role: 'rep', regionId: region.id, managerId: s.repos.members.byName('张经理')[0]!.id })
    .returning()
    .get();
  s.db.insert(memberIdentities).values({ memberId: rep.id, platform: 'console', externalId: '小新' }).run();
  s.db
    .insert(customers)
    .values({
      name: '常州新材料',
      ownerId: rep.id,
      regionId: region.id,
      stage: 'incubating',
      stageSince: '2026-11-26',
      aliasesJson: '[]',
      baselineFen: 0,
      potentialFen: 500 * 10_000 * 100,
    })
    .run();
  return rep;
}

async function demo() {
  const t = await chatApp(seedDemo);
  const latest = (): TargetSplit => JSON.parse(t.sql('SELECT split_json FROM target_versions ORDER BY version DESC LIMIT 1')[0].split_json);
  const versions = () => t.sql('SELECT version, status FROM target_versions ORDER BY version');
  return { ...t, latest, versions };
}

describe('/目标: the old way, compared like for like', () => {
  it('shares the distributable amount (target minus the reserve) and the card says so', async () => {
    const t = await demo();
    const [r] = await t.say('张经理', '/目标 4.2亿');
    expect(r!.text).toContain('旧方法对比：按去年业绩摊派同一可分配额 3.78亿（区域目标 4.2亿 减新市场储备 4200万）');
    const split = t.latest();
    expect(split.reps.reduce((a, x) => a + x.oldWayFen, 0)).toBe(3.78 * YI);
    // Before, 11 of 12 reps showed a cut partly because of the reserve; now the differences net to zero.
    expect(split.reps.reduce((a, x) => a + x.diffFen, 0)).toBe(0);
  });

  it('labels a rep with no history 「新人，无历史」 instead of 0元', async () => {
    const t = await demo();
    addNewRep(t.services);
    const [r] = await t.say('张经理', '/目标 4.2亿');
    const row = r!.reply.table.rows.find((x: string[]) => x[0] === '小新');
    expect(row[2]).toBe('新人，无历史');
    expect(row[3]).toBe('—');
    expect(row[4]).toBe('孵1'); // what makes the number; the rule is said once above the table
    expect(r!.text).toContain('不按去年业绩');
  });
});

describe('/目标: reps and customers added after publishing', () => {
  it('tells the new rep he is not in the published version, and the manager that the split is stale, with a re-split button', async () => {
    const t = await demo();
    await t.say('张经理', '/目标 4.2亿');
    await t.say('张经理', '/目标 发布');
    addNewRep(t.services);
    const [own] = await t.say('小新', '/目标');
    expect(own!.text).toContain('2026 的目标已发布（v1），但那一版是在你加入之前拆分的，里面没有你');
    const replies = await t.say('张经理', '/目标');
    expect(replies).toHaveLength(2);
    expect(replies[1]!.reply.title).toBe('2026 目标拆分已过期');
    expect(replies[1]!.text).toContain('销售 小新；客户 常州新材料');
    const [resplit] = await t.click('张经理', replies[1]!.reply.buttons[0]);
    expect(resplit!.text).toContain('华东区 2026 目标拆分 v2（草稿）');
    expect(t.latest().reps.map((x) => x.name)).toContain('小新');
    expect(t.versions()).toEqual([
      { version: 1, status: 'published' },
      { version: 2, status: 'draft' },
    ]);
    expect(await t.say('张经理', '/目标')).toHaveLength(1); // the draft covers everyone
    expect((await t.click('小新', replies[1]!.reply.buttons[0]))[0]!.text).toContain('只有本区主管');
  });
});

describe('/阶段 and /权重: decisions with reasons', () => {
  it("an override tells the customer's owner, with the reason", async () => {
    const t = await demo();
    await t.say('张经理', '/阶段 华东重工 成长 九月签了900万大单');
    const dm = t.dms('小李').at(-1);
    expect(dm.text).toContain('张经理将你的客户「华东重工」由孵化型调整为成长型，理由：九月签了900万大单');
  });

  it('refuses /权重 with a stage written twice, saying which', async () => {
    const t = await demo();
    const [r] = await t.say('张经理', '/权重 成长40 孵化15 稳定30 衰退5 成长50');
    expect(r!.text).toContain('「成长型」写了两次，没有保存');
    expect((await t.say('张经理', '/权重'))[0]!.text).toContain('成长型：40%');
  });

  it('refuses a target period outside this year ± 2, with the reason', async () => {
    const t = await demo();
    expect((await t.say('张经理', '/目标 4.2亿 9999'))[0]!.text).toContain('9999 年超出可设定的范围：目标期间只能是 2024 到 2028 年');
    expect((await t.say('张经理', '/目标 4.2亿 2029-Q1'))[0]!.text).toContain('超出可设定的范围');
    expect(t.versions()).toEqual([]);
    expect((await t.say('张经理', '/目标 4.2亿 2028'))[0]!.text).toContain('华东区 2028 目标拆分 v1（草稿）');
  });
});
