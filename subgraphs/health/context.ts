import type { Db } from '../shared/db/database.js';
import { baseContext, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type HealthLoaders } from './loaders.js';

export interface HealthContext extends BaseContext {
  loaders: HealthLoaders;
}

export function createHealthContext(db: Db, viewer: Viewer): HealthContext {
  return { ...baseContext(db, viewer), loaders: createLoaders(db) };
}
