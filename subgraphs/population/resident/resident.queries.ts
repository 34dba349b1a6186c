/**
 * Resident reads. Each joins a resident with one residency period and is
 * restricted to the viewer's region through ctx.scope.
 */
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { PopulationStatistics } from '../statistics/population-statistics.js';
import { searchResidents } from '../statistics/resident-search.js';
import type { ResidentFilter } from './resident-filter.js';
import { passes, type PeerMatches } from './peer-criteria.js';
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

/**
 * The same page from the present statistics snapshot (the residents living now, with their tags, ages and
 * types in memory): no scan of a region's residents per request; only the page's records are read. Null when
 * the columns cannot answer (a tag beyond what they hold). The filter has been validated, and holds no text.
 */
export async function pageFromPresentColumns(
  ctx: BaseContext & { statistics: PopulationStatistics },
  filter: ResidentFilter,
  peers: PeerMatches | null,
  first: number,
  afterId: number | null,
): Promise<{ rows: ResidentRecord[]; totalCount: number } | null> {
  const { columns, at } = await ctx.statistics.presentColumns();
  const found = searchResidents(
    columns,
    {
      regionPrefixes: [ctx.scope.regionCode, ...(filter.regionCode != null ? [filter.regionCode] : [])],
      tagsAll: [...new Set(filter.tagsAll ?? [])],
      tagsAny: filter.tagsAny ?? null,
      ageMin: filter.ageMin ?? null,
      ageMax: filter.ageMax ?? null,
      residencyType: filter.residencyType ?? null,
    },
    at,
  );
  if (found === null) return null;
  const ids = peers === null ? found : found.filter((id) => passes(peers, id));
  const start = afterId === null ? 0 : sortedIndex(ids, afterId + 1);
  // With first = 0 the one extra row still tells whether anything follows.
  const page = ids.slice(start, start + first + 1);
  const records = new Map((await residentsByIds(ctx, page)).map((record) => [record.resident.id, record]));
  return { rows: page.map((id) => records.get(id)).filter((record) => record !== undefined), totalCount: ids.length };
}

/** The other subgraphs' criteria (peer-criteria.ts) as conditions on residents.id. */
export function peerConditions(peers: PeerMatches | null): SQL[] {
  if (peers === null) return [];
  const ids = (set: ReadonlySet<number>) => `{${[...set].join(',')}}`;
  return [
    ...(peers.only ? [sql`${residents.id} = any(${ids(peers.only)}::bigint[])`] : []),
    ...(peers.except ? [sql`not (${residents.id} = any(${ids(peers.except)}::bigint[]))`] : []),
  ];
}

/** The first index whose value is ≥ `value` in ascending `values`. */
function sortedIndex(values: readonly number[], value: number): number {
  let [low, high] = [0, values.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
