import type { Stage } from './stages.js';

// Action packs (动作包) of docs/method.md step 2. These are the defaults; a team overrides them
// in configuration (see README) and the seeded action_types / pack_items tables hold the live copy.

export type Frequency =
  /** n items per period; 'biweek' = a 2-week period. */
  | { kind: 'periodic'; period: 'biweek' | 'month' | 'quarter' | 'half' | 'year'; times: number }
  /** in the windowDays before each listed holiday. */
  | { kind: 'holiday'; holidays: string[]; windowDays: number }
  /** once, within withinDays of entering the stage. */
  | { kind: 'on_entry'; withinDays: number }
  /** within withinDays of entering the stage, then every month while in it. */
  | { kind: 'on_entry_then_monthly'; withinDays: number };

export interface ActionDef {
  code: string;
  name: string;
  aliases: string[];
  /** null for actions that can be logged but belong to no pack (普通拜访 …). */
  stage: Stage | null;
  frequency: Frequency | null;
}

export const DEFAULT_HOLIDAYS = ['春节', '端午', '中秋', '国庆'];

export const DEFAULT_ACTIONS: ActionDef[] = [
  {
    code: 'onsite_revisit',
    name: '现场回访',
    aliases: ['回访', '现场拜访'],
    stage: 'incubating',
    frequency: { kind: 'periodic', period: 'month', times: 1 },
  },
  {
    code: 'tech_qa',
    name: '技术答疑',
    aliases: ['答疑', '技术交流'],
    stage: 'incubating',
    frequency: { kind: 'periodic', period: 'biweek', times: 1 },
  },
  {
    code: 'trial_upgrade',
    name: '试用升级方案',
    aliases: ['试用方案', '升级方案'],
    stage: 'incubating',
    frequency: { kind: 'periodic', period: 'quarter', times: 1 },
  },
  {
    code: 'exec_visit',
    name: '高层拜访',
    aliases: ['高层', '拜访高层'],
    stage: 'growing',
    frequency: { kind: 'periodic', period: 'quarter', times: 1 },
  },
  {
    code: 'competitor_report',
    name: '竞品对比报告',
    aliases: ['竞品报告', '竞品对比'],
    stage: 'growing',
    frequency: { kind: 'periodic', period: 'quarter', times: 1 },
  },
  {
    code: 'joint_case',
    name: '联合案例打造',
    aliases: ['联合案例', '案例'],
    stage: 'growing',
    frequency: { kind: 'periodic', period: 'half', times: 1 },
  },
  {
    code: 'satisfaction_survey',
    name: '满意度调研',
    aliases: ['满意度', '调研'],
    stage: 'stable',
    frequency: { kind: 'periodic', period: 'half', times: 1 },
  },
  {
    code: 'annual_review',
    name: '年度服务回顾会议',
    aliases: ['服务回顾', '年度回顾'],
    stage: 'stable',
    frequency: { kind: 'periodic', period: 'year', times: 1 },
  },
  {
    code: 'holiday_care',
    name: '节日专属关怀',
    aliases: ['节日关怀', '关怀'],
    stage: 'stable',
    frequency: { kind: 'holiday', holidays: DEFAULT_HOLIDAYS, windowDays: 14 },
  },
  {
    code: 'churn_interview',
    name: '流失预警访谈',
    aliases: ['预警访谈', '流失访谈'],
    stage: 'declining',
    frequency: { kind: 'on_entry', withinDays: 14 },
  },
  {
    code: 'improvement_proposal',
    name: '专项改善提案',
    aliases: ['改善提案', '提案'],
    stage: 'declining',
    frequency: { kind: 'on_entry', withinDays: 30 },
  },
  {
    code: 'tech_support',
    name: '技术支持介入',
    aliases: ['技术支持', '技术介入'],
    stage: 'declining',
    frequency: { kind: 'on_entry_then_monthly', withinDays: 30 },
  },
  // Logged and reported, never counted toward completion (docs/method.md: "Other actions").
  { code: 'ordinary_visit', name: '普通拜访', aliases: ['拜访'], stage: null, frequency: null },
  { code: 'phone_call', name: '电话', aliases: ['电话沟通', '打电话'], stage: null, frequency: null },
  { code: 'demo', name: '方案演示', aliases: ['演示'], stage: null, frequency: null },
  { code: 'decision_chain', name: '决策链打通', aliases: ['决策链'], stage: null, frequency: null },
];

export function packOf(stage: Stage, actions: ActionDef[] = DEFAULT_ACTIONS): ActionDef[] {
  return actions.filter((a) => a.stage === stage);
}
