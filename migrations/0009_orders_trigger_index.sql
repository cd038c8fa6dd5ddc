-- 0007's recompute of first_collection_on let the planner walk orders_kind_date_idx (every
-- collection in date order until one of the customer's): with ORDER BY date LIMIT 1 that index
-- looks attractive, and it made each order insert cost a scan of all collections. The recompute
-- now walks the customer's own orders (orders_customer_date_idx), oldest first.
DROP TRIGGER `orders_first_collection_ai`;--> statement-breakpoint
DROP TRIGGER `orders_first_collection_au`;--> statement-breakpoint
DROP TRIGGER `orders_first_collection_ad`;--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_ai` AFTER INSERT ON `orders`
BEGIN
  UPDATE customers SET first_collection_on = (SELECT o.date FROM orders o INDEXED BY orders_customer_date_idx WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1)
  WHERE id = NEW.customer_id AND first_collection_on IS NOT (SELECT o.date FROM orders o INDEXED BY orders_customer_date_idx WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_au` AFTER UPDATE OF kind, date, customer_id ON `orders`
BEGIN
  UPDATE customers SET first_collection_on = (SELECT o.date FROM orders o INDEXED BY orders_customer_date_idx WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1)
  WHERE id IN (OLD.customer_id, NEW.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_first_collection_ad` AFTER DELETE ON `orders` WHEN OLD.kind = 'collection'
BEGIN
  UPDATE customers SET first_collection_on = (SELECT o.date FROM orders o INDEXED BY orders_customer_date_idx WHERE o.customer_id = customers.id AND o.kind = 'collection' ORDER BY o.date LIMIT 1)
  WHERE id = OLD.customer_id;
END;
