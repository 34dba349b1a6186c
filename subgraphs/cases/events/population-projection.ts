/**
 * Cases' projection of population facts ('cases<-population'): where each
 * resident lives now, so a case opened for them counts in their community at
 * report. Applied exactly once per event (the cursor advances in the same
 * transaction); upserts anyway, so a replayed outbox changes nothing.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { OutboxEvent } from '../../shared/events/consumer.js';
import type { PopulationEvent } from '../../shared/events/contracts.js';
import { residentCommunities } from '../db.js';

export async function applyPopulationEvent(tx: Executor, event: OutboxEvent): Promise<void> {
  const { topic, payload } = event as unknown as PopulationEvent;
  switch (topic) {
    case 'resident.registered':
    case 'resident.residency-changed':
      await tx
        .insert(residentCommunities)
        .values({ residentId: Number(payload.residentId), communityCode: payload.communityCode, movedOutAt: null })
        .onConflictDoUpdate({ target: residentCommunities.residentId, set: { communityCode: payload.communityCode, movedOutAt: null } });
      return;
    case 'resident.moved-out':
      await tx
        .update(residentCommunities)
        .set({ movedOutAt: new Date(payload.movedOutAt) })
        .where(eq(residentCommunities.residentId, Number(payload.residentId)));
      return;
    default:
      return; // tags: cases does not need them
  }
}
