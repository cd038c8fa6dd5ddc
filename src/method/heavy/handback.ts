import type { Services } from '../../services.js';

// A job body running in the heavy worker (job-kinds.ts) may ask for another heavy job: the Monday
// report starts a region's calibration when none of the quarter is stored (calibration-store.ts).
// The worker does not start it itself (a worker inside the worker, unseen by the main thread's
// queue and dedupe, would run a second replay beside a /预测 that asked for the same one): the
// request is collected and handed back with the body's result, and the main thread starts it.

export interface HandedBack {
  kind: string;
  args: unknown;
}

const listOf = (services: Services) => services.memo.get<{ jobs: HandedBack[] | null }>('heavy-handback', () => ({ jobs: null }));

/** The list collecting heavy jobs asked for now, or null when they start as usual. */
export function handBackList(services: Services): HandedBack[] | null {
  return listOf(services).jobs;
}

/** Runs fn; the heavy jobs it asks for are collected and returned instead of started. */
export function collectHandedBack<T>(services: Services, fn: () => T): { value: T; handedBack: HandedBack[] } {
  const state = listOf(services);
  const previous = state.jobs;
  const handedBack: HandedBack[] = [];
  state.jobs = handedBack;
  try {
    return { value: fn(), handedBack };
  } finally {
    state.jobs = previous;
  }
}
