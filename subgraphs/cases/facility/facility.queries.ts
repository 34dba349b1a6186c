import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { RegionScope } from '../../shared/viewer.js';
import { facilities, positiveCases, type FacilityRow } from '../db.js';
import { inRegion } from '../../shared/region-sql.js';

export function facilitiesByIds(db: Executor, ids: readonly number[]): Promise<FacilityRow[]> {
  return db.select().from(facilities).where(inArray(facilities.id, [...ids]));
}

/** Cases currently TRANSFERRED into each facility (the partial index on facility_id covers it). */
export function occupancyOf(db: Executor, ids: readonly number[]): Promise<{ facilityId: number; occupied: number }[]> {
  return db
    .select({ facilityId: sql<number>`${positiveCases.facilityId}`.mapWith(Number), occupied: count().as('occupied') })
    .from(positiveCases)
    .where(and(inArray(positiveCases.facilityId, [...ids]), eq(positiveCases.status, 'TRANSFERRED')))
    .groupBy(positiveCases.facilityId);
}

export function facilitiesIn(db: Executor, scope: RegionScope, type: FacilityRow['type'] | null, regionCode: string | null): Promise<FacilityRow[]> {
  const conditions: SQL[] = [scope.communities(facilities.communityCode)];
  if (type) conditions.push(eq(facilities.type, type));
  if (regionCode) conditions.push(inRegion(facilities.communityCode, regionCode));
  return db.select().from(facilities).where(and(...conditions)).orderBy(asc(facilities.type), asc(facilities.name), asc(facilities.id));
}
