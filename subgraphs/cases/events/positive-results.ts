/**
 * Cases opened by lab results ('cases<-health'): health publishes
 * 'sample.individual-positive' for each individual POSITIVE result of a known
 * resident, and cases opens a case for it, once:
 *
 * - A barcode opens at most one case (positive_cases.source_barcode is unique):
 *   the same fact published again finds its case and changes nothing.
 * - A resident with an active case gets no second one: the other positive
 *   sample is noted on the active case's timeline (NOTE, once per barcode;
 *   a barcode on any timeline event of the resident's cases is never applied
 *   again, even after that case closed).
 * - The case is reported at the result's result-at (when the result became
 *   known), by the actor "health:sample.individual-positive", classified
 *   ASYMPTOMATIC until a clinician reclassifies it.
 * - The community at report is where the resident lived at the result-at,
 *   from cases' own projection of population events. Consumers run independently, so a positive can be read before the
 *   registration of its resident: PositiveResultsConsumer drains the population
 *   consumer before each read of health's outbox, and a resident still unknown
 *   fails the batch (ResidentNotYetKnown) so it is retried on the next poll,
 *   never skipped. Health only announces residents it learned of from the same
 *   population outbox, so the wait is bounded.
 */
import type { Executor } from '../../shared/db/database.js';
import { EventConsumer, type EventConsumerOptions, type OutboxEvent } from '../../shared/events/consumer.js';
import type { CasesEvent, HealthEvent } from '../../shared/events/contracts.js';
import { activeCaseOf, appendEvent, barcodeRecorded, caseOfBarcode, openCase } from '../case/case.commands.js';
import { communityAt, lockResident } from '../resident/resident.queries.js';
import { publish } from './published.js';

export const LAB_RESULT_ACTOR = 'health:sample.individual-positive';
export const INITIAL_CLASSIFICATION = 'ASYMPTOMATIC';

export class ResidentNotYetKnown extends Error {
  constructor(readonly residentId: string) {
    super(`Positive result of resident ${residentId}, whom cases has not heard of yet: retrying after the population events arrive.`);
    this.name = 'ResidentNotYetKnown';
  }
}

export async function applyHealthEvent(tx: Executor, event: OutboxEvent, now = new Date()): Promise<void> {
  const { topic, payload } = event as unknown as HealthEvent;
  if (topic !== 'sample.individual-positive') return;
  if (await caseOfBarcode(tx, payload.barcode)) return; // this sample opened its case already
  const resident = await lockResident(tx, Number(payload.residentId));
  if (!resident) throw new ResidentNotYetKnown(payload.residentId);
  // Noted on a case before (possibly closed since): the same fact again.
  if (await barcodeRecorded(tx, resident.residentId, payload.barcode)) return;
  const resultAt = new Date(payload.resultAt);
  const active = await activeCaseOf(tx, resident.residentId);
  if (active) {
    await appendEvent(tx, active, {
      at: now,
      type: 'NOTE',
      actor: LAB_RESULT_ACTOR,
      note: `Another positive sample ${payload.barcode} (sampled ${payload.sampledAt}, result ${payload.resultAt}).`,
      data: { sourceBarcode: payload.barcode, sampledAt: payload.sampledAt, resultAt: payload.resultAt },
    });
    return;
  }
  const events: CasesEvent[] = [];
  await openCase(
    tx,
    {
      residentId: resident.residentId,
      communityCode: (await communityAt(tx, resident.residentId, resultAt)) ?? resident.communityCode,
      reportedAt: resultAt,
      classification: INITIAL_CLASSIFICATION,
      sourceBarcode: payload.barcode,
      note: `Individual positive sample ${payload.barcode}, sampled ${payload.sampledAt}.`,
      actor: LAB_RESULT_ACTOR,
      now,
      data: { sampledAt: payload.sampledAt },
    },
    events,
  );
  await publish(tx, events);
}

/** Reads health's outbox only after catching up with the population events (see the file comment). */
export class PositiveResultsConsumer extends EventConsumer {
  constructor(
    options: EventConsumerOptions,
    private readonly population: EventConsumer,
  ) {
    super(options);
  }

  override async pollOnce(): Promise<number> {
    await this.population.drain();
    return super.pollOnce();
  }
}

/** Logs a waiting resident once, not every poll; anything else in full. */
export function quietAboutWaiting(name: string): (error: unknown) => void {
  const reported = new Set<string>();
  return (error) => {
    const cause = findCause(error);
    if (cause) {
      if (!reported.has(cause.residentId)) console.warn(`[events] ${name}: ${cause.message}`);
      reported.add(cause.residentId);
      return;
    }
    console.error(`[events] ${name} failed; retrying`, error);
  };
}

function findCause(error: unknown): ResidentNotYetKnown | null {
  for (let e = error as { cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e instanceof ResidentNotYetKnown) return e;
  return null;
}
