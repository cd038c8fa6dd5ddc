import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyStageEvent, consensusRate, replayStageEvents, type StageEvent, type StageState } from '../../src/domain/consensus.js';
import { STAGES, type Stage } from '../../src/domain/stages.js';

const REP = 11;
const MGR = 1;
const at = (n: number) => `2026-11-${String(n).padStart(2, '0')}T09:00:00+08:00`;
const fresh: StageState = { effective: null, pending: null };
const stable: StageState = { effective: 'stable', pending: null };

describe('consensusRate', () => {
  it('is null with no reviews', () => expect(consensusRate([])).toBeNull());
  it('is the share of reviews where the rep pick stood', () => {
    const d = (repPick: Stage, finalStage: Stage) => ({ repPick, finalStage });
    expect(consensusRate([d('growing', 'growing'), d('stable', 'stable'), d('stable', 'declining'), d('incubating', 'incubating')])).toBe(
      0.75,
    );
  });
});

describe('applyStageEvent', () => {
  it('a proposal alone changes nothing effective', () => {
    const t = applyStageEvent(stable, { type: 'rep_propose', repPick: 'growing', reason: '', suggested: 'growing', by: REP, at: at(1) });
    expect(t.ok && t.state).toEqual({ effective: 'stable', pending: { repPick: 'growing', reason: '', by: REP, at: at(1) } });
    expect(t.ok && t.history).toBeNull();
  });

  it('rep and manager agree → takes effect, with history and an agreeing decision', () => {
    const r = replayStageEvents(stable, [
      { type: 'rep_propose', repPick: 'growing', reason: '', suggested: 'growing', by: REP, at: at(1) },
      { type: 'manager_approve', by: MGR, at: at(2) },
    ]);
    expect(r.error).toBeNull();
    expect(r.state).toEqual({ effective: 'growing', pending: null });
    expect(r.history).toEqual([{ from: 'stable', to: 'growing', by: MGR, at: at(2), why: '销售自评成长型（采纳系统建议），主管确认' }]);
    expect(r.decisions).toEqual([{ repPick: 'growing', finalStage: 'growing' }]);
  });

  it('picking another stage than the suggestion needs a reason', () => {
    const bad = applyStageEvent(fresh, { type: 'rep_propose', repPick: 'stable', reason: ' ', suggested: 'declining', by: REP, at: at(1) });
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.error).toContain('衰退型');
    const good = applyStageEvent(fresh, {
      type: 'rep_propose',
      repPick: 'stable',
      reason: '每年Q2固定招标',
      suggested: 'declining',
      by: REP,
      at: at(1),
    });
    expect(good.ok).toBe(true);
  });

  it('the manager choosing another stage is a disagreement: takes effect, reason required', () => {
    const proposed = applyStageEvent(stable, {
      type: 'rep_propose',
      repPick: 'stable',
      reason: '客户说明年加单',
      suggested: 'declining',
      by: REP,
      at: at(1),
    });
    if (!proposed.ok) throw new Error(proposed.error);
    expect(applyStageEvent(proposed.state, { type: 'manager_choose', stage: 'declining', by: MGR, at: at(2) }).ok).toBe(false);
    const t = applyStageEvent(proposed.state, {
      type: 'manager_choose',
      stage: 'declining',
      reason: '两季度同比 -30%',
      by: MGR,
      at: at(2),
    });
    if (!t.ok) throw new Error(t.error);
    expect(t.state.effective).toBe('declining');
    expect(t.history?.why).toBe('主管复核改为衰退型：两季度同比 -30%；销售自评稳定型（客户说明年加单）');
    expect(t.decision).toEqual({ repPick: 'stable', finalStage: 'declining' });
  });

  it('choosing the same stage as the rep is agreement', () => {
    const r = replayStageEvents(fresh, [
      { type: 'rep_propose', repPick: 'incubating', reason: '', by: REP, at: at(1) },
      { type: 'manager_choose', stage: 'incubating', by: MGR, at: at(2) },
    ]);
    expect(r.state.effective).toBe('incubating');
    expect(r.history[0]).toMatchObject({ from: null, to: 'incubating' });
    expect(consensusRate(r.decisions)).toBe(1);
  });

  it('approval with nothing pending is refused', () => {
    expect(applyStageEvent(stable, { type: 'manager_approve', by: MGR, at: at(1) })).toMatchObject({
      ok: false,
      error: '没有待复核的阶段提议',
    });
  });

  it('override works without a proposal, needs a reason, and resolves a pending one', () => {
    expect(applyStageEvent(stable, { type: 'manager_override', stage: 'declining', reason: '', by: MGR, at: at(1) }).ok).toBe(false);
    const t = applyStageEvent(stable, { type: 'manager_override', stage: 'declining', reason: '客户招标转向竞品', by: MGR, at: at(1) });
    expect(t.ok && t.history).toEqual({ from: 'stable', to: 'declining', by: MGR, at: at(1), why: '主管直接调整：客户招标转向竞品' });
    expect(t.ok && t.decision).toBeNull();
    const r = replayStageEvents(stable, [
      { type: 'rep_propose', repPick: 'growing', reason: '新产线', by: REP, at: at(1) },
      { type: 'manager_override', stage: 'stable', reason: '订单尚未落地', by: MGR, at: at(2) },
    ]);
    expect(r.state).toEqual({ effective: 'stable', pending: null });
    expect(r.history).toEqual([]); // unchanged stage: no history entry
    expect(r.decisions).toEqual([{ repPick: 'growing', finalStage: 'stable' }]);
  });
});

const stageArb = fc.constantFrom(...STAGES);
const eventArb: fc.Arbitrary<StageEvent> = fc.oneof(
  fc.record({
    type: fc.constant('rep_propose' as const),
    repPick: stageArb,
    reason: fc.constantFrom('', '理由'),
    suggested: fc.option(stageArb),
    by: fc.constant(REP),
    at: fc.constant(at(1)),
  }),
  fc.record({ type: fc.constant('manager_approve' as const), by: fc.constant(MGR), at: fc.constant(at(2)) }),
  fc.record({
    type: fc.constant('manager_choose' as const),
    stage: stageArb,
    reason: fc.constantFrom('', '理由'),
    by: fc.constant(MGR),
    at: fc.constant(at(2)),
  }),
  fc.record({
    type: fc.constant('manager_override' as const),
    stage: stageArb,
    reason: fc.constantFrom('', '理由'),
    by: fc.constant(MGR),
    at: fc.constant(at(3)),
  }),
);

describe('applyStageEvent properties', () => {
  it('the effective stage changes only by manager agreement or override, and every change is in the history', () => {
    fc.assert(
      fc.property(fc.option(stageArb), fc.array(eventArb, { maxLength: 20 }), (start, events) => {
        let state: StageState = { effective: start, pending: null };
        for (const e of events) {
          const t = applyStageEvent(state, e);
          if (!t.ok) continue;
          if (e.type === 'rep_propose') expect(t.state.effective).toBe(state.effective);
          if (t.state.effective !== state.effective) {
            expect(t.history).toMatchObject({ from: state.effective, to: t.state.effective, by: MGR });
            expect(t.history!.why.length).toBeGreaterThan(0);
          } else {
            expect(t.history).toBeNull();
          }
          if (e.type === 'manager_approve') expect(t.state.effective).toBe(state.pending!.repPick);
          state = t.state;
        }
      }),
    );
  });
});
