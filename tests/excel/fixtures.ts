import { orders } from '../../src/db/schema.js';
import { type Cell, toXlsx } from '../../src/method/excel/workbook.js';
import { refreshBaselines } from '../../src/method/targets/baseline.js';
import type { Services } from '../../src/services.js';
import { seedSmallTeam } from '../helpers/team.js';

// Helpers for the Excel tests: a workbook from plain arrays, and a snapshot of every table an
// import may touch, so "nothing changed" is one toEqual.

export const MEMBER_HEADERS = ['姓名', '角色', '区域', '直属主管', '去年业绩(元)'];
export const CUSTOMER_HEADERS = ['客户名称', '负责人', '阶段', '阶段起始日期', '基线金额(元)', '年度潜力(元)', '别名'];
export const ORDER_HEADERS = ['订单编号', '客户名称', '类型', '日期', '金额(元)'];

export function workbook(sheets: { 成员?: Cell[][]; 客户?: Cell[][]; 订单?: Cell[][] }): Promise<Buffer> {
  const tables = [];
  if (sheets.成员) tables.push({ name: '成员', headers: MEMBER_HEADERS, rows: sheets.成员 });
  if (sheets.客户) tables.push({ name: '客户', headers: CUSTOMER_HEADERS, rows: sheets.客户 });
  if (sheets.订单) tables.push({ name: '订单', headers: ORDER_HEADERS, rows: sheets.订单 });
  return toXlsx(tables);
}

export function snapshot(services: Services): Record<string, unknown[]> {
  const all = (t: string) => services.db.$client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  return {
    regions: all('regions'),
    members: all('members'),
    customers: all('customers'),
    orders: all('orders'),
    stage_changes: all('stage_changes'),
  };
}

/** The small team plus orders with and without an order number. */
export function seedTeamWithOrders(services: Services) {
  const team = seedSmallTeam(services);
  const { hdzg, jlj } = team.customers;
  services.db
    .insert(orders)
    .values([
      { customerId: hdzg.id, kind: 'order', date: '2026-08-03', amountFen: 12_345_67, externalKey: 'SO-001' },
      { customerId: hdzg.id, kind: 'collection', date: '2026-09-10', amountFen: 12_345_67, externalKey: 'RC-001' },
      { customerId: jlj.id, kind: 'order', date: '2026-05-20', amountFen: 4_200_000_000_00, externalKey: null },
    ])
    .run();
  // Baselines as the app keeps them: the orders' trailing four quarters where there are orders.
  refreshBaselines(services);
  return team;
}
