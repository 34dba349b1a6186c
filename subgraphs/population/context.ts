import type { Db } from '../shared/db/database.js';
import type { EntityClient } from '../shared/entity-client.js';
import { baseContext, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type PopulationLoaders } from './loaders.js';
import { regionExistence } from './region/region.queries.js';
import type { PopulationStatistics } from './statistics/population-statistics.js';

export interface PopulationContext extends BaseContext {
  /** Health and permits, asked which residents meet a search's criteria on their facts (resident/peer-criteria.ts). */
  entities: EntityClient;
  /** The region statistics' present snapshot: one per subgraph, shared by every request. */
  statistics: PopulationStatistics;
  loaders: PopulationLoaders;
}

export function createPopulationContext(db: Db, viewer: Viewer, statistics: PopulationStatistics, entities: EntityClient): PopulationContext {
  const anywhere = regionExistence(db);
  // A region the viewer may name is known from the request's region loader (no further statement); only others are looked up.
  const exists = async (code: string) => (await loaders.regionByCode.load(code)) !== null || anywhere(code);
  const base = { ...baseContext(db, viewer, exists), statistics };
  const loaders = createLoaders(base);
  return { ...base, loaders, entities };
}
