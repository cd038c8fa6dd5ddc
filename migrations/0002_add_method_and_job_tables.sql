CREATE TABLE `frequency_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`action_code` text NOT NULL,
	`frequency_json` text NOT NULL,
	`status` text NOT NULL,
	`requested_by_id` integer NOT NULL,
	`approved_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_code`) REFERENCES `action_types`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `frequency_overrides_customer_action_idx` ON `frequency_overrides` (`customer_id`,`action_code`,`status`);--> statement-breakpoint
CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stage_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`rep_id` integer NOT NULL,
	`rep_pick` text NOT NULL,
	`suggested` text,
	`evidence` text,
	`reason` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`manager_id` integer,
	`final_stage` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rep_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stage_reviews_status_idx` ON `stage_reviews` (`status`,`customer_id`);--> statement-breakpoint
CREATE TABLE `target_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_id` integer NOT NULL,
	`period` text NOT NULL,
	`version` integer NOT NULL,
	`target_fen` integer NOT NULL,
	`weights_json` text NOT NULL,
	`split_json` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `target_versions_region_period_version_uq` ON `target_versions` (`region_id`,`period`,`version`);--> statement-breakpoint
CREATE TABLE `warning_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` integer NOT NULL,
	`week` text NOT NULL,
	`manager_id` integer NOT NULL,
	`choice` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`rep_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warning_responses_rep_week_idx` ON `warning_responses` (`rep_id`,`week`);