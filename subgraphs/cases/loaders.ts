/**
 * Per-request DataLoaders of the cases subgraph: one query per key set for
 * every entity reference and list-of-children field, and the case indexes
 * batched per instant.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { manyByKey, oneByKey } from '../shared/loaders.js';
import { regionStatisticsLoaders } from '../shared/snapshot/region-statistics.js';
import type { BaseContext } from '../shared/subgraph.js';
import { timelinesOf } from './case/case.queries.js';
import { closeContacts, positiveCases, residencePeriods, type PositiveCaseRow } from './db.js';
import { facilitiesByIds, occupancyOf } from './facility/facility.queries.js';
import { latestCommunities } from '../shared/residence/latest-communities.js';
import type { CaseStatistics } from './statistics/case-statistics.js';

export function createLoaders({ db, scope, statistics }: BaseContext & { statistics: CaseStatistics }) {
  const visible = async (rows: Promise<PositiveCaseRow[]>) => (await rows).filter((row) => scope.covers(row.communityCode));
  return {
    caseById: oneByKey(
      (ids: readonly number[]) => visible(db.select().from(positiveCases).where(inArray(positiveCases.id, [...ids]))),
      (row) => row.id,
    ),
    /** Newest case per resident: rows come newest first, and the first per key wins. */
    latestCaseOfResident: oneByKey(
      (ids: readonly number[]) =>
        visible(
          db
            .selectDistinctOn([positiveCases.residentId])
            .from(positiveCases)
            .where(inArray(positiveCases.residentId, [...ids]))
            .orderBy(positiveCases.residentId, desc(positiveCases.reportedAt), desc(positiveCases.id)),
        ),
      (row) => row.residentId,
    ),
    /** Where cases knows each resident to live (for the scope of Resident references). */
    residentCommunity: oneByKey((ids: readonly number[]) => latestCommunities(db, residencePeriods, ids), (row) => row.residentId),
    timeline: manyByKey((ids: readonly number[]) => timelinesOf(db, ids), (row) => row.caseId),
    facilityById: oneByKey((ids: readonly number[]) => facilitiesByIds(db, ids), (row) => row.id),
    occupancy: oneByKey((ids: readonly number[]) => occupancyOf(db, ids), (row) => row.facilityId),
    contactsOfCase: manyByKey(
      (ids: readonly number[]) => db.select().from(closeContacts).where(inArray(closeContacts.caseId, [...ids])).orderBy(asc(closeContacts.id)),
      (row) => row.caseId,
    ),
    /** A resident's close-contact records of cases in the viewer's scope, newest quarantine first. */
    contactsOfResident: manyByKey(
      async (ids: readonly number[]) =>
        (
          await db
            .select({ contact: closeContacts })
            .from(closeContacts)
            .innerJoin(positiveCases, eq(positiveCases.id, closeContacts.caseId))
            .where(and(inArray(closeContacts.residentId, [...ids]), scope.communities(positiveCases.communityCode)))
            .orderBy(desc(closeContacts.quarantineStartsAt), desc(closeContacts.id))
        ).map((row) => row.contact),
      (row) => row.residentId,
    ),
    /** Region indexes and the columns behind them: one present instant per request, one evaluation per instant. */
    ...regionStatisticsLoaders(statistics),
  };
}

export type CasesLoaders = ReturnType<typeof createLoaders>;
