import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { templateTables } from '../../src/method/excel/export.js';
import { formatReport, importXlsx } from '../../src/method/excel/import.js';
import { toXlsx } from '../../src/method/excel/workbook.js';
import { testServices } from '../helpers/test-app.js';
import { seedTeamWithOrders, snapshot, workbook } from './fixtures.js';

// The import template (example rows, drop-downs, 说明) and an import that lists every problem of a row.

function setup() {
  const { services } = testServices();
  const team = seedTeamWithOrders(services);
  return { services, team };
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('import template', () => {
  it('has an example row per sheet, drop-downs for the closed lists and a 说明 sheet', async () => {
    const { services } = setup();
    const wb = await load(await toXlsx(templateTables(services)));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成员', '客户', '订单', '阶段历史', '动作记录', '说明']);
    for (const ws of wb.worksheets.slice(0, 5)) {
      expect(String(ws.getCell('A2').value)).toMatch(/^#示例 /);
      expect(ws.getCell('A2').font?.italic).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const list = (sheet: string, address: string) => wb.getWorksheet(sheet)!.getCell(address).dataValidation;
    expect(list('客户', 'C2')).toMatchObject({ type: 'list', formulae: ['"孵化型,成长型,稳定型,衰退型"'] });
    expect(list('客户', 'C300')).toMatchObject({ type: 'list' });
    expect(list('阶段历史', 'B2')).toMatchObject({ type: 'list', formulae: ['"孵化型,成长型,稳定型,衰退型"'] });
    expect(list('成员', 'B2')).toMatchObject({ type: 'list', formulae: ['"销售,主管,管理员"'] });
    expect(list('订单', 'C2')).toMatchObject({ type: 'list', formulae: ['"订单,回款"'] });
    expect(String(list('动作记录', 'C2')?.formulae?.[0])).toContain('高层拜访');
    expect(list('客户', 'A2')).toBeUndefined();
    // Typed like the export: the example's amount is 元 as a number, its date a date.
    expect(wb.getWorksheet('订单')!.getCell('E2').value).toBe(1_250_000);
    expect(wb.getWorksheet('订单')!.getCell('D2').value).toBeInstanceOf(Date);
    const help = wb.getWorksheet('说明')!;
    const text = help.getColumn(4).values.join('\n');
    expect(text).toContain('示例行以 # 开头，导入时忽略');
    expect(help.getColumn(2).values).toContain('阶段起始日期');
  });

  it('imports as "nothing to change": the example rows are ignored', async () => {
    const { services } = setup();
    const before = snapshot(services);
    const r = await importXlsx(services, await toXlsx(templateTables(services)));
    expect(r.plan.problems).toEqual([]);
    expect([...r.plan.members, ...r.plan.customers, ...r.plan.orders, ...r.plan.stageHistory, ...r.plan.logs]).toEqual([]);
    expect(snapshot(services)).toEqual(before);
  });

  it('a filled-in template imports the team’s rows and still skips the example', async () => {
    const { services } = setup();
    const tables = templateTables(services);
    tables.find((t) => t.name === '订单')!.rows.push(['SO-900', '华东重工', '回款', '2026-11-02', 50_000_00]);
    const r = await importXlsx(services, await toXlsx(tables), { dryRun: true });
    expect(r.plan.problems).toEqual([]);
    expect(r.plan.orders.map((o) => [o.row, o.key, o.action])).toEqual([[3, 'SO-900', 'create']]);
    expect(r.plan.members).toEqual([]);
  });
});

describe('every problem of a row', () => {
  it('an order row with four problems lists all four, with sheet, row and column', async () => {
    const { services } = setup();
    const before = snapshot(services);
    const buf = await workbook({
      订单: [
        ['SO-002', '华东重工', '订单', '2026-10-01', 100],
        ['SO-003', '不存在的公司', '发票', '2099-01-01', '-5'],
      ],
    });
    const r = await importXlsx(services, buf);
    expect(r.plan.problems).toEqual([
      { sheet: '订单', row: 3, column: '类型', reason: expect.stringContaining('无法识别的类型「发票」') },
      { sheet: '订单', row: 3, column: '金额(元)', reason: '金额不能为负数（-5）' },
      { sheet: '订单', row: 3, column: '日期', reason: expect.stringContaining('日期 2099-01-01 超出范围') },
      { sheet: '订单', row: 3, column: '客户名称', reason: '未知客户「不存在的公司」：客户表和系统里都没有' },
    ]);
    expect(r.applied).toBe(false);
    expect(snapshot(services)).toEqual(before);
    const text = formatReport(r);
    expect(text).toContain('发现 4 个问题，没有导入任何数据');
    expect(text).toContain('订单 第 3 行 「客户名称」列：未知客户「不存在的公司」');
  });

  it('a customer row and a member row list all their problems', async () => {
    const { services } = setup();
    const r = await importXlsx(
      services,
      await workbook({
        成员: [['小赵', '实习生', null, '不存在的主管', null]],
        客户: [['新客户', '无名氏', '高速型', '1900-01-01', 'abc', null, null]],
      }),
      { dryRun: true },
    );
    const where = r.plan.problems.map((p) => `${p.sheet} ${p.row} ${p.column}`);
    expect(where).toEqual(['成员 2 角色', '成员 2 直属主管', '客户 2 阶段', '客户 2 基线金额(元)', '客户 2 负责人', '客户 2 阶段起始日期']);
  });
});
