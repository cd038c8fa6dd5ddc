import { describe, expect, it } from 'vitest';
import { importXlsx } from '../../src/method/excel/import.js';
import { type Cell, toXlsx } from '../../src/method/excel/workbook.js';
import { runRegionBacktest } from '../../src/method/metrics/region-backtest.js';
import { loadRegionData } from '../../src/method/metrics/region-data.js';
import { testServices } from '../helpers/test-app.js';

// The history sheets: 阶段起始日期 dates the stage change, 阶段历史 adds earlier stages, 动作记录 imports
// past logs idempotently and rebuilds the past quarters' due items; any number of rows.

function file(opts: { orders?: Cell[][]; history?: Cell[][]; logs?: Cell[][] } = {}) {
  return toXlsx([
    {
      name: '成员',
      headers: ['姓名', '角色', '区域', '直属主管'],
      rows: [
        ['王主管', '主管', '华北区', null],
        ['小马', '销售', '华北区', '王主管'],
      ],
    },
    {
      name: '客户',
      headers: ['客户名称', '负责人', '阶段', '阶段起始日期'],
      rows: [
        ['北方重工', '小马', '成长型', '2025-07-01'],
        ['津门机械', '小马', '稳定型', '2024-01-15'],
      ],
    },
    {
      name: '订单',
      headers: ['订单编号', '客户名称', '类型', '日期', '金额(元)'],
      rows: opts.orders ?? [['N-1', '北方重工', '订单', '2025-02-10', 100_000]],
    },
    { name: '阶段历史', headers: ['客户名称', '阶段', '起始日期'], rows: opts.history ?? [['北方重工', '孵化型', '2024-03-01']] },
    {
      name: '动作记录',
      headers: ['销售', '客户', '动作', '日期', '备注'],
      rows: opts.logs ?? [
        ['小马', '北方重工', '高层拜访', '2025-08-12', '见了总经理'],
        ['小马', '北方重工', '竞品报告', '2025-08-20', null],
        ['小马', '津门机械', '满意度调研', '2025-09-03', null],
        ['小马', '津门机械', '满意度调研', '2025-09-03', null],
      ],
    },
  ]);
}

const stagesOf = (services: ReturnType<typeof testServices>['services'], name: string) => {
  const c = services.repos.customers.all().find((x) => x.name === name)!;
  return services.repos.stages
    .changesInRegion(c.regionId, services.config.TEAM_TIMEZONE)
    .filter((h) => h.customerId === c.id)
    .sort((a, b) => (a.at < b.at ? -1 : 1))
    .map((h) => [h.from, h.to, h.at]);
};

describe('importing history', () => {
  it('dates stage changes by 阶段起始日期 and the 阶段历史 sheet, oldest first', async () => {
    const { services } = testServices();
    const r = await importXlsx(services, await file());
    expect(r.plan.problems).toEqual([]);
    expect(stagesOf(services, '北方重工')).toEqual([
      [null, 'incubating', '2024-03-01'],
      ['incubating', 'growing', '2025-07-01'],
    ]);
    expect(stagesOf(services, '津门机械')).toEqual([[null, 'stable', '2024-01-15']]);
    // The backtest now finds every customer's stage in the history (none falls back to today's).
    const data = loadRegionData(services, services.repos.regions.byName('华北区')!.id)!;
    expect(runRegionBacktest(services, data, services.today()).stageFallbacks).toBe(0);
  });

  it('a re-import that dates the current stage earlier adds that date to the history', async () => {
    const { services } = testServices();
    await importXlsx(services, await file());
    const later = await toXlsx([
      { name: '客户', headers: ['客户名称', '负责人', '阶段', '阶段起始日期'], rows: [['津门机械', '小马', '稳定型', '2023-06-01']] },
    ]);
    expect((await importXlsx(services, later)).plan.problems).toEqual([]);
    expect(stagesOf(services, '津门机械')).toEqual([
      ['stable', 'stable', '2023-06-01'],
      [null, 'stable', '2024-01-15'],
    ]);
  });

  it('imports action logs once (two identical rows are two logs), and a second import changes nothing', async () => {
    const { services } = testServices();
    const first = await importXlsx(services, await file());
    expect(first.result!.logs).toEqual({ create: 4, update: 0, unchanged: 0 });
    const again = await importXlsx(services, await file());
    expect(again.result!.logs).toEqual({ create: 0, update: 0, unchanged: 4 });
    expect(again.result!.stageHistory).toEqual({ create: 0, update: 0, unchanged: 1 });
    const region = services.repos.regions.byName('华北区')!;
    expect(services.repos.activity.logsInRegion(region.id)).toHaveLength(4);
  });

  it("rebuilds the past quarters' due items from the stage history and the packs, completed by the logs", async () => {
    const { services } = testServices();
    const r = await importXlsx(services, await file());
    expect(r.result!.pastItems).toBeGreaterThan(0);
    const region = services.repos.regions.byName('华北区')!;
    const items = services.repos.activity.itemsInRegion(region.id);
    const bf = services.repos.customers.all().find((x) => x.name === '北方重工')!.id;
    // From the first log (2025-08-12) to the end of the last complete quarter (2026-09-30), by the pack in force.
    expect(items.every((i) => i.dueDate >= '2025-08-01' && i.windowEnd <= '2026-09-30')).toBe(true);
    const exec = items.filter((i) => i.customerId === bf && i.actionCode === 'exec_visit');
    expect(exec.find((i) => i.period === '2025-Q3')).toMatchObject({ status: 'done' });
    expect(exec.find((i) => i.period === '2025-Q4')).toMatchObject({ status: 'open' });
  });

  it('names what to type for an unknown action, rep or customer, and a history row not earlier than the current stage', async () => {
    const { services } = testServices();
    const r = await importXlsx(
      services,
      await file({
        history: [['北方重工', '孵化型', '2025-08-01']],
        logs: [
          ['小马', '北方重工', '喝茶', '2025-08-12', null],
          ['老周', '北方重工', '高层拜访', '2025-08-12', null],
          ['小马', '南方', '高层拜访', '2025-08-12', null],
        ],
      }),
    );
    expect(r.applied).toBe(false);
    const reasons = r.plan.problems.map((p) => `${p.sheet} ${p.row} ${p.column}：${p.reason}`);
    expect(reasons).toEqual([
      '阶段历史 2 起始日期：2025-08-01 不早于客户表的阶段起始日期 2025-07-01；阶段历史只填更早的阶段，当前阶段写在客户表',
      '动作记录 2 动作：无法识别的动作「喝茶」：请写动作名或别名，如 高层拜访、技术答疑（/帮助 里有完整列表）',
      '动作记录 3 销售：未知成员「老周」：成员表和系统里都没有',
      '动作记录 4 客户：未知客户「南方」：客户表和系统里都没有',
    ]);
  });

  it('takes more order rows than SQLite binds in one statement (33,000 order numbers), twice', async () => {
    const { services } = testServices();
    const orders: Cell[][] = [];
    for (let i = 0; i < 33_000; i++)
      orders.push([
        `K-${i}`,
        i % 2 ? '北方重工' : '津门机械',
        i % 3 ? '订单' : '回款',
        `2025-${String(1 + (i % 12)).padStart(2, '0')}-10`,
        10,
      ]);
    const r = await importXlsx(services, await file({ orders }));
    expect(r.plan.problems).toEqual([]);
    expect(r.result!.orders.create).toBe(33_000);
    const again = await importXlsx(services, await file({ orders }), { dryRun: true });
    expect(again.plan.orders.every((o) => o.action === 'unchanged')).toBe(true);
  }, 180_000);
});
