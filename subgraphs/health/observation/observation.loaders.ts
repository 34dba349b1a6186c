import { oneByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { currentOrLatestObservationOf } from './observation.queries.js';

/** Per-request DataLoaders of the observation feature. */
export function createObservationLoaders(ctx: BaseContext) {
  return {
    /** A resident's home observation active now, else their most recent one. */
    currentObservation: oneByKey((ids: readonly number[]) => currentOrLatestObservationOf(ctx.db, ids, new Date()), (row) => row.residentId),
  };
}
