import type { ResourceLimits } from 'node:worker_threads';
import type { HeavyKind } from './kinds.js';

// V8 lets a heap grow to a few times what survives a collection before it collects again, so the
// calibration of the step-3 region (about 350 MB live at its peak: the region's facts and
// collections, the columns' objects of one quarter, src/method/metrics/calibration-replay.ts) took
// 1.1 GB of RSS uncapped. A cap on the worker's old generation makes V8 collect sooner (780 MB under
// 1,024 MB, docs/benchmarks.md), and a worker that outgrows it stops alone: V8 ends the worker
// (ERR_WORKER_OUT_OF_MEMORY), runHeavy rejects, /预测 keeps the article's defaults and the error is
// logged, where an uncapped one could take the server's memory with it. Kinds without an entry run
// uncapped (the backtest still reads the whole history as objects).
const OLD_GENERATION_MB: Partial<Record<HeavyKind, number>> = { calibration: 1024, calibrations: 1024 };

export function heapLimits(kind: HeavyKind): ResourceLimits | undefined {
  const mb = OLD_GENERATION_MB[kind];
  return mb === undefined ? undefined : { maxOldGenerationSizeMb: mb };
}
