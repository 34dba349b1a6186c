import type { Db } from '../shared/db/database.js';
import { baseContext, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type PermitsLoaders } from './loaders.js';

export interface PermitsContext extends BaseContext {
  loaders: PermitsLoaders;
}

export function createPermitsContext(db: Db, viewer: Viewer): PermitsContext {
  const base = baseContext(db, viewer);
  return { ...base, loaders: createLoaders(db, base.scope) };
}
