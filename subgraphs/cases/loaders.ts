/**
 * Per-request DataLoaders of the cases subgraph: one query per key set for
 * every entity reference and list-of-children field, and the case indexes
 * batched per instant and level.
 */
import DataLoader from 'dataloader';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { manyByKey, oneByKey } from '../shared/loaders.js';
import type { BaseContext } from '../shared/subgraph.js';
import { timelinesOf } from './case/case.queries.js';
import { closeContacts, positiveCases, type PositiveCaseRow } from './db.js';
import { facilitiesByIds, occupancyOf } from './facility/facility.queries.js';
import { communitiesOfResidents } from './resident/resident.reference.js';
import { caseIndexesAt } from './statistics/case-indexes.queries.js';
import type { CaseIndexes } from './statistics/case-indexes.type.js';

export interface IndexKey {
  code: string;
  asOf: Date;
}

const indexCacheKey = (key: IndexKey) => `${key.asOf.toISOString()}|${key.code}`;

export function createLoaders({ db, scope }: BaseContext) {
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
    residentCommunity: oneByKey((ids: readonly number[]) => communitiesOfResidents(db, ids), (row) => row.residentId),
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
    /** Batches every region asked for at the same instant and level into one statement. */
    caseIndexes: new DataLoader<IndexKey, CaseIndexes, string>(
      async (keys) => {
        const groups = new Map<string, IndexKey[]>();
        for (const key of keys) {
          const group = `${key.asOf.toISOString()}|${key.code.length}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const results = new Map<string, CaseIndexes>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const byCode = await caseIndexesAt(db, [...new Set(group.map((k) => k.code))], group[0]!.asOf);
            for (const key of group) results.set(indexCacheKey(key), byCode.get(key.code)!);
          }),
        );
        return keys.map((key) => results.get(indexCacheKey(key))!);
      },
      { cacheKeyFn: indexCacheKey },
    ),
  };
}

export type CasesLoaders = ReturnType<typeof createLoaders>;
