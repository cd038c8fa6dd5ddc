import { retryTransient, TransientError } from '../../core/errors.js';
import { isBusy } from '../../db/client.js';
import type { Services } from '../../services.js';
import { type ApplyResult, applyPlan, countActions } from './apply.js';
import { parseWorkbook } from './parse.js';
import { planImport } from './plan.js';
import type { ImportOptions, ImportPlan, Problem } from './types.js';
import { readXlsx } from './workbook.js';

// The import as the CLI and the dashboard use it: read, validate, and apply only when asked and
// only when there is no problem at all (a file with one bad row changes nothing).

export interface ImportReport {
  /** True when the file has no problem. */
  ok: boolean;
  applied: boolean;
  plan: ImportPlan;
  result: ApplyResult | null;
}

const ACTION_LABEL = { create: '新增', update: '更新', unchanged: '不变' } as const;
const MAX_LISTED = 200;

function emptyPlan(problem: Problem): ImportPlan {
  return { sheets: [], problems: [problem], newRegions: [], members: [], customers: [], orders: [], stageHistory: [], logs: [] };
}

/** Files above this many rows print progress (when the caller listens). */
export const PROGRESS_ROWS = 5_000;

export async function importXlsx(services: Services, buf: Buffer, opts: ImportOptions & { dryRun?: boolean } = {}): Promise<ImportReport> {
  let plan: ImportPlan;
  try {
    const raw = await readXlsx(buf);
    const rows = raw.reduce((s, sh) => s + sh.rows.length, 0);
    const say = rows > PROGRESS_ROWS ? opts.onProgress : undefined;
    opts = { ...opts, onProgress: say };
    say?.(`已读取 ${rows} 行（${raw.map((sh) => `${sh.name} ${sh.rows.length}`).join('，')}），校验中…`);
    plan = planImport(services, parseWorkbook(raw), opts);
    say?.(`校验完成：${plan.problems.length} 个问题`);
  } catch (err) {
    const reason = `文件不是有效的 .xlsx 工作簿，无法读取（${(err as Error).message.slice(0, 80)}）；请用 Excel 另存为 .xlsx 后再导入`;
    plan = emptyPlan({ sheet: '（文件）', row: null, column: null, reason });
  }
  const ok = plan.problems.length === 0;
  if (!ok || opts.dryRun) return { ok, applied: false, plan, result: null };
  const result = await applyWhenFree(services, plan, opts);
  if (result === null) return { ok: false, applied: false, plan: { ...plan, problems: [BUSY] }, result: null };
  return { ok, applied: true, plan, result };
}

const BUSY: Problem = {
  sheet: '（文件）',
  row: null,
  column: null,
  reason: '数据库正忙（另一个程序正在写入），没有导入任何数据；文件本身没有问题，请稍后再导入一次',
};

/**
 * The apply is one IMMEDIATE transaction; another process holding the write lock rolls it back
 * whole, so it is retried with backoff on timers (src/core/errors.ts), never a long synchronous wait
 * on the server's thread. Null when the lock stayed taken.
 */
async function applyWhenFree(services: Services, plan: ImportPlan, opts: ImportOptions): Promise<ApplyResult | null> {
  const once = async () => {
    try {
      return applyPlan(services, plan, opts);
    } catch (err) {
      throw isBusy(err) ? new TransientError('database busy during the import', err) : err;
    }
  };
  return retryTransient(once).catch((err: unknown) => {
    if (err instanceof TransientError) return null;
    throw err;
  });
}

export type ImportJson = ReturnType<typeof reportJson>;

/** The report as JSON for the dashboard: counts, every change (not the unchanged rows) and every problem. */
export function reportJson(r: ImportReport) {
  const { plan } = r;
  const all = [...plan.members, ...plan.customers, ...plan.orders, ...plan.stageHistory, ...plan.logs].filter(
    (o) => o.action !== 'unchanged',
  );
  // A 50,000-row file lists its first changes; the counts in the summary cover all of them.
  const changes = all
    .slice(0, MAX_LISTED)
    .map((o) => ({ sheet: o.sheet, row: o.row, key: o.key, action: o.action, label: ACTION_LABEL[o.action], details: o.details }));
  return {
    ok: r.ok,
    applied: r.applied,
    sheets: plan.sheets,
    newRegions: plan.newRegions,
    summary: {
      成员: countActions(plan.members),
      客户: countActions(plan.customers),
      订单: countActions(plan.orders),
      阶段历史: countActions(plan.stageHistory),
      动作记录: countActions(plan.logs),
    },
    changes,
    changesNotListed: all.length - changes.length,
    problems: plan.problems,
  };
}

export function problemLine(p: Problem): string {
  const where = [p.sheet, p.row === null ? null : `第 ${p.row} 行`, p.column === null ? null : `「${p.column}」列`]
    .filter(Boolean)
    .join(' ');
  return `${where}：${p.reason}`;
}

/** Plain text for the command line. */
export function formatReport(r: ImportReport): string {
  const j = reportJson(r);
  const out: string[] = [];
  if (j.sheets.length) out.push(`读取工作表：${j.sheets.join('、')}`);
  for (const [sheet, c] of Object.entries(j.summary)) {
    if (c.create + c.update + c.unchanged > 0) out.push(`${sheet}：新增 ${c.create}，更新 ${c.update}，不变 ${c.unchanged}`);
  }
  if (j.newRegions.length) out.push(`新建区域：${j.newRegions.join('、')}（默认阶段权重 成长40% 孵化15% 稳定30% 衰退5%）`);
  for (const c of j.changes)
    out.push(`  ${c.label} ${c.sheet} 第 ${c.row} 行 ${c.key}${c.details.length ? `：${c.details.join('；')}` : ''}`);
  if (j.changesNotListed > 0) out.push(`  ……另有 ${j.changesNotListed} 处变化未逐条列出（数量见上方汇总）`);
  if (r.result?.pastItems) out.push(`按阶段历史和动作包重建过去季度的应做事项 ${r.result.pastItems} 件，并与动作记录匹配。`);
  if (j.problems.length) {
    out.push(`发现 ${j.problems.length} 个问题，没有导入任何数据：`);
    for (const p of j.problems) out.push(`  ${problemLine(p)}`);
  } else {
    if (j.changes.length === 0 && j.newRegions.length === 0) out.push('与系统一致，没有需要变化的数据。');
    else out.push(r.applied ? '已导入。' : '预演（--dry-run）：以上为将要发生的变化，没有写入。');
  }
  return out.join('\n');
}
