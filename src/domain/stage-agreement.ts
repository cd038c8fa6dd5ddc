import type { StageSuggestion } from './stage-suggest.js';
import { STAGES, type Stage } from './stages.js';

// How often the stage suggestion agrees with the stage the team confirmed (双人确认, docs/method.md
// step 1): the real-world measure of the suggestion. A suggestion that said 「证据不足」 kept the
// confirmed stage instead of judging, so it is counted apart, not as agreement.

export interface StageAgreement {
  judged: number;
  agree: number;
  rate: number | null;
  insufficient: number;
  /** Share of customers judged (not 「证据不足」): the agreement is over these only, so the two go together. */
  coverage: number | null;
  /** By confirmed stage: customers judged and those the suggestion agreed with. */
  byStage: Record<Stage, { judged: number; agree: number }>;
}

export function stageAgreement(rows: Array<{ confirmed: Stage; suggestion: StageSuggestion }>): StageAgreement {
  const byStage = Object.fromEntries(STAGES.map((s) => [s, { judged: 0, agree: 0 }])) as StageAgreement['byStage'];
  let insufficient = 0;
  for (const { confirmed, suggestion } of rows) {
    if (suggestion.insufficient) {
      insufficient += 1;
      continue;
    }
    byStage[confirmed].judged += 1;
    if (suggestion.stage === confirmed) byStage[confirmed].agree += 1;
  }
  const judged = STAGES.reduce((s, st) => s + byStage[st].judged, 0);
  const agree = STAGES.reduce((s, st) => s + byStage[st].agree, 0);
  const all = judged + insufficient;
  return { judged, agree, rate: judged === 0 ? null : agree / judged, insufficient, coverage: all === 0 ? null : judged / all, byStage };
}
