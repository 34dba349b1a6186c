/**
 * Facts the population subgraph publishes to the others, through its
 * transactional outbox (written in the same transaction as the change, so an
 * event exists exactly when the change does). Consumers (the health subgraph's
 * unmatched-result linking, its resident projection) keep their own cursor.
 */
import type { Executor } from '../shared/db/database.js';
import { outbox } from './db.js';

export interface ResidencyFacts {
  residentId: string;
  idNumber: string;
  birthDate: string;
  communityCode: string;
  householdId: string;
  address: string;
  residencyType: string;
  /** ISO instant from which these facts hold. */
  from: string;
}

export type PopulationEvent =
  | { topic: 'resident.registered'; payload: ResidencyFacts }
  | { topic: 'resident.residency-changed'; payload: ResidencyFacts }
  | { topic: 'resident.moved-out'; payload: { residentId: string; movedOutAt: string } };

export async function publish(tx: Executor, event: PopulationEvent): Promise<void> {
  await tx.insert(outbox).values({ topic: event.topic, payload: event.payload });
}
