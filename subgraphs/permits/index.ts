/**
 * The permits subgraph: enterprises and their resumption, the work-permit
 * lifecycle with health-gated approval, the resumed-work database and the
 * permit indexes. Builds the schema and its consumer; opens no port and
 * starts nothing. Health and population facts come from those subgraphs
 * through entity fetches (peers.ts), and where residents live from
 * population's events (events.ts).
 */
import { buildFederatedSchema } from '../shared/federation.js';
import { ActiveHoldersResolver } from './search/active-holders.resolver.js';
import { entityClientOf, type Subgraph, type SubgraphDeps } from '../shared/subgraph.js';
import { createPermitStatistics } from './statistics/permit-statistics.js';
import { createPermitsContext, type PermitsContext } from './context.js';
import { createPermitsConsumers } from './events.js';
import { enterpriseReference } from './enterprise/enterprise.reference.js';
import { EnterpriseResolver } from './enterprise/enterprise.resolver.js';
import { workPermitReference } from './permit/permit.reference.js';
import { EnterprisePermitsResolver, WorkPermitResolver } from './permit/permit.resolver.js';
import { PermitIndexPeopleResolver, PermitStatisticsResolver } from './statistics/statistics.resolver.js';
import { PermitsDayResolver } from './region/region-day.resolver.js';
import { RegionDay } from './region/region-day.type.js';
import { Region } from './region/region.type.js';
import { ResidentPermitsResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';
import { ResumedWorkerResolver } from './resumed/resumed.resolver.js';

export async function createPermitsSubgraph(deps: SubgraphDeps): Promise<Subgraph<PermitsContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [EnterpriseResolver, EnterprisePermitsResolver, WorkPermitResolver, ResidentPermitsResolver, PermitStatisticsResolver, PermitIndexPeopleResolver, ResumedWorkerResolver, ActiveHoldersResolver, PermitsDayResolver],
    orphanedTypes: [Resident, Region, RegionDay],
    referenceResolvers: { Enterprise: enterpriseReference, WorkPermit: workPermitReference },
  });
  const entities = entityClientOf(deps);
  const statistics = createPermitStatistics(deps.database.db, deps.config.statisticsHistoryDays);
  return { name: 'permits', schema, createContext: (viewer) => createPermitsContext(deps.database.db, viewer, entities, statistics), warm: () => statistics.warm(), consumers: createPermitsConsumers(deps.database.db) };
}
