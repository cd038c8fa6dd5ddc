ALTER TABLE `inbound_events` ADD `state` text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_events` ADD `event_json` text;--> statement-breakpoint
ALTER TABLE `inbound_events` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_events` ADD `done_at` integer;--> statement-breakpoint
CREATE INDEX `inbound_events_pending_idx` ON `inbound_events` (`state`,`received_at`);