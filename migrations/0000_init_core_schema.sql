CREATE TABLE `action_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`logged_by_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`action_code` text NOT NULL,
	`occurred_on` text NOT NULL,
	`note` text,
	`source_platform` text NOT NULL,
	`source_message_id` text NOT NULL,
	`status` text DEFAULT 'valid' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`logged_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_code`) REFERENCES `action_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_logs_source_uq` ON `action_logs` (`source_platform`,`source_message_id`);--> statement-breakpoint
CREATE INDEX `action_logs_member_created_idx` ON `action_logs` (`logged_by_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `action_logs_customer_idx` ON `action_logs` (`customer_id`,`occurred_on`);--> statement-breakpoint
CREATE TABLE `action_types` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`aliases_json` text DEFAULT '[]' NOT NULL,
	`stage` text,
	`frequency_json` text
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`aliases_json` text DEFAULT '[]' NOT NULL,
	`owner_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`stage` text NOT NULL,
	`stage_since` text NOT NULL,
	`baseline_fen` integer DEFAULT 0 NOT NULL,
	`potential_fen` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_name_unique` ON `customers` (`name`);--> statement-breakpoint
CREATE INDEX `customers_owner_idx` ON `customers` (`owner_id`);--> statement-breakpoint
CREATE INDEX `customers_region_stage_idx` ON `customers` (`region_id`,`stage`);--> statement-breakpoint
CREATE TABLE `due_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`action_code` text NOT NULL,
	`period` text NOT NULL,
	`window_start` text NOT NULL,
	`window_end` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`completed_by_log_id` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_code`) REFERENCES `action_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `due_items_customer_action_period_uq` ON `due_items` (`customer_id`,`action_code`,`period`);--> statement-breakpoint
CREATE INDEX `due_items_member_due_idx` ON `due_items` (`member_id`,`due_date`);--> statement-breakpoint
CREATE TABLE `inbound_events` (
	`platform` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `inbound_events_received_idx` ON `inbound_events` (`received_at`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`period_key` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`late` integer DEFAULT false NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_period_uq` ON `job_runs` (`job`,`period_key`);--> statement-breakpoint
CREATE TABLE `member_identities` (
	`member_id` integer NOT NULL,
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	PRIMARY KEY(`platform`, `external_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_identities_member_idx` ON `member_identities` (`member_id`,`platform`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`region_id` integer,
	`manager_id` integer,
	`last_year_fen` integer DEFAULT 0 NOT NULL,
	`reminders_paused_until` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `members_region_idx` ON `members` (`region_id`,`name`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`external_key` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `orders_customer_date_idx` ON `orders` (`customer_id`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_external_key_uq` ON `orders` (`external_key`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`platform` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`payload_json` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_state_next_idx` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `region_chats` (
	`region_id` integer NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`region_id`, `platform`),
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `region_chats_platform_chat_uq` ON `region_chats` (`platform`,`chat_id`);--> statement-breakpoint
CREATE TABLE `region_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`period` text NOT NULL,
	`target_fen` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `region_targets_region_period_uq` ON `region_targets` (`region_id`,`period`);--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`weights_json` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_unique` ON `regions` (`name`);--> statement-breakpoint
CREATE TABLE `stage_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`by_member_id` integer,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stage_changes_customer_idx` ON `stage_changes` (`customer_id`,`at`);