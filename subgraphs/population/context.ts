import type { Db } from '../shared/db/database.js';
import { baseContext, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type PopulationLoaders } from './loaders.js';

export interface PopulationContext extends BaseContext {
  loaders: PopulationLoaders;
}

export function createPopulationContext(db: Db, viewer: Viewer): PopulationContext {
  const base = baseContext(db, viewer);
  return { ...base, loaders: createLoaders(base) };
}
