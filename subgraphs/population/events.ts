/**
 * The population subgraph's events. It publishes the facts the others build
 * on, through its transactional outbox (written in the same transaction as
 * the change, so an event exists exactly when the change does); consumers
 * (health's projection of who lives where, unmatched-result linking, testing
 * exemptions; cases' and permits' projections of residence) keep their own
 * cursor. It consumes one thing: deaths, from cases (events/deaths.ts).
 */
import type { Executor } from '../shared/db/database.js';
import type { PopulationEvent } from '../shared/events/contracts.js';
import { publishTo } from '../shared/events/publish.js';
import { outbox } from './db.js';

// ── Publishes (population.outbox); payloads in shared/events/contracts.ts ──

export type { PopulationEvent, ResidencyFacts, TaggingFacts } from '../shared/events/contracts.js';

/**
 * Every topic population publishes: resident.registered and
 * resident.residency-changed (ResidencyFacts, resident.commands.ts),
 * resident.moved-out, resident.tag-added and resident.tag-removed
 * (TaggingFacts, tag.commands.ts).
 */
export const PUBLISHED_TOPICS: readonly PopulationEvent['topic'][] = [
  'resident.registered',
  'resident.residency-changed',
  'resident.moved-out',
  'resident.tag-added',
  'resident.tag-removed',
];

/** Publish as the last statement of the change's transaction (see publishTo). */
export async function publish(tx: Executor, event: PopulationEvent): Promise<void> {
  await publishTo(tx, outbox, event);
}

// ── Consumes: deaths, from cases (events/consumers.ts) ──
