/**
 * The health subgraph: nucleic-acid tests and lab ingest, vaccination, health
 * codes, call lists and outreach, exemptions, home observation, venue codes
 * and the health indexes. Builds the schema and its event consumers; opens no
 * port and starts nothing.
 */
import { buildFederatedSchema } from '../shared/federation.js';
import { ResidentCriteriaResolver } from './search/resident-criteria.resolver.js';
import { entityClientOf, type Subgraph, type SubgraphDeps } from '../shared/subgraph.js';
import { CallListResolver } from './call-list/call-list.resolver.js';
import { createHealthContext, healthRules, type HealthContext } from './context.js';
import { createHealthConsumers } from './events.js';
import { ExemptionResolver } from './exemption/exemption.resolver.js';
import { HealthCodeResolver } from './health-code/health-code.resolver.js';
import { IngestResolver } from './ingest/ingest.resolver.js';
import { LabImportResolver } from './ingest/lab-import.resolver.js';
import { LabUploads } from './ingest/lab-upload.js';
import { HomeObservationResolver } from './observation/observation.resolver.js';
import { OutreachResolver } from './outreach/outreach.resolver.js';
import { HealthDayResolver } from './region/region-day.resolver.js';
import { RegionDay } from './region/region-day.type.js';
import { Region } from './region/region.type.js';
import { residentReference } from './resident/resident.reference.js';
import { ResidentHealthResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';
import { createHealthStatistics } from './statistics/health-statistics.js';
import { HealthIndexPeopleResolver, HealthStatisticsResolver } from './statistics/statistics.resolver.js';
import { UnmatchedResultsResolver } from './unmatched/unmatched.resolver.js';
import { VaccinationResolver } from './vaccination/vaccination.resolver.js';
import { ResidentVenueScansResolver, VenueResolver } from './venue/venue.resolver.js';

export async function createHealthSubgraph(deps: SubgraphDeps): Promise<Subgraph<HealthContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [
      ResidentHealthResolver,
      IngestResolver,
      UnmatchedResultsResolver,
      ResidentCriteriaResolver,
      LabImportResolver,
      VaccinationResolver,
      HealthCodeResolver,
      CallListResolver,
      OutreachResolver,
      ExemptionResolver,
      HomeObservationResolver,
      VenueResolver,
      ResidentVenueScansResolver,
      HealthStatisticsResolver,
      HealthIndexPeopleResolver,
      HealthDayResolver,
    ],
    orphanedTypes: [Resident, Region, RegionDay],
    referenceResolvers: { Resident: residentReference },
  });
  const { database, config } = deps;
  const entities = entityClientOf(deps);
  const consumers = createHealthConsumers(database.db);
  const rules = healthRules(config);
  const statistics = createHealthStatistics(database.db, rules, config.statisticsHistoryDays);
  const labUploads = new LabUploads(database);
  return {
    name: 'health',
    schema,
    createContext: (viewer) => createHealthContext(database.db, viewer, rules, statistics, labUploads, entities),
    consumers,
    routes: { 'POST /lab-files': labUploads.route },
    warm: () => statistics.warm(),
  };
}
