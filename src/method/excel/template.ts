import type { Cell, Column } from './workbook.js';

// What the import template shows besides the headers: one realistic example row per sheet and
// the general rules at the top of the 说明 sheet. Amounts are in 分 (the column writes 元).

/** The mark of an example or comment row: the import skips a row whose first cell starts with it. */
export const EXAMPLE_MARK = '#';

export const TEMPLATE_EXAMPLES: Record<string, Cell[]> = {
  成员: ['#示例 小李', '销售', '华东区', '张经理', 1_200_000_00],
  客户: ['#示例 华东重工', '小李', '成长型', '2026-01-15', 3_500_000_00, null, '重工、HDZG'],
  订单: ['#示例 SO-2026-0001', '华东重工', '订单', '2026-11-20', 1_250_000_00],
  阶段历史: ['#示例 华东重工', '孵化型', '2025-03-01'],
  动作记录: ['#示例 小李', '华东重工', '高层拜访', '2026-11-20', '与设备部王总交流明年扩产计划'],
};

export const HELP_COLUMNS: Column[] = [
  { header: '工作表', width: 10 },
  { header: '列', width: 16 },
  { header: '必填', width: 8 },
  { header: '说明', width: 70 },
];

export const TEMPLATE_RULES: Cell[][] = [
  ['（所有表）', '示例行', '', '示例行以 # 开头，导入时忽略；可以删掉，也可以留着。自己的行不要以 # 开头'],
  ['（所有表）', '表头', '', '第 1 行是表头，不要改名；成员、客户、订单 必有其一，阶段历史 和 动作记录 可删去'],
  ['（所有表）', '下拉列表', '', '角色、阶段、类型（以及 动作）可从下拉列表选择；也可写简称，如 成长、收款'],
  ['（所有表）', '金额', '', '单位为元；数字，或 4.2亿、350万、1,200 这样的写法'],
  ['（所有表）', '日期', '', 'Excel 日期，或 2026-11-20、2026/11/20 这样的写法'],
  ['（所有表）', '出错时', '', '有任何问题时不导入任何数据，并列出每一行的每个问题（表、行号、列）'],
];
