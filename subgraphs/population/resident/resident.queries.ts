/**
 * Resident reads. Each joins a resident with one residency period and is
 * restricted to the viewer's region through ctx.scope.
 */
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { BaseContext } from '../../shared/subgraph.js';
import { residencies, residents } from '../db.js';
import type { ResidentRecord } from './resident.mapper.js';

/** Start of the resident's first residency: when they were first registered here. */
const registeredAt = sql<Date>`(select min(first.started_at) from population.residencies first where first.resident_id = ${residents.id})`.mapWith(
  residencies.startedAt,
);

const recordColumns = { resident: getTableColumns(residents), residency: getTableColumns(residencies), registeredAt };

/** Residents by ID with their latest residency (open, or last for the moved-out); invisible ones are left out. */
export async function residentsByIds(ctx: BaseContext, ids: readonly number[]): Promise<ResidentRecord[]> {
  const rows = await ctx.db
    .selectDistinctOn([residencies.residentId], recordColumns)
    .from(residencies)
    .innerJoin(residents, eq(residents.id, residencies.residentId))
    .where(inArray(residencies.residentId, [...ids]))
    .orderBy(residencies.residentId, desc(residencies.startedAt), desc(residencies.id));
  return rows.filter((row) => ctx.scope.covers(row.residency.communityCode));
}

/** Current members of households, ordered by ID. */
export async function currentMembersOfHouseholds(ctx: BaseContext, householdIds: readonly number[]): Promise<ResidentRecord[]> {
  return ctx.db
    .select(recordColumns)
    .from(residencies)
    .innerJoin(residents, eq(residents.id, residencies.residentId))
    .where(
      and(inArray(residencies.householdId, [...householdIds]), isNull(residencies.endedAt), ctx.scope.communities(residencies.communityCode)),
    )
    .orderBy(asc(residents.id));
}

/** A page of current residents matching `conditions`, in ID order, plus the total count. */
export async function pageOfCurrentResidents(
  ctx: BaseContext,
  conditions: (SQL | undefined)[],
  first: number,
  afterId: number | null,
): Promise<{ rows: ResidentRecord[]; totalCount: number }> {
  const where = and(isNull(residencies.endedAt), ctx.scope.communities(residencies.communityCode), ...conditions);
  const [rows, [count]] = await Promise.all([
    // With first = 0 the one extra row still tells whether anything follows.
    ctx.db
      .select(recordColumns)
      .from(residents)
      .innerJoin(residencies, eq(residencies.residentId, residents.id))
      .where(afterId === null ? where : and(where, gt(residents.id, afterId)))
      .orderBy(asc(residents.id))
      .limit(first + 1),
    ctx.db
      .select({ count: sql<number>`count(*)::int` })
      .from(residents)
      .innerJoin(residencies, eq(residencies.residentId, residents.id))
      .where(where),
  ]);
  return { rows, totalCount: count?.count ?? 0 };
}
