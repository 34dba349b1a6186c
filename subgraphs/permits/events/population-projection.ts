/**
 * Permits' projection of population facts ('permits<-population'): where each
 * resident lived when (permits.residence_periods), so a holder counts in the
 * permit indexes only while living in the district, and drill-down lists
 * order holders by their address at the instant. A move-out (population
 * records a death as one) ends the holder's counting from that instant.
 * Applied exactly once per event (the cursor advances in the same transaction).
 */
import type { Executor } from '../../shared/db/database.js';
import type { OutboxEvent } from '../../shared/events/consumer.js';
import type { PopulationEvent } from '../../shared/events/contracts.js';
import { applyResidencyEvent } from '../../shared/residence/residence-projection.js';
import { residencePeriods } from '../db.js';

export async function applyPopulationEvent(tx: Executor, event: OutboxEvent): Promise<void> {
  // Tags are no permit fact: applyResidencyEvent leaves them, and so does permits.
  await applyResidencyEvent(tx, residencePeriods, event as unknown as PopulationEvent);
}
