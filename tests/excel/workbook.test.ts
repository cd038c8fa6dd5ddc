import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { actionLogs, dueItems } from '../../src/db/schema.js';
import { regionView } from '../../src/method/access/scope.js';
import { exportTables } from '../../src/method/excel/export.js';
import { FILL_ARGB } from '../../src/method/excel/sheet-format.js';
import { toCsv, toXlsx } from '../../src/method/excel/workbook.js';
import { boardJson } from '../../src/method/metrics/board.js';
import type { Services } from '../../src/services.js';
import { testServices } from '../helpers/test-app.js';
import { seedTeamWithOrders } from './fixtures.js';

// The exports read back with ExcelJS: numbers and dates typed and formatted, frozen header,
// autofilter, the board as reps × weeks with its colours, the heat map as a sheet.

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** 小李's past weeks: 9/10 done (green), 3/4 (yellow), 1/2 (red); 老王 has nothing due before this week. */
function seedWeeks(services: Services) {
  const team = seedTeamWithOrders(services);
  const weeks: Array<[string, number, number]> = [
    ['2026-11-17', 10, 9],
    ['2026-11-10', 4, 3],
    ['2026-11-03', 2, 1],
  ];
  for (const [due, n, done] of weeks) {
    for (let i = 0; i < n; i++) {
      services.db
        .insert(dueItems)
        .values({
          memberId: team.li.id,
          customerId: team.customers.hdjx.id,
          actionCode: 'tech_qa',
          period: `t-${due}-${i}`,
          windowStart: due,
          windowEnd: due,
          dueDate: due,
          status: i < done ? 'done' : 'open',
        })
        .run();
    }
  }
  return team;
}

const fillOf = (c: ExcelJS.Cell) => (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb ?? null;

describe('data export as Excel', () => {
  it('writes 元 and dates as typed cells with formats, a frozen header and an autofilter', async () => {
    const { services } = testServices();
    seedTeamWithOrders(services);
    const wb = await load(await toXlsx(exportTables(services, 'data')));
    const orders = wb.getWorksheet('订单')!;
    const so = orders.getRows(2, 3)!.find((r) => r.getCell(1).value === 'SO-001')!;
    expect(so.getCell(4).value).toEqual(new Date('2026-08-03T00:00:00Z'));
    expect(so.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(so.getCell(5).value).toBe(12_345.67);
    expect(so.getCell(5).numFmt).toBe('#,##0.00');
    expect(typeof so.getCell(2).value).toBe('string');
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBe(`A1:${String.fromCharCode(64 + ws.getRow(1).cellCount)}${ws.rowCount}`);
    }
    expect(orders.autoFilter).toBe('A1:E4');
    const customers = wb.getWorksheet('客户')!;
    expect(customers.getCell('D2').value).toBeInstanceOf(Date);
    expect(customers.getCell('E2').numFmt).toBe('#,##0.00');
    expect(customers.getColumn(1).width).toBeGreaterThanOrEqual(10);
  });

  it('CSV keeps plain values: 元 unformatted, dates ISO', () => {
    const { services } = testServices();
    seedTeamWithOrders(services);
    const csv = toCsv(exportTables(services, 'data')[2]!);
    expect(csv).toContain('SO-001,华东重工,订单,2026-08-03,12345.67\r\n');
    expect(csv).toContain(',金陵机床,订单,2026-05-20,4200000000\r\n');
  });

  it('logs carry real dates and times (the time in the team zone)', async () => {
    const { services } = testServices();
    const team = seedTeamWithOrders(services);
    services.db
      .insert(actionLogs)
      .values({
        memberId: team.li.id,
        loggedById: team.li.id,
        customerId: team.customers.hdzg.id,
        actionCode: 'tech_qa',
        occurredOn: '2026-11-24',
        sourcePlatform: 'console',
        sourceMessageId: 'm-1',
        createdAt: Date.parse('2026-11-24T03:05:00Z'),
      })
      .run();
    const wb = await load(await toXlsx(exportTables(services, 'logs')));
    const ws = wb.getWorksheet('动作记录')!;
    expect(ws.getCell('A1').value).toBe('日期');
    expect(ws.getCell('A2').value).toEqual(new Date('2026-11-24T00:00:00Z'));
    expect(ws.getCell('A2').numFmt).toBe('yyyy-mm-dd');
    // 03:05 UTC is 11:05 in Asia/Shanghai, written as that wall-clock time.
    expect(ws.getCell('J2').value).toEqual(new Date('2026-11-24T11:05:00Z'));
    expect(ws.getCell('J2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(ws.autoFilter).toBe('A1:J2');
  });
});

describe('board export', () => {
  it('is reps × weeks with completion rates as percentages coloured red, yellow and green', async () => {
    const { services } = testServices();
    const team = seedWeeks(services);
    const wb = await load(await toXlsx(exportTables(services, 'board')));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['周看板', '热力图', '热力图客户', '周看板明细']);
    const ws = wb.getWorksheet('周看板')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['区域', '销售']);
    expect(header.slice(2, 10)).toEqual([
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23（本周）',
    ]);
    expect(header[10]).toBe('趋势');
    const names = ws.getColumn(2).values.slice(2);
    expect(names).toEqual(['小李', '老王', '（区域合计）', '（团队中位数）']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(ws.autoFilter).toBe('A1:K5');

    const li = ws.getRow(2);
    const cell = (week: string) => li.getCell(2 + header.indexOf(week) - 1);
    expect(cell('2026-11-16').value).toBe(0.9);
    expect(cell('2026-11-16').numFmt).toBe('0%');
    expect(fillOf(cell('2026-11-16'))).toBe(FILL_ARGB.green);
    expect(cell('2026-11-09').value).toBe(0.75);
    expect(fillOf(cell('2026-11-09'))).toBe(FILL_ARGB.yellow);
    expect(cell('2026-11-02').value).toBe(0.5);
    expect(fillOf(cell('2026-11-02'))).toBe(FILL_ARGB.red);
    // Nothing was due: blank, not 0%, and no colour.
    expect(cell('2026-10-26').value).toBeNull();
    expect(fillOf(cell('2026-10-26'))).toBeNull();

    // The same figures as the dashboard's board.
    const dash = boardJson(services, { ...regionView(services, [team.region]), role: 'manager' });
    expect(dash.rows.map((r) => r.name)).toEqual(['小李', '老王']);
    for (const [r, row] of dash.rows.entries())
      expect(row.points.map((_, w) => ws.getRow(r + 2).getCell(3 + w).value ?? null)).toEqual(row.points.map((p) => p.rate));
  });

  it('has the heat map as its own sheet, one row per rep, coloured like the dashboard', async () => {
    const { services } = testServices();
    seedWeeks(services);
    const wb = await load(await toXlsx(exportTables(services, 'board')));
    const ws = wb.getWorksheet('热力图')!;
    // The stages the dashboard's grid shows (those with customers), then the counts.
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '区域',
      '销售',
      '孵化型',
      '成长型',
      '稳定型',
      '红（家）',
      '黄（家）',
      '绿（家）',
    ]);
    const li = ws.getRow(2);
    expect(li.getCell(2).value).toBe('小李');
    // 华东精密机械 (成长型) has items overdue by more than 14 days: red.
    expect(li.getCell(4).value).toMatch(/红/);
    expect(fillOf(li.getCell(4))).toBe(FILL_ARGB.red);
    expect(typeof li.getCell(6).value).toBe('number');
    const customers = wb.getWorksheet('热力图客户')!;
    expect(customers.rowCount).toBe(1 + 3);
    expect(customers.autoFilter).toBe('A1:G4');
  });

  it('as CSV, rates are plain ratios', () => {
    const { services } = testServices();
    seedWeeks(services);
    const lines = toCsv(exportTables(services, 'board')[0]!).split('\r\n');
    expect(lines[1]).toMatch(/^华东区,小李,(,){4}0\.5,0\.75,0\.9,/);
  });
});
