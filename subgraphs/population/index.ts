/**
 * The population subgraph: regions, residents, households, tags, search and
 * the population indexes. Builds the schema; opens no port.
 */
import { buildFederatedSchema } from '../shared/federation.js';
import type { Subgraph, SubgraphDeps } from '../shared/subgraph.js';
import { createPopulationContext, type PopulationContext } from './context.js';
import { createPopulationStatistics } from './statistics/population-statistics.js';
import { HouseholdResolver } from './household/household.resolver.js';
import { RegionResolver } from './region/region.resolver.js';
import { PopulationStatisticsResolver } from './statistics/statistics.resolver.js';
import { ResidentMutations } from './resident/resident.mutations.js';
import { resolveResidentReference, ResidentResolver } from './resident/resident.resolver.js';
import { TagResolver } from './tag/tag.resolver.js';

export async function createPopulationSubgraph({ database }: SubgraphDeps): Promise<Subgraph<PopulationContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [RegionResolver, PopulationStatisticsResolver, ResidentResolver, ResidentMutations, HouseholdResolver, TagResolver],
    referenceResolvers: {
      Resident: { __resolveReference: resolveResidentReference },
      Region: {
        __resolveReference: (reference: { code: string }, ctx: PopulationContext) => ctx.loaders.regionByCode.load(reference.code),
      },
    },
  });
  const statistics = createPopulationStatistics(database.db);
  return { name: 'population', schema, createContext: (viewer) => createPopulationContext(database.db, viewer, statistics), consumers: [] };
}
