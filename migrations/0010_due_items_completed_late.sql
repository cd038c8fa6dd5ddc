ALTER TABLE `due_items` ADD `completed_late` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `due_items_late_idx` ON `due_items` (`due_date`,`customer_id`) WHERE completed_late = 1;--> statement-breakpoint
-- Items a log completed after their due date before this column existed: the same rule as the app.
UPDATE `due_items` SET `completed_late` = 1 WHERE `status` = 'done' AND `due_date` < (SELECT `occurred_on` FROM `action_logs` WHERE `action_logs`.`id` = `due_items`.`completed_by_log_id`);
