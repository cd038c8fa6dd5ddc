import { STAGE_LABELS } from '../../src/domain/stages.js';
import { type Table, toXlsx } from '../../src/method/excel/workbook.js';
import type { SimRegion } from './region.js';

// A simulated region as the import's workbook (成员, 客户, 订单, 阶段历史, 动作记录), amounts in 元.

const yuan = (fen: number) => fen / 100;

export function simTables(s: SimRegion): Table[] {
  const byCustomer = new Map<string, SimRegion['changes']>();
  for (const c of s.changes) byCustomer.set(c.customer, [...(byCustomer.get(c.customer) ?? []), c]);
  return [
    {
      name: '成员',
      headers: ['姓名', '角色', '区域', '直属主管'],
      rows: [[s.manager, '主管', s.region, null], ...s.reps.map((r) => [r, '销售', s.region, s.manager])],
    },
    {
      name: '客户',
      headers: ['客户名称', '负责人', '阶段', '阶段起始日期'],
      rows: s.customers.map((c) => [c.name, c.owner, STAGE_LABELS[c.stage], c.since]),
    },
    {
      name: '订单',
      headers: ['订单编号', '客户名称', '类型', '日期', '金额(元)'],
      rows: s.rows.map((o) => [o.key, o.customer, o.kind === 'order' ? '订单' : '回款', o.date, yuan(o.fen)]),
    },
    {
      // Every stage but the current one (which the customer sheet carries with its date).
      name: '阶段历史',
      headers: ['客户名称', '阶段', '起始日期'],
      rows: [...byCustomer.values()].flatMap((list) => list.slice(0, -1).map((c) => [c.customer, STAGE_LABELS[c.stage], c.on])),
    },
    {
      name: '动作记录',
      headers: ['销售', '客户', '动作', '日期', '备注'],
      rows: s.logs.map((l) => [l.rep, l.customer, l.action, l.date, l.note || null]),
    },
  ];
}

export const simXlsx = (s: SimRegion) => toXlsx(simTables(s));
