import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { actionTypes, customers, members, regions } from './schema-core.js';

// Tables of the method's steps 1–2 and of the scheduled jobs (see schema-core.ts for the
// conventions: money in _fen, local dates as text, *_at in epoch milliseconds).

// ---- Method steps 1 and 2: dual confirmation, target versions, frequency overrides ----

export const stageReviews = sqliteTable(
  'stage_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    repId: integer('rep_id')
      .notNull()
      .references(() => members.id),
    repPick: text('rep_pick').notNull(),
    /** The system's suggestion and its evidence in words, frozen at the time of the request. */
    suggested: text('suggested'),
    evidence: text('evidence'),
    reason: text('reason'),
    status: text('status', { enum: ['pending', 'approved', 'overridden', 'superseded'] })
      .notNull()
      .default('pending'),
    managerId: integer('manager_id').references(() => members.id),
    finalStage: text('final_stage'),
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
  },
  (t) => [
    // Serves: /review "customers waiting for review" and the consensus rate over decided reviews.
    index('stage_reviews_status_idx').on(t.status, t.customerId),
  ],
);

export const targetVersions = sqliteTable(
  'target_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    period: text('period').notNull(),
    version: integer('version').notNull(),
    targetFen: integer('target_fen').notNull(),
    weightsJson: text('weights_json').notNull(),
    /** The whole split (per rep and per customer, reserve, old way) as computed and adjusted. */
    splitJson: text('split_json').notNull(),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    createdById: integer('created_by_id').references(() => members.id),
    createdAt: integer('created_at').notNull(),
    publishedAt: integer('published_at'),
  },
  (t) => [
    // Serves: "the current (latest) version of region R's split for period P" (/target, /map).
    uniqueIndex('target_versions_region_period_version_uq').on(t.regionId, t.period, t.version),
  ],
);

export const frequencyOverrides = sqliteTable(
  'frequency_overrides',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    actionCode: text('action_code')
      .notNull()
      .references(() => actionTypes.code),
    frequencyJson: text('frequency_json').notNull(),
    /** Raising is immediate; lowering waits for the manager's approval by card. */
    status: text('status', { enum: ['active', 'pending', 'rejected'] }).notNull(),
    requestedById: integer('requested_by_id')
      .notNull()
      .references(() => members.id),
    approvedById: integer('approved_by_id').references(() => members.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    // Serves: "the frequency in force for (customer, action)" when a plan is generated.
    index('frequency_overrides_customer_action_idx').on(t.customerId, t.actionCode, t.status),
  ],
);

// ---- Scheduled work: leases and warning follow-ups ----

export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  /** Instance id holding the lease; two instances on one database never both run a job. */
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

export const warningResponses = sqliteTable(
  'warning_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: integer('rep_id')
      .notNull()
      .references(() => members.id),
    /** Monday of the week the warning was for. */
    week: text('week').notNull(),
    managerId: integer('manager_id')
      .notNull()
      .references(() => members.id),
    choice: text('choice', { enum: ['coaching', 'resources', 'acknowledged'] }).notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    // Serves: "what did the manager do about rep R's warning of week W" (report, dashboard).
    index('warning_responses_rep_week_idx').on(t.repId, t.week),
  ],
);

/**
 * The forecast's calibration per region (backtested MAPE and effect sizes, as JSON), computed by
 * the nightly job or on a miss, and read by /预测, the Monday report and the dashboard. The replay
 * behind it reads the region's whole history (minutes for a 2,000-rep region), so it is never
 * recomputed on a request while a stored one from the same quarter exists.
 */
export const calibrations = sqliteTable('calibrations', {
  regionId: integer('region_id')
    .primaryKey()
    .references(() => regions.id),
  /** The day it was computed for (team time zone). */
  asOf: text('as_of').notNull(),
  json: text('json').notNull(),
  computedAt: integer('computed_at').notNull(),
});

// ---- One-tap actions (issue 15 item 3) ----

/**
 * "The next plain message is the note of log L": written by a one-tap 「✓ 完成」, one row per member
 * (a newer tap replaces it), read by the router until `until`. In SQLite so it survives a restart;
 * platform-neutral, since a WeCom reply does not say which message it answers.
 */
export const pendingNotes = sqliteTable('pending_notes', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  logId: integer('log_id').notNull(),
  platform: text('platform').notNull(),
  chatId: text('chat_id').notNull(),
  until: integer('until').notNull(),
});

/** Every 「改期」 of a due item: who moved it, from which date to which, and when (history is kept). */
export const itemMoves = sqliteTable(
  'item_moves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id').notNull(),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    movedById: integer('moved_by_id')
      .notNull()
      .references(() => members.id),
    at: integer('at').notNull(),
  },
  (t) => [index('item_moves_item_idx').on(t.itemId)],
);

/** A coaching session a manager put on their own list from a warning's 「安排辅导」: one per rep and week. */
export const coachingItems = sqliteTable(
  'coaching_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    managerId: integer('manager_id')
      .notNull()
      .references(() => members.id),
    repId: integer('rep_id')
      .notNull()
      .references(() => members.id),
    /** Monday of the warning's week. */
    week: text('week').notNull(),
    dueDate: text('due_date').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('coaching_items_rep_week_uq').on(t.repId, t.week),
    // Serves: "the manager's coaching sessions due this week" (/我的, the Thursday reminder).
    index('coaching_items_manager_due_idx').on(t.managerId, t.dueDate),
  ],
);
