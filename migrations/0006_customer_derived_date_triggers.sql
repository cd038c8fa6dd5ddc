-- customers.first_collection_on and customers.last_pack_action_on (0005) are kept here, by
-- triggers, so that every write path (chat, import, demo, a manual fix in sqlite3) keeps them
-- right without the app remembering to. Inserts, the common case, compare with one row; updates
-- and deletes recompute from the customer's own rows (one index walk).
--
-- first_collection_on = min(date) of the customer's collections.
CREATE TRIGGER `orders_first_collection_ai` AFTER INSERT ON `orders` WHEN NEW.kind = 'collection'
BEGIN
  UPDATE customers SET first_collection_on = NEW.date
  WHERE id = NEW.customer_id AND (first_collection_on IS NULL OR first_collection_on > NEW.date);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_au` AFTER UPDATE OF kind, date, customer_id ON `orders`
BEGIN
  UPDATE customers SET first_collection_on = (SELECT min(o.date) FROM orders o WHERE o.kind = 'collection' AND o.customer_id = customers.id)
  WHERE id IN (OLD.customer_id, NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_ad` AFTER DELETE ON `orders` WHEN OLD.kind = 'collection'
BEGIN
  UPDATE customers SET first_collection_on = (SELECT min(o.date) FROM orders o WHERE o.kind = 'collection' AND o.customer_id = customers.id)
  WHERE id = OLD.customer_id;
END;
--> statement-breakpoint
-- last_pack_action_on = max(occurred_on) of the customer's valid logs of an action whose stage is
-- the customer's current stage (the heat rule's "last pack action" of a declining customer).
CREATE TRIGGER `action_logs_last_pack_ai` AFTER INSERT ON `action_logs` WHEN NEW.status = 'valid'
BEGIN
  UPDATE customers SET last_pack_action_on = NEW.occurred_on
  WHERE id = NEW.customer_id
    AND stage = (SELECT t.stage FROM action_types t WHERE t.code = NEW.action_code)
    AND (last_pack_action_on IS NULL OR last_pack_action_on < NEW.occurred_on);
END;
--> statement-breakpoint
CREATE TRIGGER `action_logs_last_pack_au` AFTER UPDATE OF status, occurred_on, action_code, customer_id ON `action_logs`
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT max(l.occurred_on) FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage)
  WHERE id IN (OLD.customer_id, NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `action_logs_last_pack_ad` AFTER DELETE ON `action_logs`
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT max(l.occurred_on) FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage)
  WHERE id = OLD.customer_id;
END;
--> statement-breakpoint
-- A stage change changes which actions are the pack's. Setting last_pack_action_on does not fire
-- this trigger again (it is not OF stage).
CREATE TRIGGER `customers_last_pack_stage_au` AFTER UPDATE OF stage ON `customers` WHEN OLD.stage IS NOT NEW.stage
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT max(l.occurred_on) FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = NEW.id AND l.status = 'valid' AND t.stage = NEW.stage)
  WHERE id = NEW.id;
END;
--> statement-breakpoint
-- The reference seed upserts every action type at start-up; only a real move between packs
-- (config/packs.json edited) recomputes, and then only the customers who logged that action.
CREATE TRIGGER `action_types_last_pack_au` AFTER UPDATE OF stage ON `action_types` WHEN OLD.stage IS NOT NEW.stage
BEGIN
  UPDATE customers SET last_pack_action_on = (SELECT max(l.occurred_on) FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage)
  WHERE id IN (SELECT customer_id FROM action_logs WHERE action_code = NEW.code);
END;
--> statement-breakpoint
-- Existing rows.
UPDATE customers SET
  first_collection_on = (SELECT min(o.date) FROM orders o INDEXED BY orders_customer_date_idx WHERE o.kind = 'collection' AND o.customer_id = customers.id),
  last_pack_action_on = (SELECT max(l.occurred_on) FROM action_logs l JOIN action_types t ON t.code = l.action_code
      WHERE l.customer_id = customers.id AND l.status = 'valid' AND t.stage = customers.stage);
