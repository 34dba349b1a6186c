/**
 * Storage of the health subgraph, all in the Postgres schema `health`, one
 * file per role under db/. Facts owned elsewhere (who lives where,
 * testing-exemption tags, cases, quarantines) arrive as events and are kept
 * here as periods, so every rule and index can be evaluated at any past
 * instant without reading another subgraph's tables. drizzle-kit reads the
 * tables through this file (drizzle.config.ts).
 */
export * from './db/schema.js';
export * from './db/projections.js';
export * from './db/facts.js';
export * from './db/ingest.js';
export * from './db/outbox.js';
