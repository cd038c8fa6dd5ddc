// The whole drizzle schema, as drizzle-kit and the app see it: the core tables (regions, people,
// customers, orders, plans, logs, delivery) and those of the method and the jobs.
export * from './schema-core.js';
export * from './schema-method.js';
