import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt } from './schema-core.js';

// Delivery and bookkeeping tables: the durable inbox of inbound events, the outbox of messages to
// send, the runs of scheduled jobs, and people the platforms showed us who are not members yet.

/**
 * The durable inbox and dedupe record of inbound events. A verified event is written 'pending' with
 * its normalised form before the platform is acked, and turns 'done' in the transaction of its
 * effects; start-up resumes what is still pending (docs/operations.md, "What happens to a message").
 */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: integer('received_at').notNull(),
    // Rows written before the inbox existed were claims of processed events: 'done'.
    state: text('state', { enum: ['pending', 'done'] })
      .notNull()
      .default('done'),
    /** The neutral InboundEvent (src/core/events.ts) as JSON; null for events the console answers inline. */
    eventJson: text('event_json'),
    attempts: integer('attempts').notNull().default(0),
    doneAt: integer('done_at'),
  },
  (t) => [
    // Serves: the dedupe claim of every inbound event (INSERT … ON CONFLICT DO NOTHING).
    primaryKey({ columns: [t.platform, t.eventId] }),
    // Serves: the daily prune of rows older than the platforms' retry windows.
    index('inbound_events_received_idx').on(t.receivedAt),
    // Serves: resuming unfinished events at start-up.
    index('inbound_events_pending_idx').on(t.state, t.receivedAt),
  ],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Unique index serves: "was this message already enqueued" (a job or click writes each key once). */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    platform: text('platform').notNull(),
    targetKind: text('target_kind', { enum: ['chat', 'member'] }).notNull(),
    targetId: text('target_id').notNull(),
    /** JSON of the neutral Reply. */
    payloadJson: text('payload_json').notNull(),
    state: text('state', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    // Serves: the sender's "pending messages due now" scan.
    index('outbox_state_next_idx').on(t.state, t.nextAttemptAt),
  ],
);

export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    /** The period the run is for, e.g. '2026-W48': a job runs once per period. */
    periodKey: text('period_key').notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    detail: text('detail'),
  },
  (t) => [
    // Serves: "has job J already run for period P" (idempotency, catch-up).
    uniqueIndex('job_runs_job_period_uq').on(t.job, t.periodKey),
  ],
);

export const pendingIdentities = sqliteTable(
  'pending_identities',
  {
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    /** The name the platform's directory gave, matched against members.name. */
    name: text('name'),
    department: text('department'),
    /** The platform's id of this person's direct leader, used to default members.manager_id. */
    leaderExternalId: text('leader_external_id'),
    reason: text('reason', { enum: ['missing', 'ambiguous', 'conflict', 'lookup_failed'] }).notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [
    // One row per unknown person per platform, kept until an admin binds them to a member.
    primaryKey({ columns: [t.platform, t.externalId] }),
  ],
);
