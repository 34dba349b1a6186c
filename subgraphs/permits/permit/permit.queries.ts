/** Permit reads: by ID, by holder, a page per enterprise, histories. */
import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';
import { inRegion } from '../../shared/region-sql.js';
import type { RegionScope } from '../../shared/viewer.js';
import { enterprises, permitEvents, workPermits, type PermitEventRow, type WorkPermitRow } from '../db.js';
import type { PermitStatusValue } from './permit.rules.js';

/** SQL: the permit's status as it reads at `at` (an APPROVED permit past valid_to reads EXPIRED; see permit.rules.ts effectiveStatus). */
export function effectiveStatusSql(at: Date): SQL<string> {
  return sql<string>`(case when ${workPermits.status} = 'APPROVED' and ${workPermits.validTo} <= ${instantSql(at)}
    then 'EXPIRED' else ${workPermits.status}::text end)`;
}

export async function permitsByIds(db: Db, ids: readonly number[]): Promise<WorkPermitRow[]> {
  return db.select().from(workPermits).where(inArray(workPermits.id, [...ids]));
}

/** Every permit of these residents at an enterprise the viewer may see (a permit belongs to its enterprise's region), newest first. */
export async function permitsOfResidents(db: Db, scope: RegionScope, residentIds: readonly number[]): Promise<WorkPermitRow[]> {
  const rows = await db
    .select({ permit: workPermits })
    .from(workPermits)
    .innerJoin(enterprises, eq(enterprises.id, workPermits.enterpriseId))
    .where(and(inArray(workPermits.residentId, [...residentIds]), scope.communities(enterprises.communityCode)))
    .orderBy(desc(workPermits.appliedAt), desc(workPermits.id));
  return rows.map((row) => row.permit);
}

/** Every recorded change of these permits, oldest first. */
export async function eventsOfPermits(db: Db, permitIds: readonly number[]): Promise<PermitEventRow[]> {
  return db
    .select()
    .from(permitEvents)
    .where(inArray(permitEvents.permitId, [...permitIds]))
    .orderBy(asc(permitEvents.at), asc(permitEvents.id));
}

export interface EnterprisePermitsPage {
  statuses: readonly PermitStatusValue[] | null;
  first: number;
  /** Permit ID of the cursor: the page continues with older (smaller) IDs. */
  beforeId: number | null;
  at: Date;
}

/**
 * For each enterprise, a page of its permits (newest first, `first + 1` rows to tell whether more follow)
 * and how many match in all: two statements for any number of enterprises.
 */
export async function permitPagesOfEnterprises(
  db: Db,
  enterpriseIds: readonly number[],
  page: EnterprisePermitsPage,
): Promise<{ rows: WorkPermitRow[]; counts: Map<number, number> }> {
  const status = effectiveStatusSql(page.at);
  const where = and(
    inArray(workPermits.enterpriseId, [...enterpriseIds]),
    page.statuses === null ? undefined : sql`${status} in (${sql.join(page.statuses.map((s) => sql`${s}`), sql`, `)})`,
  );
  const ranked = db
    .select({
      id: workPermits.id,
      rank: sql<number>`row_number() over (partition by ${workPermits.enterpriseId} order by ${workPermits.id} desc)`.as('rank'),
    })
    .from(workPermits)
    .where(page.beforeId === null ? where : and(where, lt(workPermits.id, page.beforeId)))
    .as('ranked');
  const [rows, counts] = await Promise.all([
    db
      .select({ permit: workPermits })
      .from(workPermits)
      .innerJoin(ranked, sql`${ranked.id} = ${workPermits.id} and ${ranked.rank} <= ${page.first + 1}`)
      .orderBy(desc(workPermits.id)),
    db
      .select({ enterpriseId: workPermits.enterpriseId, count: sql<number>`count(*)::int` })
      .from(workPermits)
      .where(where)
      .groupBy(workPermits.enterpriseId),
  ]);
  return { rows: rows.map((row) => row.permit), counts: new Map(counts.map((c) => [c.enterpriseId, c.count])) };
}

export interface PermitQueuePage {
  regionCode: string;
  statuses: readonly PermitStatusValue[] | null;
  at: Date;
  first: number;
  /** The cursor's appliedAt and permit ID: the page continues after it. */
  after: readonly [Date, number] | null;
}

/**
 * A region's permit queue (permits of enterprises in the region, any level), oldest application first
 * (appliedAt, then ID), optionally of some statuses as they read at `at`; `first + 1` rows and how many match.
 */
export async function permitQueuePage(db: Db, page: PermitQueuePage): Promise<{ rows: WorkPermitRow[]; totalCount: number }> {
  const status = effectiveStatusSql(page.at);
  const where = and(
    inRegion(enterprises.communityCode, page.regionCode),
    page.statuses === null ? undefined : sql`${status} in (${sql.join(page.statuses.map((s) => sql`${s}`), sql`, `)})`,
  );
  const after = page.after && or(gt(workPermits.appliedAt, page.after[0]), and(eq(workPermits.appliedAt, page.after[0]), gt(workPermits.id, page.after[1])));
  const [rows, [count]] = await Promise.all([
    db
      .select({ permit: workPermits })
      .from(workPermits)
      .innerJoin(enterprises, eq(enterprises.id, workPermits.enterpriseId))
      .where(after ? and(where, after) : where)
      .orderBy(asc(workPermits.appliedAt), asc(workPermits.id))
      .limit(page.first + 1),
    db.select({ count: sql<number>`count(*)::int` }).from(workPermits).innerJoin(enterprises, eq(enterprises.id, workPermits.enterpriseId)).where(where),
  ]);
  return { rows: rows.map((row) => row.permit), totalCount: count?.count ?? 0 };
}
