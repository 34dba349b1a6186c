/**
 * Deaths end residency ('population<-cases'): a case closed as DECEASED ends
 * the person's open residency at the instant of death, as a move-out with
 * reason DECEASED, and population publishes it like any move-out, so health,
 * permits and cases follow it (domain.md, "Positive cases"). Only a new
 * registration makes the person a resident again.
 *
 * Applied exactly once per event (the cursor advances in the same
 * transaction). A residency already ended (moved out before the death was
 * recorded) or begun after the death is left as it is.
 */
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { OutboxEvent } from '../../shared/events/consumer.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { residencies } from '../db.js';
import { endResidency } from '../resident/resident.commands.js';

export async function applyCasesEvent(tx: Executor, event: OutboxEvent): Promise<void> {
  const { topic, payload } = event as unknown as CasesEvent;
  if (topic !== 'case.closed' || payload.status !== 'DECEASED') return;
  const diedAt = new Date(payload.at);
  const [open] = await tx
    .select()
    .from(residencies)
    .where(and(eq(residencies.residentId, Number(payload.residentId)), isNull(residencies.endedAt), lte(residencies.startedAt, diedAt)))
    .for('update');
  if (open) await endResidency(tx, open, diedAt, 'DECEASED');
}
