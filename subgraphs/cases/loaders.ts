import { desc, inArray } from 'drizzle-orm';
import type { Db } from '../shared/db/database.js';
import { oneByKey } from '../shared/loaders.js';
import type { RegionScope } from '../shared/viewer.js';
import { toPositiveCase } from './case/case.mapper.js';
import { positiveCases } from './db.js';

export function createLoaders(db: Db, scope: RegionScope) {
  const visible = async (rows: Promise<(typeof positiveCases.$inferSelect)[]>) =>
    (await rows).filter((row) => scope.covers(row.communityCode)).map(toPositiveCase);
  return {
    caseById: oneByKey(
      (ids: readonly number[]) => visible(db.select().from(positiveCases).where(inArray(positiveCases.id, [...ids]))),
      (found) => Number(found.id),
    ),
    /** Newest case per resident: rows come newest first, and the first per key wins. */
    latestCaseOfResident: oneByKey(
      (ids: readonly number[]) =>
        visible(
          db
            .selectDistinctOn([positiveCases.residentId])
            .from(positiveCases)
            .where(inArray(positiveCases.residentId, [...ids]))
            .orderBy(positiveCases.residentId, desc(positiveCases.reportedAt)),
        ),
      (found) => Number(found.resident.id),
    ),
  };
}

export type CasesLoaders = ReturnType<typeof createLoaders>;
