/**
 * Per-request DataLoaders of the population subgraph.
 */
import { manyByKey, oneByKey } from '../shared/loaders.js';
import type { BaseContext } from '../shared/subgraph.js';
import { regionStatisticsLoaders } from '../shared/snapshot/region-statistics.js';
import { householdsByIds } from './household/household.queries.js';
import { regionsByCodes, regionsByParents } from './region/region.queries.js';
import { currentMembersOfHouseholds, residentsByIds } from './resident/resident.queries.js';
import type { PopulationStatistics } from './statistics/population-statistics.js';
import { tagCatalog, taggingsOf } from './tag/tag.queries.js';
import type { Tag } from './tag/tag.type.js';

export function createLoaders(ctx: BaseContext & { statistics: PopulationStatistics }) {
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
    /** Region indexes and the columns behind them: one present instant per request, one evaluation per instant. */
    ...regionStatisticsLoaders(ctx.statistics),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
