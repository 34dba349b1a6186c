/**
 * Keeps a residence_periods projection (residence-periods-table.ts) from
 * population's residency events: a registration opens a period, a change of
 * community or address closes the open one and opens the next at the same
 * instant, a move-out (or a death, which population records as one) closes
 * it. Called by each consumer inside its cursor's transaction, so every event
 * is applied exactly once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { PopulationEvent } from '../events/contracts.js';
import type { ResidencePeriodsTable } from './residence-periods-table.js';

/** Applies the event when it is about residency (true), else leaves it to the caller (false). */
export async function applyResidencyEvent(tx: Executor, periods: ResidencePeriodsTable, event: PopulationEvent): Promise<boolean> {
  switch (event.topic) {
    case 'resident.registered':
      await open(tx, periods, event.payload);
      return true;
    case 'resident.residency-changed':
      await close(tx, periods, event.payload.residentId, event.payload.from);
      await open(tx, periods, event.payload);
      return true;
    case 'resident.moved-out':
      await close(tx, periods, event.payload.residentId, event.payload.movedOutAt);
      return true;
    default:
      return false;
  }
}

async function open(tx: Executor, periods: ResidencePeriodsTable, facts: { residentId: string; communityCode: string; address: string; from: string }): Promise<void> {
  await tx.insert(periods).values({ residentId: Number(facts.residentId), communityCode: facts.communityCode, address: facts.address, startedAt: new Date(facts.from) });
}

async function close(tx: Executor, periods: ResidencePeriodsTable, residentId: string, at: string): Promise<void> {
  await tx
    .update(periods)
    .set({ endedAt: new Date(at) })
    .where(and(eq(periods.residentId, Number(residentId)), isNull(periods.endedAt)));
}
