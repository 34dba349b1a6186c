/**
 * Facts the population subgraph publishes to the others, through its
 * transactional outbox (written in the same transaction as the change, so an
 * event exists exactly when the change does). Consumers (the health
 * subgraph's projection of who lives where, unmatched-result linking,
 * testing exemptions) keep their own cursor.
 */
import type { Executor } from '../shared/db/database.js';
import type { PopulationEvent } from '../shared/events/contracts.js';
import { publishTo } from '../shared/events/publish.js';
import { outbox } from './db.js';

/** Publish as the last statement of the change's transaction (see publishTo). */
export async function publish(tx: Executor, event: PopulationEvent): Promise<void> {
  await publishTo(tx, outbox, event);
}
