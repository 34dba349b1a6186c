import { and, asc, count, desc, eq, inArray, or, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import type { RegionScope } from '../../shared/viewer.js';
import { caseEvents, positiveCases, type CaseEventRow, type PositiveCaseRow } from '../db.js';
import { inRegion } from '../../shared/region-sql.js';

export interface CasePageKey {
  reportedAt: Date;
  id: number;
}

/** Cases counted in a region (community at report), newest report first, a page of `first` (+1 to tell whether more follow). */
export async function casesPage(
  db: Db,
  scope: RegionScope,
  filter: { regionCode: string | null; statuses: PositiveCaseRow['status'][] | null },
  first: number,
  after: CasePageKey | null,
): Promise<{ rows: PositiveCaseRow[]; totalCount: number }> {
  const conditions: SQL[] = [scope.communities(positiveCases.communityCode)];
  if (filter.regionCode) conditions.push(inRegion(positiveCases.communityCode, filter.regionCode));
  if (filter.statuses) conditions.push(filter.statuses.length ? inArray(positiveCases.status, filter.statuses) : sql`false`);
  const where = and(...conditions);
  const page = after
    ? and(where, or(lt(positiveCases.reportedAt, after.reportedAt), and(eq(positiveCases.reportedAt, after.reportedAt), lt(positiveCases.id, after.id))))
    : where;
  const [rows, [total]] = await Promise.all([
    db.select().from(positiveCases).where(page).orderBy(desc(positiveCases.reportedAt), desc(positiveCases.id)).limit(first + 1),
    db.select({ n: count() }).from(positiveCases).where(where),
  ]);
  return { rows, totalCount: total!.n };
}

export function timelinesOf(db: Db, caseIds: readonly number[]): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(inArray(caseEvents.caseId, [...caseIds])).orderBy(asc(caseEvents.caseId), asc(caseEvents.at), asc(caseEvents.id));
}
