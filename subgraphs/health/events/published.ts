/**
 * What health publishes (listed in ../events.ts): the publish helpers the
 * changes call in their own transactions. Apart from events.ts so that the
 * projections, which publish, do not import the file that builds them.
 */
import type { Executor } from '../../shared/db/database.js';
import type { HealthEvent } from '../../shared/events/contracts.js';
import { publishTo } from '../../shared/events/publish.js';
import { outbox } from '../db.js';

/** The payload of 'sample.individual-positive'. */
export type IndividualPositive = Extract<HealthEvent, { topic: 'sample.individual-positive' }>['payload'];

/** Publishes 'sample.individual-positive' for each sample; last in the change's transaction (see publishTo). */
export async function publishIndividualPositives(tx: Executor, positives: readonly IndividualPositive[]): Promise<void> {
  await publishTo(
    tx,
    outbox,
    positives.map((payload): HealthEvent => ({ topic: 'sample.individual-positive', payload })),
  );
}
