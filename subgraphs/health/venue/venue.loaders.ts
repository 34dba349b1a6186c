import type { LoaderContext } from '../context.js';

/** Per-request DataLoaders of the venue feature. */
export function createVenueLoaders(_ctx: LoaderContext) {
  return {};
}
