/**
 * Per-request DataLoaders of the population subgraph.
 */
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/loaders.js';
import type { BaseContext } from '../shared/subgraph.js';
import { householdsByIds } from './household/household.queries.js';
import { regionsByCodes, regionsByParents } from './region/region.queries.js';
import { currentMembersOfHouseholds, residentsByIds } from './resident/resident.queries.js';
import { populationIndexesAt } from './statistics/population-indexes.queries.js';
import type { PopulationIndexes } from './statistics/population-indexes.type.js';
import { tagCatalog, taggingsOf } from './tag/tag.queries.js';
import type { Tag } from './tag/tag.type.js';

export interface IndexKey {
  code: string;
  asOf: Date;
}

export function createLoaders(ctx: BaseContext) {
  let catalog: Promise<Map<string, Tag>> | undefined;
  return {
    regionByCode: oneByKey((codes: readonly string[]) => regionsByCodes(ctx, codes), (region) => region.code),
    regionChildren: manyByKey((codes: readonly string[]) => regionsByParents(ctx, codes), (region) => region.parentCode!),
    residentById: oneByKey((ids: readonly number[]) => residentsByIds(ctx, ids), (record) => record.resident.id),
    householdById: oneByKey((ids: readonly number[]) => householdsByIds(ctx, ids), (household) => Number(household.id)),
    householdMembers: manyByKey((ids: readonly number[]) => currentMembersOfHouseholds(ctx, ids), (record) => record.residency.householdId),
    currentTaggings: manyByKey((ids: readonly number[]) => taggingsOf(ctx.db, ids, true), (row) => row.residentId),
    allTaggings: manyByKey((ids: readonly number[]) => taggingsOf(ctx.db, ids, false), (row) => row.residentId),
    /** The tag catalog, read at most once per request. */
    tagCatalog: () => (catalog ??= tagCatalog(ctx.db)),
    /** Batches every region asked for at the same instant and level into one statement. */
    populationIndexes: new DataLoader<IndexKey, PopulationIndexes, string>(
      async (keys) => {
        const groups = new Map<string, IndexKey[]>();
        for (const key of keys) {
          const group = `${key.asOf.toISOString()}|${key.code.length}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const results = new Map<string, PopulationIndexes>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const byCode = await populationIndexesAt(ctx.db, [...new Set(group.map((k) => k.code))], group[0]!.asOf);
            for (const key of group) results.set(indexCacheKey(key), byCode.get(key.code)!);
          }),
        );
        return keys.map((key) => results.get(indexCacheKey(key))!);
      },
      { cacheKeyFn: indexCacheKey },
    ),
  };
}

function indexCacheKey(key: IndexKey): string {
  return `${key.asOf.toISOString()}|${key.code}`;
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
