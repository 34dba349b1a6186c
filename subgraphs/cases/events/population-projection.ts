/**
 * Cases' projection of population facts ('cases<-population'): where each
 * resident lived when (cases.residence_periods, shared/residence), so a case
 * opened for them counts in their community at report and a close contact in
 * quarantine counts where they live at the instant. A death recorded here is
 * closed by population's resident.moved-out like any move-out; the case
 * keeps counting in its community at report. Applied exactly once per event
 * (the cursor advances in the same transaction).
 */
import type { Executor } from '../../shared/db/database.js';
import type { OutboxEvent } from '../../shared/events/consumer.js';
import type { PopulationEvent } from '../../shared/events/contracts.js';
import { applyResidencyEvent } from '../../shared/residence/residence-projection.js';
import { residencePeriods } from '../db.js';

export async function applyPopulationEvent(tx: Executor, event: OutboxEvent): Promise<void> {
  // Tags and anything else: cases does not need them.
  await applyResidencyEvent(tx, residencePeriods, event as unknown as PopulationEvent);
}
