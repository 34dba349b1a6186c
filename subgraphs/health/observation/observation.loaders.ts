import type { LoaderContext } from '../context.js';

/** Per-request DataLoaders of the observation feature. */
export function createObservationLoaders(_ctx: LoaderContext) {
  return {};
}
