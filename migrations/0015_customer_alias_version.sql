-- Chat commands match words against a region's customer names and aliases (src/method/logs/customer-pool.ts).
-- The pool is kept between commands until a name, alias, owner or region changes: 'customers' (0014)
-- covers the names and the rest; this counter covers aliases_json, which the dashboard's view does not read
-- (its key, CustomersRepo.viewVersion, leaves this row out).
INSERT INTO `view_versions` (`name`, `version`) VALUES ('customer_aliases', 0);
--> statement-breakpoint
CREATE TRIGGER `customers_alias_version_au` AFTER UPDATE OF aliases_json ON `customers`
WHEN OLD.aliases_json IS NOT NEW.aliases_json
BEGIN
  UPDATE view_versions SET version = version + 1 WHERE name = 'customer_aliases';
END;
