/**
 * What every subgraph exposes: a built schema and a per-request context
 * factory. Building opens no port; serving (in-process or HTTP) is elsewhere.
 */
import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from './config.js';
import type { Db } from './db/database.js';
import { RegionScope, type Viewer } from './viewer.js';

export interface Subgraph<Context extends BaseContext = BaseContext> {
  name: SubgraphName;
  schema: GraphQLSchema;
  /** A fresh context (with fresh DataLoaders) for one request. */
  createContext(viewer: Viewer): Context;
}

export interface BaseContext {
  viewer: Viewer;
  /** The only way resolvers restrict data to what the viewer may see. */
  scope: RegionScope;
  db: Db;
}

export function baseContext(db: Db, viewer: Viewer): BaseContext {
  return { viewer, scope: new RegionScope(viewer.regionCode), db };
}
