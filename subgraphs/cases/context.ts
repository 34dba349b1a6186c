import type { Db } from '../shared/db/database.js';
import type { EntityClient } from '../shared/entity-client.js';
import { baseContext, regionsOfPopulation, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type CasesLoaders } from './loaders.js';

export interface CasesContext extends BaseContext {
  loaders: CasesLoaders;
}

export function createCasesContext(db: Db, viewer: Viewer, entities: EntityClient): CasesContext {
  const base = baseContext(db, viewer, regionsOfPopulation(entities, viewer));
  return { ...base, loaders: createLoaders(base) };
}
