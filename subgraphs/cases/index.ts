/**
 * The cases subgraph: positive cases with an append-only timeline, facilities,
 * close contacts and the case indexes; it opens cases from health's positive
 * results, keeps its own projection of where residents live, and tells health
 * what codes and observations follow. Builds the schema and its consumers;
 * opens no port and starts nothing.
 */
import { buildFederatedSchema } from '../shared/federation.js';
import { entityClientOf, type Subgraph, type SubgraphDeps } from '../shared/subgraph.js';
import { caseReference } from './case/case.reference.js';
import { CaseResolver, CaseTimelineResolver } from './case/case.resolver.js';
import { CloseContactResolver } from './contact/contact.resolver.js';
import { createCasesContext, type CasesContext } from './context.js';
import { createCasesConsumers } from './events.js';
import { FacilityResolver } from './facility/facility.resolver.js';
import { CasesDayResolver } from './region/region-day.resolver.js';
import { RegionDay } from './region/region-day.type.js';
import { Region } from './region/region.type.js';
import { residentReference } from './resident/resident.reference.js';
import { ResidentCasesResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';
import { createCaseStatistics } from './statistics/case-statistics.js';
import { CaseIndexPeopleResolver, CaseStatisticsResolver } from './statistics/statistics.resolver.js';

export async function createCasesSubgraph(deps: SubgraphDeps): Promise<Subgraph<CasesContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [CaseResolver, CaseTimelineResolver, FacilityResolver, CloseContactResolver, ResidentCasesResolver, CaseStatisticsResolver, CaseIndexPeopleResolver, CasesDayResolver],
    orphanedTypes: [Resident, Region, RegionDay],
    referenceResolvers: { PositiveCase: caseReference, Resident: residentReference },
  });
  const { database, config } = deps;
  const entities = entityClientOf(deps);
  const statistics = createCaseStatistics(database.db, config.statisticsHistoryDays);
  return { name: 'cases', schema, createContext: (viewer) => createCasesContext(database.db, viewer, statistics, entities), warm: () => statistics.warm(), consumers: createCasesConsumers(database.db) };
}
