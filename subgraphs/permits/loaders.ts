import { desc, inArray } from 'drizzle-orm';
import type { Db } from '../shared/db/database.js';
import { manyByKey, oneByKey } from '../shared/loaders.js';
import type { RegionScope } from '../shared/viewer.js';
import { enterprises, workPermits } from './db.js';
import { toEnterprise } from './enterprise/enterprise.mapper.js';

export function createLoaders(db: Db, scope: RegionScope) {
  return {
    enterpriseById: oneByKey(
      async (ids: readonly number[]) =>
        (await db.select().from(enterprises).where(inArray(enterprises.id, [...ids]))).filter((row) => scope.covers(row.communityCode)).map(toEnterprise),
      (enterprise) => Number(enterprise.id),
    ),
    permitsOfResident: manyByKey(
      (ids: readonly number[]) => db.select().from(workPermits).where(inArray(workPermits.residentId, [...ids])).orderBy(desc(workPermits.id)),
      (row) => row.residentId,
    ),
  };
}

export type PermitsLoaders = ReturnType<typeof createLoaders>;
