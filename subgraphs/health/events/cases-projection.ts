/**
 * Health's projection of the cases subgraph's facts, kept from the cases
 * outbox (CasesEvent in shared/events/contracts.ts): active cases and
 * close-contact quarantines as periods (for RED codes at any instant), and
 * the home observation a discharge starts.
 *
 * The consumer applies each event once (its cursor advances in the same
 * transaction), but a producer may publish the same fact twice (a retried
 * command, a replayed outbox): every handler is idempotent on its own, so a
 * repeated event changes nothing. A set end (active_until, released_at) is
 * never moved by a repeat; a discharge starts at most one observation per
 * case (home_observations.source = 'discharge:<case id>' is unique).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { OutboxEvent } from '../../shared/events/consumer.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { caseFacts, homeObservations, people, quarantines } from '../db.js';
import { homeObservationActiveAt } from '../observation/observation.rules.js';

/** Home observation after discharge when the event carries no usable number of days (domain.md: 7 days). */
export const DEFAULT_DISCHARGE_OBSERVATION_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

export async function applyCasesEvent(tx: Executor, event: OutboxEvent): Promise<void> {
  const { topic, payload } = event as unknown as CasesEvent;
  switch (topic) {
    case 'case.activated':
      await tx
        .insert(caseFacts)
        .values({ caseId: Number(payload.caseId), residentId: Number(payload.residentId), activeFrom: new Date(payload.at) })
        .onConflictDoNothing();
      return;
    case 'case.closed':
      await tx
        .update(caseFacts)
        .set({ activeUntil: new Date(payload.at) })
        .where(and(eq(caseFacts.caseId, Number(payload.caseId)), isNull(caseFacts.activeUntil)));
      return;
    case 'case.discharged':
      await startDischargeObservation(tx, payload);
      return;
    case 'contact.quarantined':
      await tx
        .insert(quarantines)
        .values({ contactId: Number(payload.contactId), residentId: Number(payload.residentId), startsAt: new Date(payload.from), endsAt: new Date(payload.until) })
        .onConflictDoNothing();
      return;
    case 'contact.released':
      await tx
        .update(quarantines)
        .set({ releasedAt: new Date(payload.at) })
        .where(and(eq(quarantines.contactId, Number(payload.contactId)), isNull(quarantines.releasedAt)));
      return;
    default:
      return; // a topic health does not need
  }
}

type Discharge = Extract<CasesEvent, { topic: 'case.discharged' }>['payload'];

/**
 * Discharge starts home observation at the discharge instant. One active observation per resident: one
 * started by hand and still active at discharge is ended then, superseded by the discharge's (an event
 * cannot be refused the way a command is). A repeated discharge of the same case starts nothing.
 */
async function startDischargeObservation(tx: Executor, payload: Discharge): Promise<void> {
  const residentId = Number(payload.residentId);
  const at = new Date(payload.at);
  const days = Number.isInteger(payload.observationDays) && payload.observationDays > 0 ? payload.observationDays : DEFAULT_DISCHARGE_OBSERVATION_DAYS;
  // The same row lock the observation commands take, so a manual start cannot slip in between.
  await tx.select({ residentId: people.residentId }).from(people).where(eq(people.residentId, residentId)).for('update');
  const started = await tx
    .insert(homeObservations)
    .values({
      residentId,
      reason: `Discharged from case ${payload.caseId}`,
      startedAt: at,
      plannedEndAt: new Date(at.getTime() + days * DAY_MS),
      source: `discharge:${payload.caseId}`,
    })
    .onConflictDoNothing()
    .returning({ id: homeObservations.id });
  if (started.length === 0) return; // this case's discharge was applied before
  await tx
    .update(homeObservations)
    .set({ endedAt: at })
    .where(
      and(
        eq(homeObservations.residentId, residentId),
        sql`${homeObservations.id} <> ${started[0]!.id}`,
        homeObservationActiveAt(at),
      ),
    );
}
