CREATE TABLE `coaching_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`manager_id` integer NOT NULL,
	`rep_id` integer NOT NULL,
	`week` text NOT NULL,
	`due_date` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`manager_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rep_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coaching_items_rep_week_uq` ON `coaching_items` (`rep_id`,`week`);--> statement-breakpoint
CREATE INDEX `coaching_items_manager_due_idx` ON `coaching_items` (`manager_id`,`due_date`);--> statement-breakpoint
CREATE TABLE `item_moves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`moved_by_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`moved_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `item_moves_item_idx` ON `item_moves` (`item_id`);--> statement-breakpoint
CREATE TABLE `pending_notes` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`log_id` integer NOT NULL,
	`platform` text NOT NULL,
	`chat_id` text NOT NULL,
	`until` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
