// The four customer stages of the method (docs/method.md, step 1).
export const STAGES = ['incubating', 'growing', 'stable', 'declining'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  incubating: '孵化型',
  growing: '成长型',
  stable: '稳定型',
  declining: '衰退型',
};

export const STAGE_SHORT: Record<Stage, string> = {
  incubating: '孵化',
  growing: '成长',
  stable: '稳定',
  declining: '衰退',
};

const STAGE_WORDS: Record<string, Stage> = {
  孵化: 'incubating',
  孵化型: 'incubating',
  incubating: 'incubating',
  incubate: 'incubating',
  成长: 'growing',
  成长型: 'growing',
  growing: 'growing',
  growth: 'growing',
  稳定: 'stable',
  稳定型: 'stable',
  stable: 'stable',
  衰退: 'declining',
  衰退型: 'declining',
  declining: 'declining',
  decline: 'declining',
};

/** Accepts 成长, 成长型 and growing alike; null when the word names no stage. */
export function parseStage(word: string): Stage | null {
  return STAGE_WORDS[word.trim().toLowerCase()] ?? null;
}
