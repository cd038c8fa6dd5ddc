CREATE TABLE `calibrations` (
	`region_id` integer PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL,
	`json` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
