/**
 * The events of the health subgraph, both ways (contracts in
 * shared/events/contracts.ts).
 *
 * Publishes, through its transactional outbox (health.outbox, written in the
 * same transaction as the change, so an event exists exactly when the change
 * does):
 *  - 'sample.individual-positive' (HealthEvent): a SINGLE tube of a known
 *    resident is POSITIVE. From the lab merge (ingest/ingest.merge.ts) and
 *    when a person registered late is linked to results that arrived before
 *    them (events/population-projection.ts), through events/published.ts.
 *    The cases subgraph opens a case for each, once.
 *
 * Consumes, each consumer with its own cursor in health.event_cursors:
 *  - 'health<-population': population.outbox (PopulationEvent) →
 *    applyPopulationEvent (events/population-projection.ts): people,
 *    residence periods, EXEMPT_FROM_TESTING exemptions, unmatched results
 *    linked on registration.
 *  - 'health<-cases': cases.outbox (CasesEvent) → applyCasesEvent
 *    (events/cases-projection.ts): active cases, quarantines, the home
 *    observation a discharge starts.
 */
import type { Db } from '../shared/db/database.js';
import { EventConsumer, type EventConsumerOptions } from '../shared/events/consumer.js';
import { producerSource } from '../shared/events/producer-databases.js';
import { eventCursors } from './db.js';
import { applyCasesEvent } from './events/cases-projection.js';
import { applyPopulationEvent } from './events/population-projection.js';

/** Health's event consumers (not started: the caller starts or drains them). */
export function createHealthConsumers(db: Db): EventConsumer[] {
  const consumer = (name: string, producer: 'population' | 'cases', handle: EventConsumerOptions['handle']) =>
    new EventConsumer({ name, source: producerSource(db, producer), target: { db, cursors: eventCursors }, handle });
  return [consumer('health<-population', 'population', applyPopulationEvent), consumer('health<-cases', 'cases', applyCasesEvent)];
}
