import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Money columns end in _fen and hold integer 分. Dates named *_on / *_date are local
// 'YYYY-MM-DD' strings in the team's time zone; *_at columns are epoch milliseconds.

export const createdAt = () => integer('created_at').notNull().default(sql`(unixepoch() * 1000)`);

export const regions = sqliteTable('regions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Unique index serves: /bind <区域> and the import's region look-up by name. */
  name: text('name').notNull().unique(),
  /** Stage weights in percent, JSON {"growing":40,"incubating":15,"stable":30,"declining":5}. */
  weightsJson: text('weights_json').notNull(),
  createdAt: createdAt(),
});

export const regionTargets = sqliteTable(
  'region_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    /** '2026' for a year, '2026-Q4' for a quarter. */
    period: text('period').notNull(),
    targetFen: integer('target_fen').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // Serves: "the target of region R for period P" (/target, the split).
    uniqueIndex('region_targets_region_period_uq').on(t.regionId, t.period),
  ],
);

export const regionChats = sqliteTable(
  'region_chats',
  {
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    boundAt: createdAt(),
  },
  (t) => [
    // Serves: "the group of region R on platform P" (the Monday report's targets).
    primaryKey({ columns: [t.regionId, t.platform] }),
    // Serves: "which region is this group bound to" when a message arrives in a group.
    uniqueIndex('region_chats_platform_chat_uq').on(t.platform, t.chatId),
  ],
);

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    role: text('role', { enum: ['rep', 'manager', 'admin'] }).notNull(),
    regionId: integer('region_id').references(() => regions.id),
    managerId: integer('manager_id'),
    /** Last year's collections of this rep, for the old-way split shown beside the new one. */
    lastYearFen: integer('last_year_fen').notNull().default(0),
    remindersPausedUntil: text('reminders_paused_until'),
    createdAt: createdAt(),
  },
  (t) => [
    // Serves: "members of region R" (reports, the split) and name look-ups in /profile.
    index('members_region_idx').on(t.regionId, t.name),
  ],
);

export const memberIdentities = sqliteTable(
  'member_identities',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
  },
  (t) => [
    // Serves: "who sent this message" (router identity look-up).
    primaryKey({ columns: [t.platform, t.externalId] }),
    // Serves: "where do I DM member M on platform P" (warnings, reminders).
    index('member_identities_member_idx').on(t.memberId, t.platform),
  ],
);

export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Unique index serves: the import's upsert by customer name and exact-name matching in /log. */
    name: text('name').notNull().unique(),
    /** JSON array of alternative names used in chat. */
    aliasesJson: text('aliases_json').notNull().default('[]'),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => members.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    stage: text('stage', { enum: ['incubating', 'growing', 'stable', 'declining'] }).notNull(),
    stageSince: text('stage_since').notNull(),
    baselineFen: integer('baseline_fen').notNull().default(0),
    potentialFen: integer('potential_fen'),
    // Kept by triggers (migration 0006), never written by the app: the date of the first
    // collection, and of the latest valid log of an action in the pack of the customer's current
    // stage. Heat and the forecast read them for 100,000 customers in one scan instead of a seek per
    // customer (RegionWindowRepo.customers).
    firstCollectionOn: text('first_collection_on'),
    lastPackActionOn: text('last_pack_action_on'),
    createdAt: createdAt(),
  },
  (t) => [
    // Serves: "customers of rep R" (/log matching, /my, the battle map).
    index('customers_owner_idx').on(t.ownerId),
    // Serves: "customers of region R by stage" (the split, the heat map).
    index('customers_region_stage_idx').on(t.regionId, t.stage),
  ],
);

// One row per table a kept view reads ('customers', 'members'): a counter the triggers of migration
// 0014 move on every insert, delete, or change of a column the view holds (not the trigger-kept dates
// above, which every action log moves). The dashboard's scope (src/method/access/scope.ts) reads it
// on each request, from any connection, to know whether its kept view is still what the tables hold.
export const viewVersions = sqliteTable('view_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull().default(0),
});

export const stageChanges = sqliteTable(
  'stage_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    byMemberId: integer('by_member_id').references(() => members.id),
    reason: text('reason'),
    at: integer('at').notNull(),
  },
  (t) => [
    // Serves: "the stage history of customer C" (review cards, profiles, transitions).
    index('stage_changes_customer_idx').on(t.customerId, t.at),
  ],
);

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: ['order', 'collection'] }).notNull(),
    date: text('date').notNull(),
    amountFen: integer('amount_fen').notNull(),
    /** Stable key from an import (e.g. the order number) so re-importing changes nothing. */
    externalKey: text('external_key'),
  },
  (t) => [
    // Serves: "orders of customer C in a date range" (stage suggestion, forecast), and the
    // triggers' recompute of a customer's first collection (migration 0006).
    index('orders_customer_date_idx').on(t.customerId, t.date),
    // Serves: the forecast's two 90-day collection sums (RegionWindowRepo.collectionsIn) as range
    // scans by date over a quarter of the rows each, without table reads (covering).
    index('orders_kind_date_idx').on(t.kind, t.date, t.customerId, t.amountFen),
    // Serves: upsert by import key.
    uniqueIndex('orders_external_key_uq').on(t.externalKey),
  ],
);

export const actionTypes = sqliteTable('action_types', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  aliasesJson: text('aliases_json').notNull().default('[]'),
  /** The stage whose pack holds it; null for actions that are logged but never counted. */
  stage: text('stage'),
  /** JSON Frequency (src/domain/packs.ts); null when not in a pack. */
  frequencyJson: text('frequency_json'),
});

export const dueItems = sqliteTable(
  'due_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    actionCode: text('action_code')
      .notNull()
      .references(() => actionTypes.code),
    period: text('period').notNull(),
    windowStart: text('window_start').notNull(),
    windowEnd: text('window_end').notNull(),
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: ['open', 'done', 'cancelled'] })
      .notNull()
      .default('open'),
    completedByLogId: integer('completed_by_log_id'),
    /** Completed by a log dated after the due date (a late log, docs/numbers.md): heat shows it. */
    completedLate: integer('completed_late', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // One item per (customer, action, period): plan generation is idempotent.
    uniqueIndex('due_items_customer_action_period_uq').on(t.customerId, t.actionCode, t.period),
    // Serves: "due items of rep R due in week W" (/my, completion, reminders).
    index('due_items_member_due_idx').on(t.memberId, t.dueDate),
    // Serves: the step-3 figures of a large region (heat, a week's completion, the forecast's pack
    // rates) as one sequential range scan by due date that never reads the table (covering).
    index('due_items_due_idx').on(t.dueDate, t.status, t.customerId, t.memberId, t.actionCode),
    // Serves: heat's "items of the last 30 days done late", a few rows, without reading done ones.
    index('due_items_late_idx').on(t.dueDate, t.customerId).where(sql`completed_late = 1`),
  ],
);

export const actionLogs = sqliteTable(
  'action_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** Who typed it: a manager may log for a rep of the region. */
    loggedById: integer('logged_by_id')
      .notNull()
      .references(() => members.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    actionCode: text('action_code')
      .notNull()
      .references(() => actionTypes.code),
    occurredOn: text('occurred_on').notNull(),
    note: text('note'),
    sourcePlatform: text('source_platform').notNull(),
    sourceMessageId: text('source_message_id').notNull(),
    status: text('status', { enum: ['valid', 'rejected', 'voided'] })
      .notNull()
      .default('valid'),
    createdAt: createdAt(),
  },
  (t) => [
    // The same chat message can never write two logs, whatever the platform retries.
    uniqueIndex('action_logs_source_uq').on(t.sourcePlatform, t.sourceMessageId),
    // Serves: "the member's latest log" (/undo) and "logs of customer C" (heat, matching).
    index('action_logs_member_created_idx').on(t.loggedById, t.createdAt),
    index('action_logs_customer_idx').on(t.customerId, t.occurredOn),
  ],
);
