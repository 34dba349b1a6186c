/**
 * The cases subgraph's events: what it publishes (to health) and what it
 * consumes (from population and health). Payload types are the contracts in
 * shared/events/contracts.ts; builders and the publish helper live in
 * events/published.ts, each consumer's handler in events/<handler>.ts.
 */
import type { Db } from '../shared/db/database.js';
import { EventConsumer } from '../shared/events/consumer.js';
import type { CasesEvent } from '../shared/events/contracts.js';
import { producerSource } from '../shared/events/producer-databases.js';
import { eventCursors } from './db.js';
import { applyPopulationEvent } from './events/population-projection.js';
import { applyHealthEvent, PositiveResultsConsumer, quietAboutWaiting } from './events/positive-results.js';

// ── Publishes (cases.outbox), each with its builder ──

export type { CasesEvent } from '../shared/events/contracts.js';
export {
  /** case.activated: a case was opened (reported). */
  caseActivated,
  /** case.closed: a case was discharged or the resident died. */
  caseClosed,
  /** case.discharged: home observation starts (DISCHARGE_OBSERVATION_DAYS). */
  caseDischarged,
  /** contact.quarantined: a close contact is quarantined from … until … */
  contactQuarantined,
  /** contact.released: a quarantine ended early (released, or converted to a case). */
  contactReleased,
  DISCHARGE_OBSERVATION_DAYS,
  publish,
} from './events/published.js';

/** Every topic cases publishes. */
export const PUBLISHED_TOPICS: readonly CasesEvent['topic'][] = ['case.activated', 'case.closed', 'case.discharged', 'contact.quarantined', 'contact.released'];

// ── Consumes ──

/** population.outbox → cases.residence_periods (where each resident lived when): events/population-projection.ts. */
export const POPULATION_CONSUMER = 'cases<-population';
/** health.outbox sample.individual-positive → a case opened, once: events/positive-results.ts (waits for population's events first). */
export const HEALTH_CONSUMER = 'cases<-health';

/** The consumers of the cases subgraph, each with its own cursor in cases.event_cursors. */
export function createCasesConsumers(db: Db): EventConsumer[] {
  const target = { db, cursors: eventCursors };
  const population = new EventConsumer({
    name: POPULATION_CONSUMER,
    source: producerSource(db, 'population'),
    target,
    handle: applyPopulationEvent,
  });
  const positives = new PositiveResultsConsumer(
    {
      name: HEALTH_CONSUMER,
      source: producerSource(db, 'health'),
      target,
      handle: (tx, event) => applyHealthEvent(tx, event),
      onError: quietAboutWaiting(HEALTH_CONSUMER),
    },
    population,
  );
  return [population, positives];
}
