import type { Db } from '../shared/db/database.js';
import type { EntityClient } from '../shared/entity-client.js';
import { baseContext, regionsOfPopulation, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type CasesLoaders } from './loaders.js';
import type { CaseStatistics } from './statistics/case-statistics.js';

export interface CasesContext extends BaseContext {
  /** The region statistics' present snapshot: one per subgraph, shared by every request. */
  statistics: CaseStatistics;
  loaders: CasesLoaders;
}

export function createCasesContext(db: Db, viewer: Viewer, statistics: CaseStatistics, entities: EntityClient): CasesContext {
  const base = { ...baseContext(db, viewer, regionsOfPopulation(entities, viewer)), statistics };
  return { ...base, loaders: createLoaders(base) };
}
