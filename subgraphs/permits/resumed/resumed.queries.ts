/** The resumed-work database: holders of active permits, by the enterprise's region. */
import { and, desc, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import type { RegionScope } from '../../shared/viewer.js';
import { enterprises, workPermits, type WorkPermitRow } from '../db.js';
import { inRegion } from '../../shared/region-sql.js';

/**
 * A page of the permits active at `at` (status APPROVED, validFrom ≤ at < validTo) of enterprises in
 * `regionCode` within the viewer's scope, newest validFrom first, and how many there are in all.
 * A holder with active permits at two enterprises appears once per enterprise.
 */
export async function activePermitsPage(
  db: Db,
  scope: RegionScope,
  regionCode: string,
  at: Date,
  first: number,
  after: readonly [string, number] | null,
): Promise<{ rows: WorkPermitRow[]; totalCount: number }> {
  const where = and(
    eq(workPermits.status, 'APPROVED'),
    lte(workPermits.validFrom, at),
    gt(workPermits.validTo, at),
    scope.communities(enterprises.communityCode),
    inRegion(enterprises.communityCode, regionCode),
  );
  const afterKey = after
    ? or(sql`${workPermits.validFrom} < ${after[0]}::timestamptz`, and(sql`${workPermits.validFrom} = ${after[0]}::timestamptz`, sql`${workPermits.id} < ${after[1]}`))
    : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select({ permit: workPermits })
      .from(workPermits)
      .innerJoin(enterprises, eq(enterprises.id, workPermits.enterpriseId))
      .where(and(where, afterKey))
      .orderBy(desc(workPermits.validFrom), desc(workPermits.id))
      .limit(first + 1),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(workPermits)
      .innerJoin(enterprises, eq(enterprises.id, workPermits.enterpriseId))
      .where(where),
  ]);
  return { rows: rows.map((row) => row.permit), totalCount: count?.count ?? 0 };
}
