/**
 * The cases subgraph: positive cases with an append-only timeline, facilities,
 * close contacts and the case indexes; it opens cases from health's positive
 * results, keeps its own projection of where residents live, and tells health
 * what codes and observations follow. Builds the schema and its consumers;
 * opens no port and starts nothing.
 */
import { EventConsumer } from '../shared/events/consumer.js';
import { producerOutbox } from '../shared/events/outbox-table.js';
import { buildFederatedSchema } from '../shared/federation.js';
import { numericId } from '../shared/ids.js';
import type { Subgraph, SubgraphDeps } from '../shared/subgraph.js';
import { toPositiveCase } from './case/case.mapper.js';
import { CaseResolver, CaseTimelineResolver } from './case/case.resolver.js';
import { CloseContactResolver } from './contact/contact.resolver.js';
import { createCasesContext, type CasesContext } from './context.js';
import { eventCursors } from './db.js';
import { applyPopulationEvent } from './events/population-projection.js';
import { applyHealthEvent, PositiveResultsConsumer, quietAboutWaiting } from './events/positive-results.js';
import { FacilityResolver } from './facility/facility.resolver.js';
import { Region } from './region/region.type.js';
import { ResidentCasesResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';
import { createCaseStatistics } from './statistics/case-statistics.js';
import { CaseStatisticsResolver } from './statistics/statistics.resolver.js';

export const POPULATION_CONSUMER = 'cases<-population';
export const HEALTH_CONSUMER = 'cases<-health';

export async function createCasesSubgraph({ database }: SubgraphDeps): Promise<Subgraph<CasesContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [CaseResolver, CaseTimelineResolver, FacilityResolver, CloseContactResolver, ResidentCasesResolver, CaseStatisticsResolver],
    orphanedTypes: [Resident, Region],
    referenceResolvers: {
      PositiveCase: {
        __resolveReference: async (ref: { id: string }, ctx: CasesContext) => {
          const id = numericId(ref.id);
          const row = id === null ? null : await ctx.loaders.caseById.load(id);
          return row ? toPositiveCase(row) : null;
        },
      },
    },
  });
  const target = { db: database.db, cursors: eventCursors };
  const population = new EventConsumer({
    name: POPULATION_CONSUMER,
    source: { db: database.db, outbox: producerOutbox('population') },
    target,
    handle: applyPopulationEvent,
  });
  const positives = new PositiveResultsConsumer(
    {
      name: HEALTH_CONSUMER,
      source: { db: database.db, outbox: producerOutbox('health') },
      target,
      handle: (tx, event) => applyHealthEvent(tx, event),
      onError: quietAboutWaiting(HEALTH_CONSUMER),
    },
    population,
  );
  const statistics = createCaseStatistics(database.db);
  return { name: 'cases', schema, createContext: (viewer) => createCasesContext(database.db, viewer, statistics), consumers: [population, positives] };
}
