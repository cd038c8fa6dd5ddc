-- view_versions (0013) says when the dashboard's kept view of a region (its members and customers,
-- src/method/access/scope.ts) is stale. Before, any committed write made it stale, so under chat
-- traffic (every /记录 writes) each dashboard request re-read 100,000 customers. These triggers move
-- the counter only when a row the view holds changes: a customer inserted or deleted, or one of the
-- columns the view reads updated (VIEW_CUSTOMER_COLUMNS in src/db/repos/customers.repo.ts; the
-- trigger-kept first_collection_on and last_pack_action_on are not read, and every log moves them),
-- and any change to a member. The WHEN clause skips updates that rewrite a column with its own value
-- (the nightly baseline refresh sets every customer's baseline, most to what it was).
INSERT INTO `view_versions` (`name`, `version`) VALUES ('customers', 0), ('members', 0);
--> statement-breakpoint
CREATE TRIGGER `customers_view_version_ai` AFTER INSERT ON `customers`
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'customers';
END;
--> statement-breakpoint
CREATE TRIGGER `customers_view_version_ad` AFTER DELETE ON `customers`
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'customers';
END;
--> statement-breakpoint
CREATE TRIGGER `customers_view_version_au`
AFTER UPDATE OF id, name, owner_id, region_id, stage, stage_since, baseline_fen, potential_fen ON `customers`
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.owner_id IS NOT NEW.owner_id OR OLD.region_id IS NOT NEW.region_id
  OR OLD.stage IS NOT NEW.stage OR OLD.stage_since IS NOT NEW.stage_since OR OLD.baseline_fen IS NOT NEW.baseline_fen
  OR OLD.potential_fen IS NOT NEW.potential_fen
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'customers';
END;
--> statement-breakpoint
CREATE TRIGGER `members_view_version_ai` AFTER INSERT ON `members`
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'members';
END;
--> statement-breakpoint
CREATE TRIGGER `members_view_version_ad` AFTER DELETE ON `members`
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'members';
END;
--> statement-breakpoint
CREATE TRIGGER `members_view_version_au` AFTER UPDATE ON `members`
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'members';
END;
