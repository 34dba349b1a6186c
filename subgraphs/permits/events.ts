/**
 * The permits subgraph's events: it publishes none (it has no outbox) and
 * consumes none. What it needs of population and health it asks one entity
 * at a time through their `_entities` (peers.ts); its statistics read its own
 * tables. A permits event would be a topic in shared/events/contracts.ts, an
 * outbox in db.ts and a publish helper here, as in population/events.ts.
 */

// ── Publishes: nothing ──

// ── Consumes: nothing ──

export {};
