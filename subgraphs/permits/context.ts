import type { Db } from '../shared/db/database.js';
import type { EntityClient } from '../shared/entity-client.js';
import { baseContext, regionsOfPopulation, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import { createLoaders, type PermitsLoaders } from './loaders.js';
import { createPeers, type Peers } from './peers.js';
import type { PermitStatistics } from './statistics/permit-statistics.js';

export interface PermitsContext extends BaseContext {
  /** Population and health, asked one entity (or one page of entities) at a time. */
  peers: Peers;
  /** The region statistics' present snapshot: one per subgraph, shared by every request. */
  statistics: PermitStatistics;
  loaders: PermitsLoaders;
  /** The request's instant: every read of "now" in one request (statuses, validity, pages) uses it. */
  now: Date;
}

export function createPermitsContext(db: Db, viewer: Viewer, entities: EntityClient, statistics: PermitStatistics): PermitsContext {
  const base = { ...baseContext(db, viewer, regionsOfPopulation(entities, viewer)), statistics, now: new Date() };
  const peers = createPeers(entities, viewer);
  return { ...base, peers, loaders: createLoaders(base, peers) };
}
