import pino, { type DestinationStream, type Logger } from 'pino';
import { loadCalendar } from './calendar-file.js';
import type { Config } from './config.js';
import type { Clock } from './core/clock.js';
import { Memo } from './core/memo.js';
import type { DB } from './db/client.js';
import { ActionLogsRepo } from './db/repos/action-logs.repo.js';
import { ActionTypesRepo } from './db/repos/action-types.repo.js';
import { CalibrationsRepo } from './db/repos/calibrations.repo.js';
import { CustomersRepo } from './db/repos/customers.repo.js';
import { DueItemsRepo } from './db/repos/due-items.repo.js';
import { FrequencyOverridesRepo } from './db/repos/frequency-overrides.repo.js';
import { InboundEventsRepo } from './db/repos/inbound-events.repo.js';
import { JobLeasesRepo } from './db/repos/job-leases.repo.js';
import { JobRunsRepo } from './db/repos/job-runs.repo.js';
import { MembersRepo } from './db/repos/members.repo.js';
import { OneTapRepo } from './db/repos/one-tap.repo.js';
import { OrdersRepo } from './db/repos/orders.repo.js';
import { OutboxRepo } from './db/repos/outbox.repo.js';
import { PendingIdentitiesRepo } from './db/repos/pending-identities.repo.js';
import { PlanItemsRepo } from './db/repos/plan-items.repo.js';
import { RegionActivityRepo } from './db/repos/region-activity.repo.js';
import { RegionWindowRepo } from './db/repos/region-window.repo.js';
import { RegionsRepo } from './db/repos/regions.repo.js';
import { ScopeReadsRepo } from './db/repos/scope-reads.repo.js';
import { StageRepo } from './db/repos/stage.repo.js';
import { StageReviewsRepo } from './db/repos/stage-reviews.repo.js';
import { TargetVersionsRepo } from './db/repos/target-versions.repo.js';
import { WarningResponsesRepo } from './db/repos/warning-responses.repo.js';
import type { WorkCalendar } from './domain/calendar.js';
import { type LocalDate, localDateOf } from './domain/dates.js';

// The one composition root: routes, commands, jobs and CLIs all take this bundle.

export interface Services {
  config: Config;
  db: DB;
  clock: Clock;
  log: Logger;
  repos: {
    members: MembersRepo;
    customers: CustomersRepo;
    regions: RegionsRepo;
    actionTypes: ActionTypesRepo;
    logs: ActionLogsRepo;
    dueItems: DueItemsRepo;
    inbound: InboundEventsRepo;
    pendingIdentities: PendingIdentitiesRepo;
    outbox: OutboxRepo;
    jobRuns: JobRunsRepo;
    leases: JobLeasesRepo;
    warningResponses: WarningResponsesRepo;
    reviews: StageReviewsRepo;
    stages: StageRepo;
    targets: TargetVersionsRepo;
    frequencies: FrequencyOverridesRepo;
    plans: PlanItemsRepo;
    orders: OrdersRepo;
    calibrations: CalibrationsRepo;
    activity: RegionActivityRepo;
    regionWindow: RegionWindowRepo;
    scopeReads: ScopeReadsRepo;
    oneTap: OneTapRepo;
  };
  /** Today's date in the team's time zone. */
  today(): LocalDate;
  /** The one working-day calendar: chinese-days plus the team's CALENDAR_FILE overrides. */
  calendar: WorkCalendar;
  /** Process-lifetime memos (a calibration read, the dashboard secret): no module keeps its own. */
  memo: Memo;
}

/**
 * Request logs without credentials: dashboard links carry their token in the query (t=, token=),
 * and webhook signatures sit in headers, which are not logged at all.
 */
export function redactRequest(req: { method?: string; url?: string; host?: string; ip?: string }) {
  return { method: req.method, url: redactUrl(req.url ?? ''), host: req.host, remoteAddress: req.ip };
}

/** Query parameters that are credentials: link tokens, the console and metrics tokens. */
export const CREDENTIAL_PARAMS: readonly string[] = ['t', 'token', 'access_token', 'key'];

/** Every occurrence of every credential parameter, also when its name is percent-encoded (%74=…). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        /* keep it raw */
      }
      return CREDENTIAL_PARAMS.includes(key.trim().toLowerCase()) ? `${rawKey}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/** JSON lines for a log collector; pino-pretty when a person watches a terminal (stdout is a TTY). */
export function createLogger(level: string, stream?: DestinationStream): Logger {
  const options = { level, serializers: { req: redactRequest } };
  if (stream) return pino(options, stream);
  if (process.stdout.isTTY)
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } });
  return pino(options);
}

export function createServices(opts: { config: Config; db: DB; clock: Clock; log?: Logger }): Services {
  const { config, db, clock } = opts;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  return {
    config,
    db,
    clock,
    log,
    repos: {
      members: new MembersRepo(db),
      customers: new CustomersRepo(db),
      regions: new RegionsRepo(db),
      actionTypes: new ActionTypesRepo(db),
      logs: new ActionLogsRepo(db),
      dueItems: new DueItemsRepo(db),
      inbound: new InboundEventsRepo(db),
      pendingIdentities: new PendingIdentitiesRepo(db),
      outbox: new OutboxRepo(db),
      jobRuns: new JobRunsRepo(db),
      leases: new JobLeasesRepo(db),
      warningResponses: new WarningResponsesRepo(db),
      reviews: new StageReviewsRepo(db),
      stages: new StageRepo(db),
      targets: new TargetVersionsRepo(db),
      frequencies: new FrequencyOverridesRepo(db),
      plans: new PlanItemsRepo(db),
      orders: new OrdersRepo(db),
      calibrations: new CalibrationsRepo(db),
      activity: new RegionActivityRepo(db),
      regionWindow: new RegionWindowRepo(db),
      scopeReads: new ScopeReadsRepo(db),
      oneTap: new OneTapRepo(db),
    },
    today: () => localDateOf(clock.now(), config.TEAM_TIMEZONE),
    calendar: loadCalendar(config),
    memo: new Memo(),
  };
}
