CREATE TABLE `pending_identities` (
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text,
	`department` text,
	`leader_external_id` text,
	`reason` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `external_id`)
);
