import { STAGE_LABELS, type Stage } from './stages.js';

// Dual confirmation (双人确认制, docs/method.md step 1): the rep assesses, the manager reviews; a stage
// takes effect only when both agree or the manager overrides. Every change records who, when,
// from, to and why. The share of reviews where the rep's pick stood is the consensus rate.

export interface StageDecision {
  repPick: Stage;
  finalStage: Stage;
}

/** Share of reviews in which the manager's final stage equals the rep's pick; null when none. */
export function consensusRate(decisions: readonly StageDecision[]): number | null {
  if (decisions.length === 0) return null;
  return decisions.filter((d) => d.repPick === d.finalStage).length / decisions.length;
}

export interface PendingProposal {
  repPick: Stage;
  reason: string;
  by: number;
  at: string;
}

export interface StageState {
  /** null for a customer whose stage has never been confirmed. */
  effective: Stage | null;
  pending: PendingProposal | null;
}

export interface StageHistoryEntry {
  from: Stage | null;
  to: Stage;
  by: number;
  at: string;
  why: string;
}

export type StageEvent =
  /** The rep accepts the suggestion or picks another stage (then a reason is required). */
  | { type: 'rep_propose'; repPick: Stage; reason: string; suggested?: Stage | null; by: number; at: string }
  /** The manager agrees with the pending proposal. */
  | { type: 'manager_approve'; by: number; at: string }
  /** The manager reviews the pending proposal and picks the final stage (a different one needs a reason). */
  | { type: 'manager_choose'; stage: Stage; reason?: string; by: number; at: string }
  /** The manager sets the stage directly, with or without a pending proposal. */
  | { type: 'manager_override'; stage: Stage; reason: string; by: number; at: string };

export type StageTransition =
  | {
      ok: true;
      state: StageState;
      /** Present only when the effective stage changed. */
      history: StageHistoryEntry | null;
      /** Present when a rep's proposal was resolved: the input of the consensus rate. */
      decision: StageDecision | null;
    }
  | { ok: false; error: string };

const label = (s: Stage) => STAGE_LABELS[s];

export function applyStageEvent(state: StageState, event: StageEvent): StageTransition {
  switch (event.type) {
    case 'rep_propose': {
      const differs = event.suggested != null && event.suggested !== event.repPick;
      if (differs && event.reason.trim() === '') {
        return { ok: false, error: `选择与系统建议（${label(event.suggested!)}）不同的阶段时，请写明理由` };
      }
      // A new proposal replaces an unreviewed earlier one: the rep changed their mind.
      const pending = { repPick: event.repPick, reason: event.reason.trim(), by: event.by, at: event.at };
      return { ok: true, state: { ...state, pending }, history: null, decision: null };
    }
    case 'manager_approve':
    case 'manager_choose': {
      const p = state.pending;
      if (!p) return { ok: false, error: '没有待复核的阶段提议' };
      const final = event.type === 'manager_approve' ? p.repPick : event.stage;
      const managerReason = event.type === 'manager_choose' ? (event.reason ?? '').trim() : '';
      if (final !== p.repPick && managerReason === '') return { ok: false, error: '改判为与销售自评不同的阶段时，请写明理由' };
      const repPart = `销售自评${label(p.repPick)}（${p.reason || '采纳系统建议'}）`;
      const why = final === p.repPick ? `${repPart}，主管确认` : `主管复核改为${label(final)}：${managerReason}；${repPart}`;
      return resolve(state, final, event.by, event.at, why, { repPick: p.repPick, finalStage: final });
    }
    case 'manager_override': {
      const reason = event.reason.trim();
      if (reason === '') return { ok: false, error: '主管直接调整阶段时，请写明理由' };
      const p = state.pending;
      const decision = p ? { repPick: p.repPick, finalStage: event.stage } : null;
      return resolve(state, event.stage, event.by, event.at, `主管直接调整：${reason}`, decision);
    }
  }
}

function resolve(state: StageState, to: Stage, by: number, at: string, why: string, decision: StageDecision | null): StageTransition {
  const history = state.effective === to ? null : { from: state.effective, to, by, at, why };
  return { ok: true, state: { effective: to, pending: null }, history, decision };
}

/** Replays events from a starting state, stopping at the first refused one (for audits and tests). */
export function replayStageEvents(
  initial: StageState,
  events: readonly StageEvent[],
): { state: StageState; history: StageHistoryEntry[]; decisions: StageDecision[]; error: string | null } {
  let state = initial;
  const history: StageHistoryEntry[] = [];
  const decisions: StageDecision[] = [];
  for (const e of events) {
    const t = applyStageEvent(state, e);
    if (!t.ok) return { state, history, decisions, error: t.error };
    state = t.state;
    if (t.history) history.push(t.history);
    if (t.decision) decisions.push(t.decision);
  }
  return { state, history, decisions, error: null };
}
