/**
 * The population subgraph: regions, residents, households, tags, search and
 * the population indexes. Builds the schema; opens no port.
 */
import { buildFederatedSchema } from '../shared/federation.js';
import { entityClientOf, type Subgraph, type SubgraphDeps } from '../shared/subgraph.js';
import { AuditEventResolver } from './audit/audit-event.resolver.js';
import { createPopulationContext, type PopulationContext } from './context.js';
import { createPopulationConsumers } from './events/consumers.js';
import { createPopulationStatistics } from './statistics/population-statistics.js';
import { HouseholdResolver } from './household/household.resolver.js';
import { regionReference } from './region/region.reference.js';
import { RegionDailyResolver } from './region/region-daily.resolver.js';
import { PopulationDayResolver } from './region/region-day.resolver.js';
import { RegionResolver } from './region/region.resolver.js';
import { residentReference } from './resident/resident.reference.js';
import { ResidentResolver } from './resident/resident.resolver.js';
import { PopulationPeopleResolver, PopulationStatisticsResolver } from './statistics/statistics.resolver.js';
import { TagResolver } from './tag/tag.resolver.js';

export async function createPopulationSubgraph(deps: SubgraphDeps): Promise<Subgraph<PopulationContext>> {
  const { database } = deps;
  const schema = await buildFederatedSchema({
    resolvers: [RegionResolver, RegionDailyResolver, PopulationDayResolver, PopulationStatisticsResolver, PopulationPeopleResolver, ResidentResolver, HouseholdResolver, TagResolver, AuditEventResolver],
    referenceResolvers: { Resident: residentReference, Region: regionReference },
  });
  const statistics = createPopulationStatistics(database.db, deps.config.statisticsHistoryDays);
  const entities = entityClientOf(deps);
  return { name: 'population', schema, createContext: (viewer) => createPopulationContext(database.db, viewer, statistics, entities), warm: () => statistics.warm(), consumers: createPopulationConsumers(database.db) };
}
