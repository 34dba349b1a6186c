/**
 * What every subgraph exposes: a built schema, a per-request context factory
 * and its background event consumers. Building opens no port and starts
 * nothing; serving (in-process or HTTP) and consuming are started elsewhere.
 */
import type { GraphQLSchema } from 'graphql';
import type { Config, SubgraphName } from './config.js';
import type { Database, Db } from './db/database.js';
import type { EntityClient } from './entity-client.js';
import type { EventConsumer } from './events/consumer.js';
import type { RouteHandler } from './http/server.js';
import { RegionScope, type Viewer } from './viewer.js';

/** What a subgraph is built from. */
export interface SubgraphDeps {
  database: Database;
  config: Config;
  /** Reaches other subgraphs' entities (in-process or over HTTP); whoever assembles the subgraphs provides it. */
  entities?: EntityClient;
}

export interface Subgraph<Context extends BaseContext = BaseContext> {
  name: SubgraphName;
  schema: GraphQLSchema;
  /** A fresh context (with fresh DataLoaders) for one request. */
  createContext(viewer: Viewer): Context;
  /** Consumers of other subgraphs' events, started by whoever serves the subgraph. */
  consumers: EventConsumer[];
  /** HTTP endpoints besides GraphQL (e.g. health's POST /lab-files), served by the HTTP front in front of it. */
  routes?: Readonly<Record<string, RouteHandler>>;
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
