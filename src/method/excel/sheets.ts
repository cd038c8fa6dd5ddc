// The sheet layout of the import and of the data export (the same sheets, so that export then
// import is a round trip). Headers are Chinese because the sheet is what a team already keeps;
// a few common alternative headers are accepted on import so a team's own sheet needs no renaming.

import { STAGE_LABELS } from '../../domain/stages.js';
import type { ColumnKind } from './workbook.js';

export const ROLE_LABELS = { rep: '销售', manager: '主管', admin: '管理员' } as const;
export const KIND_LABELS = { order: '订单', collection: '回款' } as const;
const STAGE_LIST = Object.values(STAGE_LABELS);

export interface ColumnDef<K extends string = string> {
  key: K;
  header: string;
  /** Other headers accepted on import. */
  aliases?: string[];
  required?: boolean;
  width: number;
  /** How the export writes it (workbook.ts); text when absent. */
  kind?: ColumnKind;
  /** A closed list: a drop-down in the template. */
  list?: readonly string[];
  /** One line for the template's 说明 sheet and docs/user-guide.md "Excel import and export". */
  hint: string;
}

export interface SheetDef<K extends string = string> {
  name: string;
  aliases: string[];
  columns: Array<ColumnDef<K>>;
}

export const MEMBER_SHEET: SheetDef<'name' | 'role' | 'region' | 'manager' | 'lastYear'> = {
  name: '成员',
  aliases: ['members', '人员', '销售'],
  columns: [
    { key: 'name', header: '姓名', aliases: ['成员', '名字'], required: true, width: 12, hint: '唯一：按姓名新增或更新' },
    { key: 'role', header: '角色', width: 10, list: Object.values(ROLE_LABELS), hint: '销售 / 主管 / 管理员；新成员留空为销售' },
    { key: 'region', header: '区域', width: 10, hint: '如 华东区；系统里没有的区域会新建（默认阶段权重）' },
    { key: 'manager', header: '直属主管', aliases: ['主管'], width: 12, hint: '主管的姓名（本表或系统中已有）' },
    {
      key: 'lastYear',
      header: '去年业绩(元)',
      aliases: ['去年业绩', '去年回款(元)'],
      width: 16,
      kind: 'yuan',
      hint: '用于"老办法"对比；可写 1200000 或 120万',
    },
  ],
};

export const CUSTOMER_SHEET: SheetDef<'name' | 'owner' | 'stage' | 'stageSince' | 'baseline' | 'potential' | 'aliases'> = {
  name: '客户',
  aliases: ['customers', '客户表'],
  columns: [
    { key: 'name', header: '客户名称', aliases: ['客户', '名称'], required: true, width: 20, hint: '唯一：按客户名称新增或更新' },
    {
      key: 'owner',
      header: '负责人',
      aliases: ['销售', '客户经理'],
      required: true,
      width: 12,
      hint: '成员姓名（本文件成员表或系统中已有）',
    },
    {
      key: 'stage',
      header: '阶段',
      aliases: ['客户阶段'],
      required: true,
      width: 10,
      list: STAGE_LIST,
      hint: '孵化型 / 成长型 / 稳定型 / 衰退型（也可写 孵化、成长…）',
    },
    {
      key: 'stageSince',
      header: '阶段起始日期',
      aliases: ['进入阶段日期'],
      width: 14,
      kind: 'date',
      hint: '如 2026-01-15；留空为导入当天（阶段变化时）',
    },
    {
      key: 'baseline',
      header: '基线金额(元)',
      aliases: ['基线', '近四季度采购额'],
      width: 16,
      kind: 'yuan',
      hint: '近四个季度采购额；可写 4.2亿、350万',
    },
    { key: 'potential', header: '年度潜力(元)', aliases: ['年度潜力'], width: 16, kind: 'yuan', hint: '孵化型客户的年度潜力估算，可留空' },
    { key: 'aliases', header: '别名', width: 20, hint: '聊天里的简称，多个用 、 或 , 分隔' },
  ],
};

export const ORDER_SHEET: SheetDef<'key' | 'customer' | 'kind' | 'date' | 'amount'> = {
  name: '订单',
  aliases: ['orders', '订单回款', '回款'],
  columns: [
    {
      key: 'key',
      header: '订单编号',
      aliases: ['单号', '编号'],
      width: 18,
      hint: '唯一：按编号新增或更新；留空时按 客户+类型+日期+金额 识别',
    },
    { key: 'customer', header: '客户名称', aliases: ['客户'], required: true, width: 20, hint: '客户表或系统中已有的客户' },
    { key: 'kind', header: '类型', width: 8, list: Object.values(KIND_LABELS), hint: '订单 / 回款；留空为订单' },
    { key: 'date', header: '日期', required: true, width: 12, kind: 'date', hint: '如 2026-11-20、2026/11/20 或 Excel 日期' },
    {
      key: 'amount',
      header: '金额(元)',
      aliases: ['金额'],
      required: true,
      width: 16,
      kind: 'yuan',
      hint: '非负；可写 1200000、120万、4.2亿',
    },
  ],
};

export const STAGE_HISTORY_SHEET: SheetDef<'customer' | 'stage' | 'since'> = {
  name: '阶段历史',
  aliases: ['stage_history', '阶段变化'],
  columns: [
    { key: 'customer', header: '客户名称', aliases: ['客户'], required: true, width: 20, hint: '客户表或系统中已有的客户' },
    {
      key: 'stage',
      header: '阶段',
      aliases: ['客户阶段'],
      required: true,
      width: 10,
      list: STAGE_LIST,
      hint: '孵化型 / 成长型 / 稳定型 / 衰退型',
    },
    {
      key: 'since',
      header: '起始日期',
      aliases: ['阶段起始日期', '日期'],
      required: true,
      width: 14,
      kind: 'date',
      hint: '进入该阶段的日期；早于客户表的「阶段起始日期」',
    },
  ],
};

export const ACTION_LOG_SHEET: SheetDef<'rep' | 'customer' | 'action' | 'date' | 'note'> = {
  name: '动作记录',
  aliases: ['action_logs', '动作', '拜访记录'],
  columns: [
    { key: 'rep', header: '销售', aliases: ['负责人', '姓名'], required: true, width: 12, hint: '做这件事的成员姓名' },
    { key: 'customer', header: '客户', aliases: ['客户名称'], required: true, width: 20, hint: '客户表或系统中已有的客户' },
    { key: 'action', header: '动作', aliases: ['动作类型'], required: true, width: 14, hint: '如 高层拜访、技术答疑（动作名或别名）' },
    { key: 'date', header: '日期', required: true, width: 12, kind: 'date', hint: '做这件事的日期' },
    { key: 'note', header: '备注', width: 24, hint: '可留空；同一人同一天同一客户同一动作、备注也相同的两行算两次' },
  ],
};

export const IMPORT_SHEETS = [MEMBER_SHEET, CUSTOMER_SHEET, ORDER_SHEET, STAGE_HISTORY_SHEET, ACTION_LOG_SHEET] as const;

const ROLE_WORDS: Record<string, keyof typeof ROLE_LABELS> = {
  销售: 'rep',
  rep: 'rep',
  销售代表: 'rep',
  主管: 'manager',
  经理: 'manager',
  区域主管: 'manager',
  manager: 'manager',
  管理员: 'admin',
  admin: 'admin',
};
const KIND_WORDS: Record<string, keyof typeof KIND_LABELS> = {
  订单: 'order',
  order: 'order',
  回款: 'collection',
  收款: 'collection',
  collection: 'collection',
};

export const parseRole = (w: string) => ROLE_WORDS[w.trim().toLowerCase()] ?? null;
export const parseKind = (w: string) => KIND_WORDS[w.trim().toLowerCase()] ?? null;

/** Aliases cell: '重工、华重,HDZG' -> ['重工', '华重', 'HDZG']. */
export function parseAliases(cell: string): string[] {
  return cell
    .split(/[、,，;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const joinAliases = (aliases: string[]) => aliases.join('、');
