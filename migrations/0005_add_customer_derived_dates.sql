DROP INDEX `orders_kind_customer_idx`;--> statement-breakpoint
ALTER TABLE `customers` ADD `first_collection_on` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `last_pack_action_on` text;