/**
 * What population consumes: deaths, from the cases outbox (deaths.ts). Kept
 * apart from events.ts (what population publishes), which the commands the
 * handler runs import.
 */
import type { Db } from '../../shared/db/database.js';
import { EventConsumer } from '../../shared/events/consumer.js';
import { producerSource } from '../../shared/events/producer-databases.js';
import { eventCursors } from '../db.js';
import { applyCasesEvent } from './deaths.js';

/** cases.outbox case.closed (DECEASED) → the residency ends at the death. */
export const CASES_CONSUMER = 'population<-cases';

/** The consumers of the population subgraph, each with its own cursor in population.event_cursors. */
export function createPopulationConsumers(db: Db): EventConsumer[] {
  return [new EventConsumer({ name: CASES_CONSUMER, source: producerSource(db, 'cases'), target: { db, cursors: eventCursors }, handle: applyCasesEvent })];
}
