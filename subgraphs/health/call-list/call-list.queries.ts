/**
 * The call list: current residents of a region not sampled within the last N
 * hours, exempt residents left out, in address order (community, then
 * address, then ID), a keyset page at a time. Its total comes from the
 * present statistics snapshot (HealthIndexColumns.untestedCount): counting a
 * town's hundred thousand residents row by row would cost more than the page.
 */
import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { instantSql } from '../../shared/db/instants.js';
import { exemptAt } from '../exemption/exemption.queries.js';
import type { LoaderContext } from '../context.js';
import { residencePeriods, samples } from '../db.js';
import { inRegion } from '../../shared/region-sql.js';

export interface CallListKey {
  communityCode: string;
  address: string;
  residentId: number;
}

export async function untestedPage(
  ctx: LoaderContext,
  regionCode: string,
  withinHours: number,
  first: number,
  after: CallListKey | null,
  now: Date,
): Promise<CallListKey[]> {
  const since = new Date(now.getTime() - withinHours * 3600_000);
  const untested: SQL = and(
    isNull(residencePeriods.endedAt),
    inRegion(residencePeriods.communityCode, regionCode),
    ctx.scope.communities(residencePeriods.communityCode),
    sql`not exists (select 1 from ${samples} where ${and(
      eq(samples.residentId, residencePeriods.residentId),
      gt(samples.sampledAt, since),
      sql`${samples.sampledAt} <= ${instantSql(now)}`,
    )})`,
    sql`not ${exemptAt(residencePeriods.residentId, now)}`,
  )!;
  const afterKey = after
    ? or(
        gt(residencePeriods.communityCode, after.communityCode),
        and(eq(residencePeriods.communityCode, after.communityCode), gt(residencePeriods.address, after.address)),
        and(eq(residencePeriods.communityCode, after.communityCode), eq(residencePeriods.address, after.address), gt(residencePeriods.residentId, after.residentId)),
      )
    : undefined;
  return ctx.db
    .select({ communityCode: residencePeriods.communityCode, address: residencePeriods.address, residentId: residencePeriods.residentId })
    .from(residencePeriods)
    .where(and(untested, afterKey))
    .orderBy(asc(residencePeriods.communityCode), asc(residencePeriods.address), asc(residencePeriods.residentId))
    .limit(first + 1);
}
