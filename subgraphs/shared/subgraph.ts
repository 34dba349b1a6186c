/**
 * What every subgraph exposes: a built schema, a per-request context factory,
 * its background event consumers and the warming of its statistics. Building
 * opens no port and starts nothing; serving (in-process or HTTP), consuming
 * and warming are started elsewhere.
 */
import type { GraphQLSchema } from 'graphql';
import type { Config, SubgraphName } from './config.js';
import type { Database, Db } from './db/database.js';
import { createEntityClient, type EntityClient } from './entity-client.js';
import type { EventConsumer } from './events/consumer.js';
import type { RouteHandler } from './http/server.js';
import { RegionScope, type RegionExists, type Viewer } from './viewer.js';

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
  /** Reads its long-lived statistics (present snapshot, history) now, so no request waits for them: started in the background once the process listens (http/statistics-warm-up.ts). */
  warm?(): Promise<void>;
}

export interface BaseContext {
  viewer: Viewer;
  /** The only way resolvers restrict data to what the viewer may see. */
  scope: RegionScope;
  db: Db;
}

/** `regionExists` answers for region-code arguments (NOT_FOUND or FORBIDDEN, see RegionScope.assertRegion). */
export function baseContext(db: Db, viewer: Viewer, regionExists?: RegionExists): BaseContext {
  return { viewer, scope: new RegionScope(viewer.regionCode, regionExists), db };
}

/** The entity client of the assembled platform, or (served alone) one reaching the configured URLs. */
export function entityClientOf(deps: SubgraphDeps): EntityClient {
  return deps.entities ?? createEntityClient({ remote: deps.config.subgraphUrls, auth: deps.config.auth });
}

const REGION_CODES = `query RegionExists($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Region { code } }
}`;

/**
 * Whether a region exists, asked of population (which owns the regions) through its Region entity, at most
 * once per code and request. Asked as the administrator of the viewer's district: that a region exists is
 * no secret inside the district (a real region outside the scope is FORBIDDEN, not NOT_FOUND); nothing but
 * its code is read.
 */
export function regionsOfPopulation(client: EntityClient, viewer: Viewer): RegionExists {
  const asked = new Map<string, Promise<boolean>>();
  const asker: Viewer = { id: viewer.id, role: 'DISTRICT_ADMIN', regionCode: viewer.regionCode.slice(0, 6) };
  return (code) => {
    let answer = asked.get(code);
    if (!answer) {
      answer = client
        .fetchEntities<{ code?: string }>('population', REGION_CODES, [{ __typename: 'Region', code }], asker)
        .then(([found]) => found?.code === code);
      asked.set(code, answer);
    }
    return answer;
  };
}
