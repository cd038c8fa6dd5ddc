import type { Services } from '../../services.js';
import { JOB_BODIES, type JobBodyName } from '../jobs/bodies.js';
import type { JobResult } from '../jobs/types.js';
import { collectHandedBack, type HandedBack } from './handback.js';

// The `job` heavy kind: a scheduled job's body (src/method/jobs/bodies.ts) in the worker, on its own
// connection. It computes every region's messages there and commits the run record and the outbox rows
// in one transaction on that connection (the job_runs row keeps the run once per period across
// instances); the main process's outbox pump delivers them. What comes back is plain data: the result
// without `pending` (these bodies leave nothing pending) and the heavy jobs the body asked for, which
// the main thread starts (handback.ts).

export interface JobKinds {
  job: {
    args: { name: JobBodyName; atMs: number; late: boolean };
    result: { result: Omit<JobResult, 'pending'>; handedBack: HandedBack[] };
  };
}

export function runJobKind(services: Services, { name, atMs, late }: JobKinds['job']['args']): JobKinds['job']['result'] {
  const body = JOB_BODIES[name];
  if (!body) throw new Error(`unknown job body: ${name}`);
  const { value, handedBack } = collectHandedBack(services, () => body(services, new Date(atMs), { late }));
  const { pending: _none, ...result } = value;
  return { result, handedBack };
}
