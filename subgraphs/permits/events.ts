/**
 * The permits subgraph's events. It publishes none (it has no outbox).
 *
 * Consumes, with its cursor in permits.event_cursors:
 *  - 'permits<-population': population.outbox (PopulationEvent) →
 *    applyPopulationEvent (events/population-projection.ts): residence
 *    periods, so holders count only while living in the district.
 *
 * Everything else it needs of population and health it asks one entity at a
 * time through their `_entities` (peers.ts). A permits event would be a topic
 * in shared/events/contracts.ts, an outbox in db.ts and a publish helper
 * here, as in population/events.ts.
 */
import type { Db } from '../shared/db/database.js';
import { EventConsumer } from '../shared/events/consumer.js';
import { producerSource } from '../shared/events/producer-databases.js';
import { eventCursors } from './db.js';
import { applyPopulationEvent } from './events/population-projection.js';

/** population.outbox → permits.residence_periods: events/population-projection.ts. */
export const POPULATION_CONSUMER = 'permits<-population';

/** The consumers of the permits subgraph (not started: the caller starts or drains them). */
export function createPermitsConsumers(db: Db): EventConsumer[] {
  return [
    new EventConsumer({
      name: POPULATION_CONSUMER,
      source: producerSource(db, 'population'),
      target: { db, cursors: eventCursors },
      handle: applyPopulationEvent,
    }),
  ];
}
