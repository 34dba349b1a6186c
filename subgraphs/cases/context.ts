import type { Db } from '../shared/db/database.js';
import { baseContext, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type CasesLoaders } from './loaders.js';

export interface CasesContext extends BaseContext {
  loaders: CasesLoaders;
}

export function createCasesContext(db: Db, viewer: Viewer): CasesContext {
  const base = baseContext(db, viewer);
  return { ...base, loaders: createLoaders(base) };
}
