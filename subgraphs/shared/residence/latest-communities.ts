/**
 * Where each resident lives now (or lived last, once moved out), from a
 * residence_periods projection: what a subgraph checks a Resident reference
 * against the viewer's scope with.
 */
import { desc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { ResidencePeriodsTable } from './residence-periods-table.js';

/** Each known resident's latest community (residents the projection has not heard of are left out). */
export async function latestCommunities(db: Db, periods: ResidencePeriodsTable, residentIds: readonly number[]): Promise<{ residentId: number; communityCode: string }[]> {
  return db
    .selectDistinctOn([periods.residentId], { residentId: periods.residentId, communityCode: periods.communityCode })
    .from(periods)
    .where(inArray(periods.residentId, [...residentIds]))
    .orderBy(periods.residentId, sql`${periods.endedAt} is null desc`, desc(periods.startedAt), desc(periods.id));
}
