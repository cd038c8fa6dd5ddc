-- 0006's insert triggers compared the new row with the stored date. An INSERT OR REPLACE deletes
-- the old row without firing the delete triggers (recursive_triggers is off), so a replaced row
-- could leave a stale date. Every trigger now recomputes from the customer's rows; the insert
-- triggers write the customer row only when the date changes (the common insert changes nothing).
-- The recomputes walk an index newest-first (or oldest-first) and stop at the first match.
-- A REPLACE that moves a row to another customer leaves the old customer to the delete triggers,
-- which SQLite fires for it only with PRAGMA recursive_triggers = ON: openDb sets it. In a
-- sqlite3 shell, set it too (or use UPDATE / DELETE) before such a fix.
DROP TRIGGER `orders_first_collection_ai`;--> statement-breakpoint
DROP TRIGGER `orders_first_collection_au`;--> statement-breakpoint
DROP TRIGGER `orders_first_collection_ad`;--> statement-breakpoint
DROP TRIGGER `action_logs_last_pack_ai`;--> statement-breakpoint
DROP TRIGGER `action_logs_last_pack_au`;--> statement-breakpoint
DROP TRIGGER `action_logs_last_pack_ad`;--> statement-breakpoint
DROP TRIGGER `customers_last_pack_stage_au`;--> statement-breakpoint
DROP TRIGGER `action_types_last_pack_au`;--> statement-breakpoint
-- first_collection_on = the earliest date of the customer's collections.
CREATE TRIGGER `orders_first_collection_ai` AFTER INSERT ON `orders`
BEGIN
  UPDATE customers SET first_collection_on = (SELECT o.date FROM orders o WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1)
  WHERE id = NEW.customer_id AND first_collection_on IS NOT (SELECT o.date FROM orders o WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_au` AFTER UPDATE OF kind, date, customer_id ON `orders`
BEGIN
  UPDATE customers SET first_collection_on = (SELECT o.date FROM orders o WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1)
  WHERE id IN (OLD.customer_id, NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_ad` AFTER DELETE ON `orders` WHEN OLD.kind = 'collection'
BEGIN
  UPDATE customers SET first_collection_on = (SELECT o.date FROM orders o WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1)
  WHERE id = OLD.customer_id;
END;
--> statement-breakpoint
-- last_pack_action_on = the latest occurred_on of the customer's valid logs of an action whose stage is
-- the customer's current stage (the heat rule's "last pack action" of a declining customer).
CREATE TRIGGER `action_logs_last_pack_ai` AFTER INSERT ON `action_logs`
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage ORDER BY l.occurred_on DESC LIMIT 1)
  WHERE id = NEW.customer_id AND last_pack_action_on IS NOT (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage ORDER BY l.occurred_on DESC LIMIT 1);
END;
--> statement-breakpoint
CREATE TRIGGER `action_logs_last_pack_au` AFTER UPDATE OF status, occurred_on, action_code, customer_id ON `action_logs`
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage ORDER BY l.occurred_on DESC LIMIT 1)
  WHERE id IN (OLD.customer_id, NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `action_logs_last_pack_ad` AFTER DELETE ON `action_logs`
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage ORDER BY l.occurred_on DESC LIMIT 1)
  WHERE id = OLD.customer_id;
END;
--> statement-breakpoint
-- A stage change changes which actions are the pack's. Setting last_pack_action_on does not fire
-- this trigger again (it is not OF stage).
CREATE TRIGGER `customers_last_pack_stage_au` AFTER UPDATE OF stage ON `customers` WHEN OLD.stage IS NOT NEW.stage
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = NEW.id AND l.status = 'valid' AND t.stage = NEW.stage ORDER BY l.occurred_on DESC LIMIT 1)
  WHERE id = NEW.id;
END;
--> statement-breakpoint
-- The reference seed upserts every action type at start-up; only a real move between packs
-- (config/packs.json edited) recomputes, and then only the customers who logged that action.
CREATE TRIGGER `action_types_last_pack_au` AFTER UPDATE OF stage ON `action_types` WHEN OLD.stage IS NOT NEW.stage
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage ORDER BY l.occurred_on DESC LIMIT 1)
  WHERE id IN (SELECT customer_id FROM action_logs WHERE action_code = NEW.code);
END;
--> statement-breakpoint
-- Rows a REPLACE left stale under 0006.
UPDATE customers SET
  first_collection_on = (SELECT o.date FROM orders o INDEXED BY orders_customer_date_idx WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1),
  last_pack_action_on = (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage ORDER BY l.occurred_on DESC LIMIT 1);
