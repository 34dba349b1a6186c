import type { LoaderContext } from '../context.js';

/** Per-request DataLoaders of the outreach feature. */
export function createOutreachLoaders(_ctx: LoaderContext) {
  return {};
}
