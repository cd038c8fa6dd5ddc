// The whole drizzle schema, as drizzle-kit and the app see it: the core tables (regions, people,
// customers, orders, plans, logs), delivery (inbox, outbox,
// job runs, pending identities) and those of the method.
export * from './schema-core.js';
export * from './schema-delivery.js';
export * from './schema-method.js';
