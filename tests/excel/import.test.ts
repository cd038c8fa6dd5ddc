import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dueItems, members, regions } from '../../src/db/schema.js';
import { exportTables, templateTables } from '../../src/method/excel/export.js';
import { formatReport, importXlsx } from '../../src/method/excel/import.js';
import { toXlsx } from '../../src/method/excel/workbook.js';
import { replanCustomer } from '../../src/method/stages/stage-change.js';
import { testServices } from '../helpers/test-app.js';
import { seedTeamWithOrders, snapshot, workbook } from './fixtures.js';

function setup() {
  const { services, clock } = testServices();
  const team = seedTeamWithOrders(services);
  return { services, clock, team };
}

const exported = async (services: ReturnType<typeof setup>['services']) => toXlsx(exportTables(services, 'data'));

describe('round trip: export data, import it back', () => {
  it('changes nothing, in a dry run and when applied', async () => {
    const { services } = setup();
    const before = snapshot(services);
    const file = await exported(services);
    const dry = await importXlsx(services, file, { dryRun: true });
    expect(dry.plan.problems).toEqual([]);
    expect(dry.plan.members.length).toBe(3);
    expect(dry.plan.customers.length).toBe(3);
    expect(dry.plan.orders.length).toBe(3);
    for (const op of [...dry.plan.members, ...dry.plan.customers, ...dry.plan.orders])
      expect(op.action, `${op.sheet} ${op.key}`).toBe('unchanged');
    const applied = await importXlsx(services, file);
    expect(applied.applied).toBe(true);
    expect(snapshot(services)).toEqual(before);
  });

  it('imports into an empty database and the result exports to the same sheets', async () => {
    const { services } = setup();
    const file = await exported(services);
    const fresh = testServices().services;
    const r = await importXlsx(fresh, file);
    expect(r.plan.problems).toEqual([]);
    expect(r.result).toMatchObject({ regions: 1, members: { create: 3 }, customers: { create: 3 }, orders: { create: 3 } });
    expect(exportTables(fresh, 'data')).toEqual(exportTables(services, 'data'));
  });
});

describe('applying a new file', () => {
  const sheets = {
    成员: [
      ['小王', '销售', '华东区', '张经理', '120万'],
      ['小赵', null, null, '小王', null],
    ],
    客户: [
      ['新客户甲', '小王', '成长', '2026-06-01', '4.2亿', null, '甲、JIA'],
      ['华东重工', '小李', '稳定型', null, 1000, null, null],
    ],
    订单: [
      ['SO-9', '新客户甲', '回款', '2026/10/08', '350万'],
      [null, '新客户甲', null, '2026-09-01', 100.5],
    ],
  };

  it('creates and updates by stable keys; a second import of the same file changes nothing', async () => {
    const { services, team } = setup();
    const r = await importXlsx(services, await workbook(sheets));
    expect(r.plan.problems).toEqual([]);
    expect(r.result).toMatchObject({ members: { create: 2 }, customers: { create: 1, update: 1 }, orders: { create: 2 } });
    const jia = services.repos.customers.all().find((c) => c.name === '新客户甲')!;
    // One baseline (issue 14 item 2): a customer with orders gets its orders' trailing four quarters
    // (the 100.5元 order of 09-01), not the 基线金额 typed in the sheet.
    expect(jia).toMatchObject({ stage: 'growing', baselineFen: 10_050, aliasesJson: '["甲","JIA"]' });
    const wang = services.repos.members.byName('小王')[0]!;
    expect(wang).toMatchObject({ role: 'rep', managerId: team.manager.id, lastYearFen: 120_000_000 });
    expect(services.repos.members.byName('小赵')[0]!.managerId).toBe(wang.id);
    const hdzg = services.repos.customers.byId(team.customers.hdzg.id)!;
    expect(hdzg).toMatchObject({ stage: 'stable', stageSince: '2026-11-26', baselineFen: 12_345_67 });
    const changes = services.db.$client.prepare('SELECT * FROM stage_changes WHERE customer_id = ?').all(hdzg.id);
    expect(changes).toMatchObject([{ from_stage: 'incubating', to_stage: 'stable', reason: 'Excel 导入' }]);

    const after = snapshot(services);
    const again = await importXlsx(services, await workbook(sheets));
    expect([...again.plan.members, ...again.plan.customers, ...again.plan.orders].every((o) => o.action === 'unchanged')).toBe(true);
    expect(snapshot(services)).toEqual(after);
    expect(formatReport(again)).toContain('没有需要变化的数据');
  });

  it("a new owner takes over the customer's open due items; done ones stay", async () => {
    const { services, team } = setup();
    const { revisit, qa } = team.items;
    services.db.$client.prepare("UPDATE due_items SET status = 'done' WHERE id = ?").run(revisit.id);
    const r = await importXlsx(services, await workbook({ 客户: [['华东重工', '老王', '孵化型', null, null, null, null]] }));
    expect(r.plan.problems).toEqual([]);
    expect(services.repos.dueItems.byId(qa.id)).toMatchObject({ status: 'open', memberId: team.wang.id });
    expect(services.repos.dueItems.byId(revisit.id)).toMatchObject({ status: 'done', memberId: team.li.id });
    expect(services.repos.dueItems.byId(team.items.exec.id)!.memberId).toBe(team.li.id);
  });

  it("owner and stage changed together: the old pack's items due from today are cancelled, the new pack is the new owner's", async () => {
    const { services, team } = setup();
    const { revisit, qa } = team.items;
    await importXlsx(services, await workbook({ 客户: [['华东重工', '老王', '稳定型', null, null, null, null]] }));
    const open = services.db.$client
      .prepare("SELECT member_id, action_code FROM due_items WHERE customer_id = ? AND status = 'open' AND due_date >= '2026-11-26'")
      .all(team.customers.hdzg.id) as Array<{ member_id: number; action_code: string }>;
    // History is immutable (issue 14 item 1): the revisit was due on 11-25, so it stays 小李's and open.
    expect(services.repos.dueItems.byId(revisit.id)).toMatchObject({ status: 'open', memberId: team.li.id });
    expect(services.repos.dueItems.byId(qa.id)!.status).toBe('cancelled');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((i) => i.member_id === team.wang.id)).toBe(true);
  });

  it("replanCustomer cancels the customer's open items whoever holds them", async () => {
    const { services, team } = setup();
    // An item left on 小李 for 老王's customer (as before owner changes moved items).
    const stray = services.db
      .insert(dueItems)
      .values({
        memberId: team.li.id,
        customerId: team.customers.jlj.id,
        actionCode: 'onsite_revisit',
        period: '2026-12',
        windowStart: '2026-12-01',
        windowEnd: '2026-12-31',
        dueDate: '2026-12-02',
      })
      .returning()
      .get();
    services.db.transaction(() =>
      replanCustomer(services, services.repos.customers.byId(team.customers.jlj.id)!, 'declining', services.today()),
    );
    expect(services.repos.dueItems.byId(stray.id)!.status).toBe('cancelled');
  });

  it("a stage changed by import replaces the customer's open plan items with the new pack's", async () => {
    const { services, team } = setup();
    const { revisit, qa } = team.items;
    await importXlsx(services, await workbook({ 客户: [['华东重工', '小李', '稳定型', null, 1000, null, null]] }));
    // Only what is due from today (11-26) is replaced; the revisit due 11-25 keeps its status.
    expect(services.repos.dueItems.byId(revisit.id)!.status).toBe('open');
    expect(services.repos.dueItems.byId(qa.id)!.status).toBe('cancelled');
    const open = services.db.$client
      .prepare("SELECT action_code FROM due_items WHERE customer_id = ? AND status = 'open' AND due_date >= '2026-11-26'")
      .all(team.customers.hdzg.id) as Array<{ action_code: string }>;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => ['satisfaction_survey', 'annual_review', 'holiday_care'].includes(r.action_code))).toBe(true);
  });

  it('a dry run lists the changes and writes nothing', async () => {
    const { services } = setup();
    const before = snapshot(services);
    const r = await importXlsx(services, await workbook(sheets), { dryRun: true });
    expect(r.applied).toBe(false);
    expect(snapshot(services)).toEqual(before);
    const text = formatReport(r);
    expect(text).toContain('客户：新增 1，更新 1，不变 0');
    expect(text).toContain('阶段：孵化型 → 稳定型');
    expect(text).toContain('预演');
  });
});

describe('bad files: every problem has its place and reason, and nothing changes', () => {
  const cases: Array<
    [string, Parameters<typeof workbook>[0], { sheet: string; row: number | null; column: string | null; reason: RegExp }]
  > = [
    [
      'unknown owner',
      { 客户: [['新客户', '路人甲', '成长型', null, 100, null, null]] },
      { sheet: '客户', row: 2, column: '负责人', reason: /未知负责人「路人甲」/ },
    ],
    [
      'duplicate customer name',
      {
        客户: [
          ['新客户', '小李', '成长型', null, 1, null, null],
          ['新客户', '小李', '稳定型', null, 2, null, null],
        ],
      },
      { sheet: '客户', row: 3, column: '客户名称', reason: /重复的客户名称「新客户」（第 2 行已有）/ },
    ],
    [
      'duplicate member name',
      {
        成员: [
          ['小王', '销售', '华东区', null, null],
          ['小王', '主管', '华东区', null, null],
        ],
      },
      { sheet: '成员', row: 3, column: '姓名', reason: /重复的姓名「小王」/ },
    ],
    [
      'negative amount',
      { 订单: [['SO-2', '华东重工', '订单', '2026-10-01', -500]] },
      { sheet: '订单', row: 2, column: '金额(元)', reason: /不能为负数/ },
    ],
    [
      'negative amount as text',
      { 客户: [['新客户', '小李', '成长型', null, '-3万', null, null]] },
      { sheet: '客户', row: 2, column: '基线金额(元)', reason: /不能为负数/ },
    ],
    [
      'unparseable amount',
      { 订单: [['SO-3', '华东重工', '订单', '2026-10-01', '四百万']] },
      { sheet: '订单', row: 2, column: '金额(元)', reason: /无法识别的金额「四百万」/ },
    ],
    [
      'unparseable date',
      { 订单: [['SO-4', '华东重工', '订单', '下周三', '4.2亿']] },
      { sheet: '订单', row: 2, column: '日期', reason: /无法识别的日期「下周三」/ },
    ],
    [
      'impossible date',
      { 订单: [['SO-5', '华东重工', '订单', '2026-02-30', 1]] },
      { sheet: '订单', row: 2, column: '日期', reason: /无法识别的日期/ },
    ],
    [
      'unknown customer',
      { 订单: [['SO-6', '北京地铁', '订单', '2026-10-01', 1]] },
      { sheet: '订单', row: 2, column: '客户名称', reason: /未知客户「北京地铁」/ },
    ],
    [
      'unknown stage',
      { 客户: [['新客户', '小李', '火箭型', null, 1, null, null]] },
      { sheet: '客户', row: 2, column: '阶段', reason: /无法识别的阶段「火箭型」/ },
    ],
    [
      'duplicate order number',
      {
        订单: [
          ['SO-7', '华东重工', '订单', '2026-10-01', 1],
          ['SO-7', '华东重工', '订单', '2026-10-02', 2],
        ],
      },
      { sheet: '订单', row: 3, column: '订单编号', reason: /重复的订单编号「SO-7」/ },
    ],
    [
      'unknown manager',
      { 成员: [['小王', '销售', '华东区', '李总', null]] },
      { sheet: '成员', row: 2, column: '直属主管', reason: /未知的主管「李总」/ },
    ],
  ];

  for (const [name, sheets, expected] of cases) {
    it(name, async () => {
      const { services } = setup();
      const before = snapshot(services);
      // A good row beside the bad one: all or nothing means it is not imported either.
      const good = { ...sheets, 成员: [...(sheets.成员 ?? []), ['好成员', '销售', '华东区', null, null]] };
      const r = await importXlsx(services, await workbook(good));
      expect(r.ok).toBe(false);
      expect(r.applied).toBe(false);
      expect(r.plan.problems).toContainEqual({ ...expected, reason: expect.stringMatching(expected.reason) });
      expect(snapshot(services)).toEqual(before);
      expect(formatReport(r)).toContain('没有导入任何数据');
    });
  }

  it('"4.2亿" is an amount, exactly 42000000000 分', async () => {
    const { services } = setup();
    const r = await importXlsx(services, await workbook({ 订单: [['SO-8', '华东重工', '订单', '2026-10-01', '4.2亿']] }));
    expect(r.plan.problems).toEqual([]);
    expect(r.plan.orders[0]!.values.amountFen).toBe(42_000_000_000);
  });

  it('a file that is not an .xlsx', async () => {
    const { services } = setup();
    const r = await importXlsx(services, Buffer.from('姓名,角色\n小王,销售\n'));
    expect(r.plan.problems[0]).toMatchObject({ sheet: '（文件）', reason: expect.stringContaining('不是有效的 .xlsx') });
  });

  it('a missing required column is named, with no row-by-row noise', async () => {
    const { services } = setup();
    const r = await importXlsx(services, await toXlsx([{ name: '客户', headers: ['客户名称', '阶段'], rows: [['甲', '成长']] }]));
    expect(r.plan.problems).toEqual([{ sheet: '客户', row: 1, column: '负责人', reason: expect.stringContaining('缺少必填列「负责人」') }]);
  });

  it('a workbook without any known sheet', async () => {
    const { services } = setup();
    const r = await importXlsx(services, await toXlsx([{ name: 'Sheet1', headers: ['a'], rows: [['b']] }]));
    expect(r.plan.problems[0]!.reason).toContain('没有找到 成员、客户、订单 工作表');
  });

  it("a manager's upload is limited to their region", async () => {
    const { services } = setup();
    const r = await importXlsx(services, await workbook({ 成员: [['小南', '销售', '华南区', null, null]] }), { regionName: '华东区' });
    expect(r.plan.problems).toContainEqual({
      sheet: '成员',
      row: 2,
      column: '区域',
      reason: expect.stringContaining('只能导入本区域（华东区）'),
    });
  });

  it("a manager's upload cannot move another region's member in, nor touch an admin", async () => {
    const { services, team } = setup();
    const south = services.db.insert(regions).values({ name: '华南区', weightsJson: '{}' }).returning().get();
    services.db
      .insert(members)
      .values([
        { name: '小南', role: 'rep', regionId: south.id },
        { name: '老总', role: 'admin', regionId: null },
        { name: '区管', role: 'admin', regionId: team.region.id },
      ])
      .run();
    const before = snapshot(services);
    const r = await importXlsx(
      services,
      await workbook({
        成员: [
          ['小南', '销售', '华东区', '张经理', null],
          ['老总', '销售', '华东区', null, null],
          ['区管', '主管', null, null, null],
        ],
      }),
      { regionName: '华东区' },
    );
    expect(r.applied).toBe(false);
    expect(r.plan.problems).toEqual([
      { sheet: '成员', row: 2, column: '区域', reason: expect.stringContaining('现在属于「华南区」，你只能导入本区域（华东区）') },
      { sheet: '成员', row: 3, column: '角色', reason: expect.stringContaining('本区域的导入不能修改管理员') },
      { sheet: '成员', row: 4, column: '角色', reason: expect.stringContaining('本区域的导入不能修改管理员') },
    ]);
    expect(snapshot(services)).toEqual(before);
  });
});

describe('template', () => {
  it('has the five sheets with Chinese headers and imports as "nothing to change"', async () => {
    const { services } = setup();
    const buf = await toXlsx(templateTables());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成员', '客户', '订单', '阶段历史', '动作记录', '说明']);
    expect(wb.getWorksheet('客户')!.getRow(1).values).toEqual([
      undefined,
      '客户名称',
      '负责人',
      '阶段',
      '阶段起始日期',
      '基线金额(元)',
      '年度潜力(元)',
      '别名',
    ]);
    const r = await importXlsx(services, buf, { dryRun: true });
    expect(r.plan.problems).toEqual([]);
  });
});
