/** Enterprise reads: by ID, a page of a region's enterprises, their resumption histories. */
import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../shared/db/database.js';
import type { RegionScope } from '../../shared/viewer.js';
import { enterprises, enterpriseStatusChanges, type EnterpriseRow, type EnterpriseStatusChangeRow } from '../db.js';
import { inRegion } from '../../shared/region-sql.js';

/** Enterprises with these IDs that the viewer may see. */
export async function enterprisesByIds(db: Executor, scope: RegionScope, ids: readonly number[]): Promise<EnterpriseRow[]> {
  return db.select().from(enterprises).where(and(inArray(enterprises.id, [...ids]), scope.communities(enterprises.communityCode)));
}

export interface EnterprisePageFilter {
  regionCode: string | null;
  statuses: readonly EnterpriseRow['resumptionStatus'][] | null;
}

/** A page of enterprises (in ID order) within the viewer's scope, and how many match in all. */
export async function enterprisesPage(
  db: Db,
  scope: RegionScope,
  filter: EnterprisePageFilter,
  first: number,
  afterId: number | null,
): Promise<{ rows: EnterpriseRow[]; totalCount: number }> {
  const where = and(
    scope.communities(enterprises.communityCode),
    filter.regionCode === null ? undefined : inRegion(enterprises.communityCode, filter.regionCode),
    filter.statuses === null ? undefined : inArray(enterprises.resumptionStatus, [...filter.statuses]),
  );
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(enterprises)
      .where(afterId === null ? where : and(where, gt(enterprises.id, afterId)))
      .orderBy(asc(enterprises.id))
      .limit(first + 1),
    db.select({ count: sql<number>`count(*)::int` }).from(enterprises).where(where),
  ]);
  return { rows, totalCount: count?.count ?? 0 };
}

/** Every resumption change of these enterprises, oldest first. */
export async function resumptionHistoriesOf(db: Db, ids: readonly number[]): Promise<EnterpriseStatusChangeRow[]> {
  return db
    .select()
    .from(enterpriseStatusChanges)
    .where(inArray(enterpriseStatusChanges.enterpriseId, [...ids]))
    .orderBy(asc(enterpriseStatusChanges.at), asc(enterpriseStatusChanges.id));
}
