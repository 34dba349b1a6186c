import { oneByKey } from '../../shared/loaders.js';
import type { LoaderContext } from '../context.js';
import { currentOrLatestObservationOf } from './observation.queries.js';

/** Per-request DataLoaders of the observation feature. */
export function createObservationLoaders(ctx: LoaderContext) {
  return {
    /** A resident's home observation active now, else their most recent one. */
    currentObservation: oneByKey((ids: readonly number[]) => currentOrLatestObservationOf(ctx.db, ids, new Date()), (row) => row.residentId),
  };
}
