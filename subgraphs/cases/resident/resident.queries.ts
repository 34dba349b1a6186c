/**
 * Where cases knows residents to live, from its residence_periods projection
 * of population's events: the per-resident lock every case command takes, and the
 * community a case counts in (where the resident lived at its report).
 */
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { residencePeriods } from '../db.js';

/** A resident as a case command sees them: their latest residence period. */
export interface KnownResident {
  residentId: number;
  /** Where they live now (or lived last, when moved out). */
  communityCode: string;
  /** Null while living in the district. */
  movedOutAt: Date | null;
}

/**
 * Locks the resident's latest residence period (the per-resident lock: one active case at a time; every command
 * locks this same row); null when cases has not heard of them.
 */
export async function lockResident(tx: Executor, residentId: number): Promise<KnownResident | null> {
  const [row] = await tx
    .select()
    .from(residencePeriods)
    .where(eq(residencePeriods.residentId, residentId))
    .orderBy(desc(residencePeriods.startedAt), desc(residencePeriods.id))
    .limit(1)
    .for('update');
  return row ? { residentId: row.residentId, communityCode: row.communityCode, movedOutAt: row.endedAt } : null;
}

/**
 * The community the resident lived in at `at`: the period holding then, else the last one before (moved out
 * since), else their first (a lab result of a person registered after it was sampled).
 */
export async function communityAt(tx: Executor, residentId: number, at: Date): Promise<string | null> {
  const [before] = await tx
    .select({ communityCode: residencePeriods.communityCode })
    .from(residencePeriods)
    .where(and(eq(residencePeriods.residentId, residentId), lte(residencePeriods.startedAt, at)))
    .orderBy(desc(residencePeriods.startedAt), desc(residencePeriods.id))
    .limit(1);
  if (before) return before.communityCode;
  const [first] = await tx
    .select({ communityCode: residencePeriods.communityCode })
    .from(residencePeriods)
    .where(eq(residencePeriods.residentId, residentId))
    .orderBy(asc(residencePeriods.startedAt), asc(residencePeriods.id))
    .limit(1);
  return first?.communityCode ?? null;
}
