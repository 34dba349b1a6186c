/**
 * Health's projection of population facts, kept from the population outbox:
 * who a resident is (identity number, birth date), where they lived when, and
 * testing exemptions from the EXEMPT_FROM_TESTING tag. Registering a person
 * also links the lab results that arrived before them (unmatched results).
 * Applied exactly once per event (the consumer advances its cursor in the
 * same transaction), so handlers need no idempotency of their own.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { PopulationEvent, ResidencyFacts } from '../../shared/events/contracts.js';
import type { OutboxEvent } from '../../shared/events/consumer.js';
import { exemptions, people, residencePeriods, samples } from '../db.js';
import { applyResidencyEvent } from '../../shared/residence/residence-projection.js';
import { publishIndividualPositives } from './published.js';

export const EXEMPTION_TAG = 'EXEMPT_FROM_TESTING';

export async function applyPopulationEvent(tx: Executor, event: OutboxEvent): Promise<void> {
  const populationEvent = event as unknown as PopulationEvent;
  if (populationEvent.topic === 'resident.registered') {
    await remember(tx, populationEvent.payload);
    await linkUnmatchedResults(tx, populationEvent.payload);
  }
  if (await applyResidencyEvent(tx, residencePeriods, populationEvent)) return;
  const { topic, payload } = populationEvent;
  switch (topic) {
    case 'resident.tag-added':
      if (payload.tagCode !== EXEMPTION_TAG) return;
      await tx
        .insert(exemptions)
        .values({ residentId: Number(payload.residentId), source: 'TAG', reason: `Tagged ${EXEMPTION_TAG}`, startsAt: new Date(payload.at), recordedBy: 'population' })
        .onConflictDoNothing();
      return;
    case 'resident.tag-removed':
      if (payload.tagCode !== EXEMPTION_TAG) return;
      await tx
        .update(exemptions)
        .set({ endsAt: new Date(payload.at) })
        .where(and(eq(exemptions.residentId, Number(payload.residentId)), eq(exemptions.source, 'TAG'), isNull(exemptions.endsAt)));
      return;
    default:
      return; // a topic health does not need
  }
}

async function remember(tx: Executor, facts: ResidencyFacts): Promise<void> {
  await tx
    .insert(people)
    .values({ residentId: Number(facts.residentId), idNumber: facts.idNumber, birthDate: facts.birthDate })
    .onConflictDoNothing();
}

/**
 * Results delivered before the person was registered are theirs now. An
 * individual positive among them is announced as if it had just arrived, so
 * the cases subgraph opens the case it could not open before.
 */
async function linkUnmatchedResults(tx: Executor, facts: ResidencyFacts): Promise<void> {
  const linked = await tx
    .update(samples)
    .set({ residentId: Number(facts.residentId) })
    .where(and(isNull(samples.residentId), eq(samples.idNumber, facts.idNumber)))
    .returning();
  const positives = linked.filter((sample) => sample.tubeType === 'SINGLE' && sample.result === 'POSITIVE');
  await publishIndividualPositives(
    tx,
    positives.map((sample) => ({ barcode: sample.barcode, residentId: facts.residentId, sampledAt: sample.sampledAt.toISOString(), resultAt: sample.resultAt!.toISOString() })),
  );
}
